/** A schema and application mismatch: a column the application uses is not there under its name. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { ident } from '../grants.ts';
import { active, quote, sqlOk } from '../node.ts';
import { upgradedDatabase } from '../where.ts';

export default defineFault({
  class: 'data-access',
  kind: 'schema-mismatch',
  description: "A column the running code reads is renamed in the upgraded universe's database (data kept): the schema and the application disagree, queries fail with \"Unknown column\".",
  acts: "the upgraded universe's database schema",
  colour: '#9467bd',
  params: z.strictObject({
    table: z.string().regex(/^\w+$/).default('page').describe('The table.'),
    column: z.string().regex(/^\w+$/).default('page_touched').describe('The column the code expects (page_touched: read by every page view).'),
  }),
  appliesTo: upgradedDatabase('schema-mismatch', 'after:transfer-data'),
  async inject(target, p) {
    const u = target.universe;
    const db = ident(u.credentials.database);
    const renamed = `bench_mismatch_${p.column}`.slice(0, 64);
    const type = (await sqlOk(u, `SELECT COLUMN_TYPE FROM information_schema.columns WHERE table_schema = ${quote(u.credentials.database)} AND table_name = ${quote(p.table)} AND column_name = ${quote(p.column)}`)).trim();
    if (!type) throw new Error(`no column ${p.table}.${p.column} in the database`);
    await sqlOk(u, `ALTER TABLE ${db}.${ident(p.table)} RENAME COLUMN ${ident(p.column)} TO ${ident(renamed)}`);
    return active(`${p.table}.${p.column} (${type}) renamed to ${renamed}`, async () => {
      const still = (await sqlOk(u, `SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = ${quote(u.credentials.database)} AND table_name = ${quote(p.table)} AND column_name = ${quote(renamed)}`)).trim();
      if (still === '1') await sqlOk(u, `ALTER TABLE ${db}.${ident(p.table)} RENAME COLUMN ${ident(renamed)} TO ${ident(p.column)}`);
    });
  },
});
