/**
 * Reading a taxonomy data set from disk: its records, and the codebook that applies to it
 * (`<name>.codebook.json` beside it, else the first bundled codebook whose columns it has, so a
 * file with the bundled data's columns, such as a held-out part, is checked against the same
 * codes). The parsing and checking are analysis/taxonomy's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchingCodebook, parseCodebook, type Codebook } from '../analysis/taxonomy/codebook.ts';
import { parseFaultRecords, type ColumnChoice, type FaultTable } from '../analysis/taxonomy/records.ts';
import { badInput } from './exit-codes.ts';
import { utf8Text } from './utf8.ts';

export const bundledDataDir = fileURLToPath(new URL('../analysis/taxonomy/data/', import.meta.url));

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw badInput(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return utf8Text(bytes, file);
}

export function readFaultRecords(file: string, choice: ColumnChoice = {}): FaultTable {
  return parseFaultRecords(file, readText(file), choice, (header) => codebookFor(file, header));
}

export function readCodebook(file: string): Codebook {
  return parseCodebook(file, readText(file));
}

export function bundledCodebooks(): Codebook[] {
  return readdirSync(bundledDataDir)
    .filter((name) => name.endsWith('.codebook.json'))
    .sort()
    .map((name) => readCodebook(join(bundledDataDir, name)));
}

export function codebookFor(dataFile: string, header: string[]): Codebook | undefined {
  const sidecar = join(dirname(dataFile), `${basename(dataFile, extname(dataFile))}.codebook.json`);
  return existsSync(sidecar) ? readCodebook(sidecar) : matchingCodebook(bundledCodebooks(), header);
}
