// Class 4 on the real testbed (1.39, so the migrated schema with linktarget is there): grants,
// schema and data go wrong in the database, and the revert restores them exactly.
import { describe, expect, it } from 'vitest';
import { exec } from '../../harness/docker.ts';
import { sql } from '../../harness/testbed/mariadb.ts';
import { findFaultKind } from '../../faults/index.ts';
import { editVia, targetOf, useTestbed, viewStatus } from './faults-fixture.ts';

const bed = useTestbed('data');
const kind = (name: string) => findFaultKind('data-access', name)!;
/** SQL as the wiki's own account, the one MediaWiki uses. */
const asWiki = async (statement: string) => {
  const { testbed } = bed();
  const c = testbed.credentials;
  return exec(testbed.db, ['mariadb', `-u${c.user}`, '-h127.0.0.1', '--batch', '--skip-column-names', c.database, '-e', statement], { env: [`MYSQL_PWD=${c.password}`] });
};
const root = async (statement: string) => (await sql(bed().testbed.db, bed().testbed.credentials, statement)).stdout.trim();

describe('data-access faults', () => {
  it('missing-grant: the wiki account cannot read linktarget but still reads page; revert restores the exact grants', async () => {
    const grants = await root("SHOW GRANTS FOR 'wiki'@'%'");
    const fault = await kind('missing-grant').inject(await targetOf(bed()), { tables: ['linktarget'] });
    const denied = await asWiki('SELECT COUNT(*) FROM linktarget');
    expect(denied.exitCode).not.toBe(0);
    expect(denied.stderr).toMatch(/SELECT command denied to user 'wiki'.*for table .*linktarget/);
    expect((await asWiki('SELECT COUNT(*) FROM page')).exitCode).toBe(0);
    // A table created after the fault has no grant either.
    expect((await asWiki('CREATE TABLE bench_later (x INT)')).exitCode).toBe(0);
    expect((await asWiki('INSERT INTO bench_later VALUES (1)')).stderr).toMatch(/INSERT command denied/);
    await fault.revert();
    await fault.revert();
    expect(await root("SHOW GRANTS FOR 'wiki'@'%'")).toBe(grants);
    expect((await asWiki('SELECT COUNT(*) FROM linktarget; DROP TABLE bench_later')).exitCode).toBe(0);
  });

  it('excessive-grant: the wiki account can read mysql.global_priv and grant; revert takes it away', async () => {
    const grants = await root("SHOW GRANTS FOR 'wiki'@'%'");
    const fault = await kind('excessive-grant').inject(await targetOf(bed()), { grantOption: true });
    expect((await asWiki('SELECT COUNT(*) FROM mysql.global_priv')).exitCode).toBe(0);
    expect(await root("SHOW GRANTS FOR 'wiki'@'%'")).toMatch(/GRANT ALL PRIVILEGES ON \*\.\* TO `wiki`@`%`.* WITH GRANT OPTION/);
    await fault.revert();
    expect(await root("SHOW GRANTS FOR 'wiki'@'%'")).toBe(grants);
    expect((await asWiki('SELECT COUNT(*) FROM mysql.global_priv')).stderr).toMatch(/denied/);
  });

  it('schema-mismatch: page.page_touched is gone under its name, page views fail; revert renames it back', async () => {
    const web = bed().testbed.webs[0]!;
    const fault = await kind('schema-mismatch').inject(await targetOf(bed()), { table: 'page', column: 'page_touched' });
    expect(await root("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema='wiki' AND table_name='page' AND column_name='page_touched'")).toBe('0');
    expect(await viewStatus(web, 4)).toBe(500);
    await fault.revert();
    expect(await viewStatus(web, 4)).toBe(200);
  });

  it('dropped-table: text is gone, edits fail; revert puts back the same rows', async () => {
    const web = bed().testbed.webs[0]!;
    const rows = await root('SELECT COUNT(*) FROM wiki.text');
    const fault = await kind('dropped-table').inject(await targetOf(bed()), { table: 'text' });
    expect(await root("SHOW TABLES FROM wiki LIKE 'text'")).toBe('');
    expect(await editVia(web, 'Dropped table probe', 'x')).not.toBe('Success');
    await fault.revert();
    expect(await root('SELECT COUNT(*) FROM wiki.text')).toBe(rows);
    expect(await editVia(web, 'Dropped table probe', 'y')).toBe('Success');
  });

  it('charset-mismatch: non-ASCII text is double-encoded, ASCII text untouched; revert restores the bytes', async () => {
    const web = bed().testbed.webs[0]!;
    expect(await editVia(web, 'Charset probe', 'Grüße aus Zürich')).toBe('Success');
    const textOf = () =>
      root(
        "SELECT t.old_text FROM wiki.text t JOIN wiki.content c ON c.content_address = CONCAT('tt:', t.old_id) JOIN wiki.slots s ON s.slot_content_id = c.content_id JOIN wiki.page p ON p.page_latest = s.slot_revision_id WHERE p.page_title = 'Charset_probe'",
      );
    const asciiBefore = await root("SELECT MD5(GROUP_CONCAT(old_text ORDER BY old_id)) FROM wiki.text WHERE HEX(old_text) NOT REGEXP '^(..)*[89A-F]'");
    // The probe's and the seeded revisions in other scripts: every one of them is damaged.
    const nonAscii = await root("SELECT COUNT(*) FROM wiki.text WHERE HEX(old_text) REGEXP '^(..)*[89A-F]'");
    const fault = await kind('charset-mismatch').inject(await targetOf(bed()), { mode: 'double-encode' });
    expect(fault.description).toMatch(new RegExp(`double-encode: ${nonAscii} revision texts`));
    expect(await textOf()).toBe('GrÃ¼ÃŸe aus ZÃ¼rich');
    expect(await root("SELECT MD5(GROUP_CONCAT(old_text ORDER BY old_id)) FROM wiki.text WHERE HEX(old_text) NOT REGEXP '^(..)*[89A-F]'")).toBe(asciiBefore);
    await fault.revert();
    expect(await textOf()).toBe('Grüße aus Zürich');
  });
});
