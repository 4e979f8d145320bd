/** A typo in a MariaDB server option file of the upgraded universe's database, applied by a restart. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { serverCnf, serverCnfOptions } from '../paths.ts';
import { typoInDirective } from '../typo.ts';
import { typoParams, typoRandom } from '../typo-fault.ts';
import { applyToEach } from '../undo.ts';
import { upgradedDatabase } from '../where.ts';

export default defineFault({
  class: 'simple-config',
  kind: 'typo-mariadb-cnf',
  description: 'A ConfErr-style typo in a MariaDB option (e.g. character-set-server = utf8mb4 -> utf8mv4), then the database restarts; mariadbd refuses an unknown option or value and stays down.',
  acts: "an option file of the upgraded universe's MariaDB",
  colour: '#a63603',
  params: z.strictObject({
    file: z
      .string()
      .regex(/^\/etc\/mysql\//)
      .default(serverCnf)
      .describe('The option file, under /etc/mysql/.'),
    ...typoParams(
      'character-set-server',
      'value',
      "The option whose line is mistyped, e.g. character-set-server, collation-server (MariaDB 10.5's and 10.11's 50-server.cnf set them, 11.8's does not: there e.g. expire_logs_days).",
    ),
    apply: z.enum(['restart', 'none']).default('restart').describe('Restart the database now, or leave the typo for its next start.'),
  }),
  appliesTo: upgradedDatabase('typo-mariadb-cnf'),
  appliesOn(system, p) {
    const options = serverCnfOptions[system.mariadb];
    if (!p || p.file !== serverCnf || !options || options.includes(p.directive)) return true;
    return `Debian's MariaDB ${system.mariadb} sets no ${p.directive} in ${serverCnf}; it sets ${options.join(', ')}`;
  },
  async inject(target, p) {
    const random = typoRandom(p.seed, target.random);
    return applyToEach([target.database], {
      async save(db) {
        const original = await db.readFile(p.file);
        return { original, typo: typoInDirective(original, 'ini', p.directive, p.part, p.typo, random) };
      },
      async apply(db, { typo: t }) {
        await db.writeFile(p.file, t.text);
        let outcome = '';
        if (p.apply === 'restart') {
          await db.restart();
          const r = await db.waitUntilReady(10_000);
          outcome = r.ok ? ', restarted and answering' : `, restarted: ${r.detail}`;
        }
        return `${db.name} ${p.file}: line ${t.line} ${t.kind} ${JSON.stringify(t.lineBefore.trim())} -> ${JSON.stringify(t.lineAfter.trim())}${outcome}`;
      },
      async undo(db, { original }) {
        await db.writeFile(p.file, original);
        if (p.apply === 'none') return;
        // A typo mariadbd refused left it down; one it accepted (a case change) is harmless and is not restarted for.
        if (!(await db.isRunning())) await db.restart();
        const back = await db.waitUntilReady(30_000);
        if (!back.ok) throw new Error(`${db.name} did not come back after the revert: ${back.detail}`);
      },
    });
  },
});
