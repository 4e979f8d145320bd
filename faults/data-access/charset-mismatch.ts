/**
 * A charset mismatch in the transferred data: the revision text was dumped as UTF-8 and loaded
 * as latin1, then stored as UTF-8 again (double encoding: "ü" becomes "Ã¼"). Only rows with
 * non-ASCII bytes change; the originals are kept in a side table for the revert.
 */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { ident } from '../sql.ts';
import { applyToEach } from '../undo.ts';
import { upgradedDatabase } from '../where.ts';

export const backupTable = 'bench_charset_backup';

export default defineFault({
  class: 'data-access',
  kind: 'charset-mismatch',
  description:
    'Revision text with non-ASCII characters is double-encoded (UTF-8 read as latin1 and written as UTF-8), as a dump loaded with the wrong charset is; ASCII-only text is unchanged, so the damage shows only where such text exists.',
  acts: "the upgraded universe's revision text",
  colour: '#e377c2',
  params: z.strictObject({
    mode: z.enum(['double-encode', 'lossy']).default('double-encode').describe('double-encode (mojibake) or lossy (every non-ASCII character becomes "?").'),
  }),
  appliesTo: upgradedDatabase('charset-mismatch', 'after:transfer-data'),
  async inject(target, p) {
    const converted =
      p.mode === 'double-encode'
        ? 'CAST(CONVERT(CAST(old_text AS CHAR CHARACTER SET latin1) USING utf8mb4) AS BINARY)'
        : 'CAST(CONVERT(CAST(old_text AS CHAR CHARACTER SET utf8mb4) USING ascii) AS BINARY)';
    return applyToEach([target.database], {
      save: async () => undefined,
      async apply(db) {
        const wiki = ident(db.wiki.database);
        const out = await db.sql(
          [
            `DROP TABLE IF EXISTS ${wiki}.${backupTable}`,
            `CREATE TABLE ${wiki}.${backupTable} ENGINE=InnoDB AS SELECT old_id, old_text FROM ${wiki}.text WHERE HEX(old_text) REGEXP '^(..)*[89A-F]'`,
            `UPDATE ${wiki}.text t JOIN ${wiki}.${backupTable} b USING (old_id) SET t.old_text = ${converted.replace(/old_text/g, 'b.old_text')}`,
            `SELECT COUNT(*) FROM ${wiki}.${backupTable}`,
          ].join(';\n'),
        );
        return `${p.mode}: ${out.trim()} revision texts with non-ASCII bytes converted`;
      },
      async undo(db) {
        const wiki = ident(db.wiki.database);
        const exists = (await db.sql(`SHOW TABLES FROM ${wiki} LIKE '${backupTable}'`)).trim();
        if (!exists) return;
        await db.sql(`UPDATE ${wiki}.text t JOIN ${wiki}.${backupTable} b USING (old_id) SET t.old_text = b.old_text; DROP TABLE ${wiki}.${backupTable}`);
      },
    });
  },
});
