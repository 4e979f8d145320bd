/**
 * A listening-port conflict: another service in the new image takes port 80 at boot, so Apache
 * cannot bind and the other service answers instead.
 */
import { z } from 'zod';
import type Docker from 'dockerode';
import { defineFault } from '../fault.ts';
import { active, bringBackFrontend, frontendsOf, nameOf, readFile, restartFrontend, writeFile } from '../node.ts';
import { newFrontends } from '../where.ts';

export const entrypoint = '/usr/local/bin/bench-mediawiki';

/** The frontend's start script with a squatter started first and Apache no longer PID 1. */
export function withSquatter(script: string, port: number): string {
  if (!/^exec \/usr\/sbin\/apache2 .*$/m.test(script)) throw new Error(`${entrypoint} does not exec apache2 as expected`);
  const squatter = `# bench fault port-conflict: another service takes port ${port} before Apache starts\nphp -S 0.0.0.0:${port} -t /var/lib/php >/dev/null 2>&1 &\nsleep 1\n`;
  return script
    .replace(/^set -e$/m, 'set +e')
    .replace(/^exec (\/usr\/sbin\/apache2 .*)$/m, `${squatter}$1\necho "bench: apache2 exited with $?" >&2\nwait`);
}

export default defineFault({
  class: 'environment',
  kind: 'port-conflict',
  description: "Another service (PHP's built-in web server) takes port 80 when the new frontend starts; Apache fails with \"Address already in use\" and the squatter answers 404 to everything.",
  acts: 'the start of the new frontends',
  colour: '#74c476',
  params: z.strictObject({
    port: z.int().min(1).max(65535).default(80).describe('The port taken (Apache listens on 80).'),
  }),
  appliesTo: newFrontends('port-conflict'),
  async inject(target, p) {
    const saved: Array<{ c: Docker.Container; original: string }> = [];
    const notes: string[] = [];
    for (const c of frontendsOf(target)) {
      const original = await readFile(c, entrypoint);
      await writeFile(c, entrypoint, withSquatter(original, p.port), 0o755);
      saved.push({ c, original });
      const r = await restartFrontend(c, 4_000).catch(async (error: unknown) => {
        await writeFile(c, entrypoint, original, 0o755);
        await c.start().catch(() => {});
        throw error;
      });
      notes.push(`${await nameOf(c)}: port ${p.port} taken at start, ${r.ok ? 'yet the frontend answers' : `frontend down (${r.detail})`}`);
    }
    return active(notes.join('; '), async () => {
      for (const { c, original } of saved.reverse()) {
        await writeFile(c, entrypoint, original, 0o755);
        await c.restart({ t: 3 });
        await bringBackFrontend(c);
      }
    });
  },
});
