/** A schema and application mismatch: a column the application uses is not there under its name. */
import { z } from 'zod';
import type { Database } from '../capabilities.ts';
import { defineFault } from '../fault.ts';
import { ident, quote } from '../sql.ts';
import { applyToEach } from '../undo.ts';
import { upgradedDatabase } from '../where.ts';

export default defineFault({
  class: 'data-access',
  kind: 'schema-mismatch',
  description: 'A column the running code reads is renamed in the upgraded universe\'s database (data kept): the schema and the application disagree, queries fail with "Unknown column".',
  acts: "the upgraded universe's database schema",
  colour: '#9467bd',
  params: z.strictObject({
    table: z.string().regex(/^\w+$/).default('page').describe('The table.'),
    column: z.string().regex(/^\w+$/).default('page_touched').describe('The column the code expects (page_touched: read by every page view).'),
  }),
  appliesTo: upgradedDatabase('schema-mismatch', 'after:transfer-data'),
  async inject(target, p) {
    const renamed = `bench_mismatch_${p.column}`.slice(0, 64);
    const columnIs = (db: Database, name: string) => `table_schema = ${quote(db.wiki.database)} AND table_name = ${quote(p.table)} AND column_name = ${quote(name)}`;
    return applyToEach([target.database], {
      async save(db) {
        const type = (await db.sql(`SELECT COLUMN_TYPE FROM information_schema.columns WHERE ${columnIs(db, p.column)}`)).trim();
        if (!type) throw new Error(`no column ${p.table}.${p.column} in the database`);
        return type;
      },
      async apply(db, type) {
        await db.sql(`ALTER TABLE ${ident(db.wiki.database)}.${ident(p.table)} RENAME COLUMN ${ident(p.column)} TO ${ident(renamed)}`);
        return `${p.table}.${p.column} (${type}) renamed to ${renamed}`;
      },
      async undo(db) {
        const still = (await db.sql(`SELECT COUNT(*) FROM information_schema.columns WHERE ${columnIs(db, renamed)}`)).trim();
        if (still === '1') await db.sql(`ALTER TABLE ${ident(db.wiki.database)}.${ident(p.table)} RENAME COLUMN ${ident(renamed)} TO ${ident(p.column)}`);
      },
    });
  },
});
