// A codebook names a data set's columns and the codes each feature may take. It is optional:
// without one the columns are guessed (see records.ts) and any value is accepted.
import { basename } from 'node:path';
import { inputError } from '../input-error.ts';

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

/** The first codebook whose id and feature columns all appear in a data file's header. */
export function matchingCodebook(books: readonly Codebook[], header: string[]): Codebook | undefined {
  const columns = new Set(header);
  return books.find((book) => columns.has(book.id) && Object.keys(book.features).every((column) => columns.has(column)));
}

/** A codebook from its JSON text; `file` names it in messages and reports. */
export function parseCodebook(file: string, text: string): Codebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw inputError(`${file}: not a readable JSON codebook (${(error as Error).message})`);
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
    throw inputError(`${file}: a codebook needs "id" (a column name) and "features" ({column: [codes]})`);
  }
  return { title: basename(file), ...book, file } as Codebook;
}
