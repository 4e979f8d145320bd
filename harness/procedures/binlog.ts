/**
 * Reading MariaDB's row-format binary log, as `mariadb-binlog --base64-output=decode-rows -v`
 * prints it: which wiki pages changed. Imago's egress interceptor follows the old universe's log
 * from the snapshot's position (the lesson of the "Upgrades as a Service" study: replay the
 * binary log, do not parse query logs).
 */

export interface BinlogPosition {
  file: string;
  position: number;
}

/** The position recorded by `mariadb-dump --master-data=2`. */
export function positionFromDump(line: string): BinlogPosition | undefined {
  const match = /MASTER_LOG_FILE='([^']+)',\s*MASTER_LOG_POS=(\d+)/.exec(line);
  return match ? { file: match[1]!, position: Number(match[2]) } : undefined;
}

/**
 * The only lines of the decoded log the readers below use: each row event's statement and its
 * first two columns where they are numbers (ids; a text or blob column is a quoted string). An
 * extended regular expression that `grep -E` and JavaScript read alike. Filtering in the
 * container keeps the rows' text, most of the log, out of the bench process, whose event loop
 * also sends the load: parsing a long round's whole log there delays requests by a second.
 */
export const neededLogLines = '^###( (INSERT INTO|UPDATE|DELETE FROM) | +@[12]=[0-9])';

/**
 * The ids of the pages whose rows changed: page rows (column 1 is page_id) and revision rows
 * (column 2 is rev_page), inserted, updated or deleted.
 */
export function changedPageIds(decoded: string, database: string): number[] {
  const ids = new Set<number>();
  let column: number | undefined;
  for (const line of decoded.split('\n')) {
    const statement = /^### (?:INSERT INTO|UPDATE|DELETE FROM) `([^`]+)`\.`([^`]+)`/.exec(line);
    if (statement) {
      column = statement[1] === database ? { page: 1, revision: 2 }[statement[2]!] : undefined;
      continue;
    }
    if (column === undefined) continue;
    const value = /^###\s+@(\d+)=(\d+)/.exec(line);
    if (value && Number(value[1]) === column) ids.add(Number(value[2]));
  }
  return [...ids].sort((a, b) => a - b);
}

/** The ids of the revisions inserted: what a catch-up round must copy. */
export function insertedRevisionIds(decoded: string, database: string): number[] {
  const ids: number[] = [];
  let inRevisionInsert = false;
  for (const line of decoded.split('\n')) {
    const statement = /^### (INSERT INTO|UPDATE|DELETE FROM) `([^`]+)`\.`([^`]+)`/.exec(line);
    if (statement) {
      inRevisionInsert = statement[1] === 'INSERT INTO' && statement[2] === database && statement[3] === 'revision';
      continue;
    }
    const value = inRevisionInsert ? /^###\s+@1=(\d+)/.exec(line) : null;
    if (value) ids.push(Number(value[1]));
  }
  return ids.sort((a, b) => a - b);
}
