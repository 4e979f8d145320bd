/** A typo in a MariaDB server option file of the upgraded universe's database, applied by a restart. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { active, isRunning, readFile, waitForDatabase, writeFile } from '../node.ts';
import { typoInDirective } from '../typo.ts';
import { typoParams, typoRandom } from '../typo-fault.ts';
import { upgradedDatabase } from '../where.ts';

export default defineFault({
  class: 'simple-config',
  kind: 'typo-mariadb-cnf',
  description: 'A ConfErr-style typo in a MariaDB option (e.g. character-set-server = utf8mb4 -> utf8mv4), then the database restarts; mariadbd refuses an unknown option or value and stays down.',
  acts: "an option file of the upgraded universe's MariaDB",
  colour: '#a63603',
  params: z.strictObject({
    file: z.string().regex(/^\/etc\/mysql\//).default('/etc/mysql/mariadb.conf.d/50-server.cnf').describe('The option file, under /etc/mysql/.'),
    ...typoParams('character-set-server', 'value', 'The option whose line is mistyped, e.g. character-set-server, collation-server.'),
    apply: z.enum(['restart', 'none']).default('restart').describe('Restart the database now, or leave the typo for its next start.'),
  }),
  appliesTo: upgradedDatabase('typo-mariadb-cnf'),
  async inject(target, p) {
    const u = target.universe;
    const original = await readFile(u.db, p.file);
    const t = typoInDirective(original, 'ini', p.directive, p.part, p.typo, typoRandom(p.seed, target.random));
    await writeFile(u.db, p.file, t.text);
    let outcome = '';
    if (p.apply === 'restart') {
      await u.db.restart({ t: 5 });
      const r = await waitForDatabase(u, 10_000);
      outcome = r.ok ? ', restarted and answering' : `, restarted: ${r.detail}`;
    }
    return active(`db ${p.file}: line ${t.line} ${t.kind} ${JSON.stringify(t.lineBefore.trim())} -> ${JSON.stringify(t.lineAfter.trim())}${outcome}`, async () => {
      await writeFile(u.db, p.file, original);
      if (p.apply === 'none') return;
      if (!(await isRunning(u.db))) await u.db.start();
      const back = await waitForDatabase(u, 30_000);
      if (!back.ok) throw new Error(`the database did not come back after the revert: ${back.detail}`);
    });
  },
});
