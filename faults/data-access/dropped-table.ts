/** A dropped table: gone for the application (kept aside under another name so the revert is exact). */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { ident, tablesOf } from '../grants.ts';
import { active, sqlOk } from '../node.ts';
import { upgradedDatabase } from '../where.ts';

export default defineFault({
  class: 'data-access',
  kind: 'dropped-table',
  description: "A table of the upgraded universe's database disappears (default: text, the revision content). For the application it is dropped; the bench keeps it under another name so the revert can put it back.",
  acts: "the upgraded universe's database",
  colour: '#8c564b',
  params: z.strictObject({
    table: z.string().regex(/^\w+$/).default('text').describe('The table dropped (text: page views and edits need it).'),
  }),
  appliesTo: upgradedDatabase('dropped-table', 'after:transfer-data'),
  async inject(target, p) {
    const u = target.universe;
    const db = ident(u.credentials.database);
    const aside = `bench_dropped_${p.table}`.slice(0, 64);
    if (!(await tablesOf(u)).includes(p.table)) throw new Error(`no table ${p.table} to drop`);
    await sqlOk(u, `RENAME TABLE ${db}.${ident(p.table)} TO ${db}.${ident(aside)}`);
    return active(`table ${p.table} dropped (kept aside as ${aside})`, async () => {
      const tables = await tablesOf(u);
      if (!tables.includes(aside)) return;
      // Something (update.php) may have created the table again meanwhile: keep it aside too.
      if (tables.includes(p.table)) await sqlOk(u, `RENAME TABLE ${db}.${ident(p.table)} TO ${db}.${ident(`bench_recreated_${p.table}`.slice(0, 64))}`);
      await sqlOk(u, `RENAME TABLE ${db}.${ident(aside)} TO ${db}.${ident(p.table)}`);
    });
  },
});
