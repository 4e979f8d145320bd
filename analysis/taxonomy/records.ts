// Reading fault records: one fault per row (CSV) or per object (JSON), an id, optionally a
// reference label and a source, and coded categorical features. Every problem is reported at
// once, each naming the file, row and column.
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { inputError } from '../input-error.ts';
import type { Codebook } from './codebook.ts';

export interface FaultRecord {
  id: string;
  /** 1-based data row (the header is not counted), for messages. */
  row: number;
  label?: string;
  source?: string;
  /** One code per feature column, in `FaultTable.features` order; '' means missing. */
  values: string[];
}

export interface FaultTable {
  file: string;
  codebook?: Codebook;
  columns: { id: string; label?: string; source?: string };
  features: string[];
  records: FaultRecord[];
}

export interface ColumnChoice {
  id?: string;
  label?: string;
  source?: string;
  features?: string[];
}

/** Columns never taken as features by default. */
const notFeatures = new Set(['url', 'title', 'summary', 'description']);
const maxReportedErrors = 20;

interface RawTable {
  header: string[];
  rows: Array<{ cells: Record<string, string>; where: string }>;
}

/**
 * The records of a data file's text (JSON by the file's extension, else CSV), checked against the
 * codebook `codebookFor` finds for its header.
 */
export function parseFaultRecords(file: string, text: string, choice: ColumnChoice = {}, codebookFor: (header: string[]) => Codebook | undefined = () => undefined): FaultTable {
  const raw = extname(file).toLowerCase() === '.json' ? parseJson(file, text) : parseCsv(file, text);
  return toFaultTable(file, raw, choice, codebookFor(raw.header));
}

export function toFaultTable(file: string, raw: RawTable, choice: ColumnChoice, codebook?: Codebook): FaultTable {
  const { header, rows } = raw;
  const errors: string[] = [];
  const columnExists = (column: string, flag: string) => {
    if (header.includes(column)) return true;
    errors.push(`${file}: header, column "${column}" (${flag}): missing column; the columns are ${header.join(', ')}`);
    return false;
  };

  const id = choice.id ?? codebook?.id ?? 'id';
  columnExists(id, choice.id ? '--id' : 'id');
  const label = choice.label ?? codebook?.label ?? ['label', 'class'].find((name) => header.includes(name));
  if (choice.label) columnExists(label!, '--label');
  const source = choice.source ?? codebook?.source ?? (header.includes('source') ? 'source' : undefined);
  if (choice.source) columnExists(source!, '--source');
  const columns = {
    id,
    label: label && header.includes(label) ? label : undefined,
    source: source && header.includes(source) ? source : undefined,
  };
  const reserved = new Set([id, columns.label, columns.source].filter((c): c is string => c !== undefined));

  let features: string[];
  if (choice.features) {
    features = choice.features;
    for (const column of features) {
      if (reserved.has(column)) errors.push(`${file}: --features names "${column}", which is the ${whichRole(column, columns)} column`);
      else columnExists(column, '--features');
    }
  } else if (codebook) {
    features = Object.keys(codebook.features).filter((column) => columnExists(column, `codebook ${codebook.file}`));
  } else {
    features = header.filter((column) => !reserved.has(column) && !notFeatures.has(column.toLowerCase()) && !isFreeText(rows.map((row) => row.cells[column] ?? '')));
    if (features.length === 0) errors.push(`${file}: header: no feature columns found; name them with --features`);
  }
  if (errors.length > 0) throw inputError(errors.join('\n'));

  const firstRowOfId = new Map<string, string>();
  const records: FaultRecord[] = [];
  rows.forEach(({ cells, where }, index) => {
    const at = (column: string) => `${file}: ${where}, column "${column}"`;
    const recordId = cells[id] ?? '';
    if (recordId === '') errors.push(`${at(id)}: empty id`);
    else if (firstRowOfId.has(recordId)) errors.push(`${at(id)}: duplicate id "${recordId}" (first at ${firstRowOfId.get(recordId)})`);
    else firstRowOfId.set(recordId, where);

    const recordLabel = columns.label === undefined ? undefined : (cells[columns.label] ?? '');
    if (recordLabel === '') errors.push(`${at(columns.label!)}: empty label`);
    else if (recordLabel !== undefined && codebook?.labels && columns.label === codebook.label && !codebook.labels.includes(recordLabel)) {
      errors.push(`${at(columns.label!)}: found "${recordLabel}", expected one of ${codebook.labels.join(', ')}`);
    }

    const values = features.map((column) => {
      const value = cells[column] ?? '';
      const codes = codebook?.features[column];
      if (value !== '' && codes && !codes.includes(value)) {
        errors.push(`${at(column)}: found "${value}", expected one of ${codes.join(', ')} (codebook ${codebook!.file})`);
      }
      return value;
    });
    if (values.every((value) => value === '')) errors.push(`${file}: ${where}: every feature (${features.join(', ')}) is empty`);

    records.push({
      id: recordId,
      row: index + 1,
      ...(recordLabel !== undefined && { label: recordLabel }),
      ...(columns.source !== undefined && { source: cells[columns.source] || '(none)' }),
      values,
    });
  });
  if (errors.length > 0) {
    const shown = errors.slice(0, maxReportedErrors);
    if (errors.length > shown.length) shown.push(`... and ${errors.length - shown.length} more errors`);
    throw inputError(shown.join('\n'));
  }
  return { file, ...(codebook && { codebook }), columns, features, records };
}

function whichRole(column: string, columns: FaultTable['columns']): string {
  return column === columns.id ? 'id' : column === columns.label ? 'label' : 'source';
}

/** Free text: sentences (three words or more), or mostly distinct values (names, links). */
function isFreeText(values: string[]): boolean {
  const present = values.filter((value) => value !== '');
  if (present.some((value) => value.trim().split(/\s+/).length >= 3 || /^https?:\/\//.test(value))) return true;
  return present.length >= 10 && new Set(present).size > present.length / 2;
}

function parseCsv(file: string, text: string): RawTable {
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, { info: true, skip_empty_lines: true, bom: true, trim: true }) as unknown as typeof parsed;
  } catch (error) {
    throw inputError(`${file}: not valid CSV: ${(error as Error).message}`);
  }
  if (parsed.length < 2) throw inputError(`${file}: empty file: expected a header row and at least one record`);
  const header = parsed[0]!.record;
  checkHeader(file, header);
  const rows = parsed.slice(1).map(({ record, info }, index) => {
    // info.lines is where the record ends; a quoted field may span lines.
    const firstLine = info.lines - record.reduce((newlines, cell) => newlines + cell.split('\n').length - 1, 0);
    const cells = Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']));
    return { cells, where: `row ${index + 1} (line ${firstLine})` };
  });
  return { header, rows };
}

function parseJson(file: string, text: string): RawTable {
  if (text.trim() === '') throw inputError(`${file}: empty file: expected a JSON array of records`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw inputError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw inputError(`${file}: expected a JSON array of records, one object per fault`);
  if (data.length === 0) throw inputError(`${file}: empty file: the array holds no records`);
  const header: string[] = [];
  const rows = data.map((item, index) => {
    const where = `row ${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw inputError(`${file}: ${where}: expected an object`);
    const cells: Record<string, string> = {};
    for (const [column, value] of Object.entries(item)) {
      if (!header.includes(column)) header.push(column);
      if (value !== null && typeof value === 'object') throw inputError(`${file}: ${where}, column "${column}": expected a code (string or number), found ${JSON.stringify(value)}`);
      cells[column] = value === null || value === undefined ? '' : String(value).trim();
    }
    return { cells, where };
  });
  return { header, rows };
}

function checkHeader(file: string, header: string[]): void {
  const seen = new Set<string>();
  header.forEach((column, i) => {
    if (column === '') throw inputError(`${file}: header, column ${i + 1}: empty column name`);
    if (seen.has(column)) throw inputError(`${file}: header, column ${i + 1}: duplicate column name "${column}"`);
    seen.add(column);
  });
}
