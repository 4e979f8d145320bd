/** An unwritable upload or cache directory: owned by root after the new image was installed. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { frontendsOf, runOk } from '../frontend.ts';
import { wikiDirs } from '../paths.ts';
import { applyToEach } from '../undo.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'environment',
  kind: 'unwritable-dir',
  description: "MediaWiki's upload (images) or cache directory on the new frontends is owned by root and not writable by Apache (www-data).",
  acts: 'a data directory of the new frontends',
  colour: '#a1d99b',
  params: z.strictObject({
    dir: z.enum(['images', 'cache']).default('images').describe('Which directory: images (uploads) or cache.'),
  }),
  appliesTo: newFrontends('unwritable-dir'),
  async inject(target, p) {
    const path = wikiDirs[p.dir];
    return applyToEach(frontendsOf(target), {
      async save(f) {
        const [owner, mode] = (await runOk(f, ['stat', '-c', '%u:%g %a', path])).trim().split(' ') as [string, string];
        return { owner, mode };
      },
      async apply(f, { owner, mode }) {
        await runOk(f, ['sh', '-c', `chown root:root ${path} && chmod 0755 ${path}`]);
        return `${f.name}: ${path} ${owner} ${mode} -> 0:0 755`;
      },
      async undo(f, { owner, mode }) {
        await runOk(f, ['sh', '-c', `chown ${owner} ${path} && chmod ${mode} ${path}`]);
      },
    });
  },
});
