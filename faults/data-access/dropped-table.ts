/** A dropped table: gone for the application (kept aside under another name so the revert is exact). */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { ident, tablesOf } from '../sql.ts';
import { applyToEach } from '../undo.ts';
import { upgradedDatabase } from '../where.ts';

export default defineFault({
  class: 'data-access',
  kind: 'dropped-table',
  description:
    "A table of the upgraded universe's database disappears (default: text, the revision content). For the application it is dropped; the bench keeps it under another name so the revert can put it back.",
  acts: "the upgraded universe's database",
  colour: '#8c564b',
  params: z.strictObject({
    table: z.string().regex(/^\w+$/).default('text').describe('The table dropped (text: page views and edits need it).'),
  }),
  appliesTo: upgradedDatabase('dropped-table', 'after:transfer-data'),
  async inject(target, p) {
    const aside = `bench_dropped_${p.table}`.slice(0, 64);
    return applyToEach([target.database], {
      async save(db) {
        if (!(await tablesOf(db)).includes(p.table)) throw new Error(`no table ${p.table} to drop`);
      },
      async apply(db) {
        const wiki = ident(db.wiki.database);
        await db.sql(`RENAME TABLE ${wiki}.${ident(p.table)} TO ${wiki}.${ident(aside)}`);
        return `table ${p.table} dropped (kept aside as ${aside})`;
      },
      async undo(db) {
        const wiki = ident(db.wiki.database);
        const tables = await tablesOf(db);
        if (!tables.includes(aside)) return;
        // Something (update.php) may have created the table again meanwhile: keep it aside too.
        if (tables.includes(p.table)) await db.sql(`RENAME TABLE ${wiki}.${ident(p.table)} TO ${wiki}.${ident(`bench_recreated_${p.table}`.slice(0, 64))}`);
        await db.sql(`RENAME TABLE ${wiki}.${ident(aside)} TO ${wiki}.${ident(p.table)}`);
      },
    });
  },
});
