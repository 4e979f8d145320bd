/**
 * Missing grants for the new schema: the wiki account holds DML grants table by table on the
 * tables that exist, so tables the migration creates (linktarget in 1.39) are not readable.
 */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { account, ident, restoreGrants, showGrants, tablesOf } from '../grants.ts';
import { active, sqlOk } from '../node.ts';
import { upgradedDatabase } from '../where.ts';

const schemaPrivileges = 'CREATE, DROP, ALTER, INDEX, CREATE TEMPORARY TABLES, LOCK TABLES, REFERENCES, CREATE VIEW, SHOW VIEW, TRIGGER, EXECUTE';

export default defineFault({
  class: 'data-access',
  kind: 'missing-grant',
  description: "The wiki account's database-wide grant becomes per-table SELECT/INSERT/UPDATE/DELETE on the tables that exist now, minus `tables`: tables the schema migration creates later, or the ones named, are denied.",
  acts: "the upgraded universe's database grants",
  colour: '#d62728',
  params: z.strictObject({
    tables: z.array(z.string().regex(/^\w+$/)).default(['linktarget']).describe('Tables left without grants even if they exist (linktarget is new in 1.39).'),
  }),
  appliesTo: upgradedDatabase('missing-grant'),
  async inject(target, p) {
    const u = target.universe;
    const saved = await showGrants(u);
    const tables = await tablesOf(u);
    const granted = tables.filter((t) => !p.tables.includes(t));
    const db = ident(u.credentials.database);
    const statements = [
      `REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account(u)}`,
      saved.find((g) => /^GRANT USAGE ON \*\.\*/.test(g)) ?? `GRANT USAGE ON *.* TO ${account(u)}`,
      `GRANT ${schemaPrivileges} ON ${db}.* TO ${account(u)}`,
      ...granted.map((t) => `GRANT SELECT, INSERT, UPDATE, DELETE ON ${db}.${ident(t)} TO ${account(u)}`),
      'FLUSH PRIVILEGES',
    ];
    await sqlOk(u, statements.join(';\n'));
    const denied = [...p.tables.filter((t) => tables.includes(t)), '(every table created later)'];
    return active(`${u.credentials.user}: DML granted on ${granted.length} of ${tables.length} tables; denied: ${denied.join(', ')}`, () => restoreGrants(u, saved));
  },
});
