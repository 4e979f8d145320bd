/**
 * Missing grants for the new schema: the wiki account holds DML grants table by table on the
 * tables that exist, so tables the migration creates (linktarget from 1.35) are not readable.
 */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { account, ident, restoreGrants, showGrants, tablesOf } from '../sql.ts';
import { applyToEach } from '../undo.ts';
import { upgradedDatabase } from '../where.ts';

const schemaPrivileges = 'CREATE, DROP, ALTER, INDEX, CREATE TEMPORARY TABLES, LOCK TABLES, REFERENCES, CREATE VIEW, SHOW VIEW, TRIGGER, EXECUTE';

export default defineFault({
  class: 'data-access',
  kind: 'missing-grant',
  description:
    "The wiki account's database-wide grant becomes per-table SELECT/INSERT/UPDATE/DELETE on the tables that exist now, minus `tables`: tables the schema migration creates later, or the ones named, are denied.",
  acts: "the upgraded universe's database grants",
  colour: '#d62728',
  params: z.strictObject({
    tables: z
      .array(z.string().regex(/^\w+$/))
      .default(['linktarget'])
      .describe('Tables left without grants even if they exist (linktarget is new in 1.39: from 1.35 the migration creates it, from 1.39 it is there before).'),
  }),
  appliesTo: upgradedDatabase('missing-grant'),
  async inject(target, p) {
    return applyToEach([target.database], {
      async save(db) {
        return { grants: await showGrants(db), tables: await tablesOf(db) };
      },
      async apply(db, { grants, tables }) {
        const granted = tables.filter((t) => !p.tables.includes(t));
        const wiki = ident(db.wiki.database);
        const statements = [
          `REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account(db)}`,
          grants.find((g) => /^GRANT USAGE ON \*\.\*/.test(g)) ?? `GRANT USAGE ON *.* TO ${account(db)}`,
          `GRANT ${schemaPrivileges} ON ${wiki}.* TO ${account(db)}`,
          ...granted.map((t) => `GRANT SELECT, INSERT, UPDATE, DELETE ON ${wiki}.${ident(t)} TO ${account(db)}`),
          'FLUSH PRIVILEGES',
        ];
        await db.sql(statements.join(';\n'));
        const denied = [...p.tables.filter((t) => tables.includes(t)), '(every table created later)'];
        return `${db.wiki.user}: DML granted on ${granted.length} of ${tables.length} tables; denied: ${denied.join(', ')}`;
      },
      undo: (db, { grants }) => restoreGrants(db, grants),
    });
  },
});
