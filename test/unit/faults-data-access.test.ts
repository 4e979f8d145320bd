// Class 4 against a fake database that records its SQL: each kind sends the statements that
// break grants, schema or data, and the revert (or the rollback of a failed injection) sends the
// ones that put them back.
import { describe, expect, it } from 'vitest';
import { findFaultKind } from '../../faults/index.ts';
import { fakeDatabase, fakeTarget } from './faults-fakes.ts';

const kind = (name: string) => findFaultKind('data-access', name)!;
const saved = ["GRANT USAGE ON *.* TO `wiki`@`%` IDENTIFIED BY PASSWORD '*0A1B'", 'GRANT ALL PRIVILEGES ON `wiki`.* TO `wiki`@`%`'];
const restore = ["REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'wiki'@'%'", ...saved, 'FLUSH PRIVILEGES'].join(';\n');

/** The testbed's database as far as these kinds ask: its grants and tables. */
const answer =
  (o: { tables?: string[] } = {}) =>
  (statement: string) => {
    if (statement.startsWith('SHOW GRANTS')) return `${saved.join('\n')}\n`;
    if (statement.includes('information_schema.tables')) return `${(o.tables ?? ['linktarget', 'page', 'text']).join('\n')}\n`;
    return undefined;
  };

describe('data-access kinds', () => {
  it('missing-grant grants DML table by table on the tables there now, minus the named ones; the revert restores the saved grants', async () => {
    const db = fakeDatabase({ answer: answer() });
    const fault = await kind('missing-grant').inject(fakeTarget({ database: db }), { tables: ['linktarget'] });
    expect(fault.description).toBe('wiki: DML granted on 2 of 3 tables; denied: linktarget, (every table created later)');
    const grant = db.statements[2]!.split(';\n');
    expect(grant[0]).toBe("REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'wiki'@'%'");
    expect(grant[1]).toBe(saved[0]);
    expect(grant.filter((s) => s.startsWith('GRANT SELECT'))).toEqual([
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `wiki`.`page` TO 'wiki'@'%'",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `wiki`.`text` TO 'wiki'@'%'",
    ]);
    await fault.revert();
    await fault.revert();
    expect(db.statements.slice(3)).toEqual([restore]);
  });

  it('missing-grant: when the new grants fail half-way, the saved ones are put back before the error goes up', async () => {
    const db = fakeDatabase({ answer: answer(), fail: (a) => a.startsWith('sql REVOKE') && a.includes('GRANT SELECT') });
    await expect(kind('missing-grant').inject(fakeTarget({ database: db }), { tables: [] })).rejects.toThrow(/failed$/);
    expect(db.statements.at(-1)).toBe(restore);
  });

  it('excessive-grant grants everything with the grant option; the revert restores the saved grants', async () => {
    const db = fakeDatabase({ answer: answer() });
    const fault = await kind('excessive-grant').inject(fakeTarget({ database: db }), { grantOption: true });
    expect(fault.description).toBe('wiki: ALL PRIVILEGES ON *.* WITH GRANT OPTION');
    expect(db.statements[1]).toBe("GRANT ALL PRIVILEGES ON *.* TO 'wiki'@'%' WITH GRANT OPTION; FLUSH PRIVILEGES");
    await fault.revert();
    expect(db.statements.slice(2)).toEqual([restore]);
  });

  it('schema-mismatch renames the column and back, only while the renamed one is there', async () => {
    let renamedThere = '1';
    const db = fakeDatabase({ answer: (s) => (s.startsWith('SELECT COLUMN_TYPE') ? 'binary(14)\n' : s.startsWith('SELECT COUNT(*)') ? renamedThere : undefined) });
    const fault = await kind('schema-mismatch').inject(fakeTarget({ database: db }), { table: 'page', column: 'page_touched' });
    expect(fault.description).toBe('page.page_touched (binary(14)) renamed to bench_mismatch_page_touched');
    expect(db.statements[1]).toBe('ALTER TABLE `wiki`.`page` RENAME COLUMN `page_touched` TO `bench_mismatch_page_touched`');
    await fault.revert();
    expect(db.statements.at(-1)).toBe('ALTER TABLE `wiki`.`page` RENAME COLUMN `bench_mismatch_page_touched` TO `page_touched`');

    renamedThere = '0';
    const again = await kind('schema-mismatch').inject(fakeTarget({ database: db }), { table: 'page', column: 'page_touched' });
    const sent = db.statements.length;
    await again.revert();
    expect(db.statements.slice(sent)).toHaveLength(1);
  });

  it('schema-mismatch fails on a column that is not there, without renaming anything', async () => {
    const db = fakeDatabase();
    await expect(kind('schema-mismatch').inject(fakeTarget({ database: db }), { table: 'page', column: 'nope' })).rejects.toThrow('no column page.nope in the database');
    expect(db.statements.filter((s) => s.startsWith('ALTER'))).toEqual([]);
  });

  it('dropped-table keeps the table aside; the revert puts it back, setting aside one created meanwhile', async () => {
    const tables = ['page', 'text'];
    const db = fakeDatabase({ answer: answer({ tables }) });
    const fault = await kind('dropped-table').inject(fakeTarget({ database: db }), { table: 'text' });
    expect(fault.description).toBe('table text dropped (kept aside as bench_dropped_text)');
    expect(db.statements.at(-1)).toBe('RENAME TABLE `wiki`.`text` TO `wiki`.`bench_dropped_text`');
    tables.push('bench_dropped_text');
    await fault.revert();
    expect(db.statements.slice(-2)).toEqual(['RENAME TABLE `wiki`.`text` TO `wiki`.`bench_recreated_text`', 'RENAME TABLE `wiki`.`bench_dropped_text` TO `wiki`.`text`']);
  });

  it('dropped-table fails on a table that is not there', async () => {
    const db = fakeDatabase({ answer: answer() });
    await expect(kind('dropped-table').inject(fakeTarget({ database: db }), { table: 'nope' })).rejects.toThrow('no table nope to drop');
    expect(db.statements.filter((s) => s.startsWith('RENAME'))).toEqual([]);
  });

  it('charset-mismatch keeps the non-ASCII texts in a side table and converts them; the revert copies them back', async () => {
    let backup = '';
    const db = fakeDatabase({ answer: (s) => (s.includes('SELECT COUNT(*) FROM `wiki`.bench_charset_backup') ? '3\n' : s.startsWith('SHOW TABLES') ? backup : undefined) });
    const fault = await kind('charset-mismatch').inject(fakeTarget({ database: db }), { mode: 'double-encode' });
    expect(fault.description).toBe('double-encode: 3 revision texts with non-ASCII bytes converted');
    expect(db.statements[0]).toMatch(/CREATE TABLE `wiki`.bench_charset_backup .* WHERE HEX\(old_text\) REGEXP/);
    expect(db.statements[0]).toMatch(/CHARACTER SET latin1\) USING utf8mb4/);
    await fault.revert();
    expect(db.statements).toHaveLength(2);
    backup = 'bench_charset_backup\n';
    const again = await kind('charset-mismatch').inject(fakeTarget({ database: db }), { mode: 'lossy' });
    await again.revert();
    expect(db.statements.at(-1)).toBe('UPDATE `wiki`.text t JOIN `wiki`.bench_charset_backup b USING (old_id) SET t.old_text = b.old_text; DROP TABLE `wiki`.bench_charset_backup');
  });
});
