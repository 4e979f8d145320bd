// A codebook names a data set's columns and the codes each feature may take. It is optional:
// without one the columns are guessed (see records.ts) and any value is accepted.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { badInput } from '../../harness/exit-codes.ts';
import { utf8Text } from '../../harness/utf8.ts';

export interface Codebook {
  /** Where it was read from, for messages and reports. */
  file: string;
  title: string;
  id: string;
  label?: string;
  source?: string;
  /** The label codes, when the label is coded. */
  labels?: string[];
  /** Feature column -> its allowed codes (an empty cell is always allowed: missing). */
  features: Record<string, string[]>;
}

export const bundledDataDir = join(dirname(fileURLToPath(import.meta.url)), 'data');

/**
 * The codebook that applies to a data file: `<name>.codebook.json` beside it, else the first
 * bundled codebook whose id and feature columns all appear in the file's header (so a file with
 * the bundled data's columns, such as a held-out part, is checked against the same codes).
 */
export function codebookFor(dataFile: string, header: string[]): Codebook | undefined {
  const sidecar = join(dirname(dataFile), `${basename(dataFile, extname(dataFile))}.codebook.json`);
  if (existsSync(sidecar)) return readCodebook(sidecar);
  const columns = new Set(header);
  return bundledCodebooks().find(
    (book) => columns.has(book.id) && Object.keys(book.features).every((column) => columns.has(column)),
  );
}

export function bundledCodebooks(): Codebook[] {
  return readdirSync(bundledDataDir)
    .filter((name) => name.endsWith('.codebook.json'))
    .sort()
    .map((name) => readCodebook(join(bundledDataDir, name)));
}

export function readCodebook(file: string): Codebook {
  let raw: unknown;
  try {
    raw = JSON.parse(utf8Text(readFileSync(file), file));
  } catch (error) {
    throw badInput(`${file}: not a readable JSON codebook (${(error as Error).message})`);
  }
  const book = raw as Partial<Codebook>;
  const isCodeList = (value: unknown) => Array.isArray(value) && value.every((code) => typeof code === 'string');
  if (
    typeof book !== 'object' ||
    book === null ||
    typeof book.id !== 'string' ||
    typeof book.features !== 'object' ||
    book.features === null ||
    !Object.values(book.features).every(isCodeList) ||
    (book.labels !== undefined && !isCodeList(book.labels))
  ) {
    throw badInput(`${file}: a codebook needs "id" (a column name) and "features" ({column: [codes]})`);
  }
  return { title: basename(file), ...book, file } as Codebook;
}
