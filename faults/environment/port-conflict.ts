/**
 * A listening-port conflict: another service in the new image takes port 80 at boot, so Apache
 * cannot bind and the other service answers instead.
 */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { bringBack, frontendsOf, restartAndWait } from '../frontend.ts';
import { frontendEntrypoint } from '../paths.ts';
import { applyToEach } from '../undo.ts';
import { newFrontends } from '../where.ts';

/** The frontend's start script with a squatter started first and Apache no longer PID 1. */
export function withSquatter(script: string, port: number): string {
  if (!/^exec \/usr\/sbin\/apache2 .*$/m.test(script)) throw new Error(`${frontendEntrypoint} does not exec apache2 as expected`);
  const squatter = `# bench fault port-conflict: another service takes port ${port} before Apache starts\nphp -S 0.0.0.0:${port} -t /var/lib/php >/dev/null 2>&1 &\nsleep 1\n`;
  return script.replace(/^set -e$/m, 'set +e').replace(/^exec (\/usr\/sbin\/apache2 .*)$/m, `${squatter}$1\necho "bench: apache2 exited with $?" >&2\nwait`);
}

export default defineFault({
  class: 'environment',
  kind: 'port-conflict',
  description: 'Another service (PHP\'s built-in web server) takes port 80 when the new frontend starts; Apache fails with "Address already in use" and the squatter answers 404 to everything.',
  acts: 'the start of the new frontends',
  colour: '#74c476',
  params: z.strictObject({
    port: z.int().min(1).max(65535).default(80).describe('The port taken (Apache listens on 80).'),
  }),
  appliesTo: newFrontends('port-conflict'),
  async inject(target, p) {
    return applyToEach(frontendsOf(target), {
      async save(f) {
        const original = await f.readFile(frontendEntrypoint);
        return { original, squatting: withSquatter(original, p.port) };
      },
      async apply(f, { squatting }) {
        await f.writeFile(frontendEntrypoint, squatting, 0o755);
        const r = await restartAndWait(f, 4_000);
        return `${f.name}: port ${p.port} taken at start, ${r.ok ? 'yet the frontend answers' : `frontend down (${r.detail})`}`;
      },
      async undo(f, { original }) {
        await f.writeFile(frontendEntrypoint, original, 0o755);
        // The squatter runs from the start script: only a restart gets rid of it.
        await f.restart();
        await bringBack(f);
      },
    });
  },
});
