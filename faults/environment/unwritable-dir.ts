/** An unwritable upload or cache directory: owned by root after the new image was installed. */
import { z } from 'zod';
import type Docker from 'dockerode';
import { execOk } from '../../harness/docker.ts';
import { defineFault } from '../fault.ts';
import { active, frontendsOf, nameOf } from '../node.ts';
import { newFrontends } from '../where.ts';

export const wikiDirs = { images: '/var/lib/mediawiki/images', cache: '/var/lib/mediawiki/cache' } as const;

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
    const saved: Array<{ c: Docker.Container; owner: string; mode: string }> = [];
    const notes: string[] = [];
    for (const c of frontendsOf(target)) {
      const [owner, mode] = (await execOk(c, ['stat', '-c', '%u:%g %a', path])).trim().split(' ') as [string, string];
      await execOk(c, ['sh', '-c', `chown root:root ${path} && chmod 0755 ${path}`]);
      saved.push({ c, owner, mode });
      notes.push(`${await nameOf(c)}: ${path} ${owner} ${mode} -> 0:0 755`);
    }
    return active(notes.join('; '), async () => {
      for (const { c, owner, mode } of saved.reverse()) await execOk(c, ['sh', '-c', `chown ${owner} ${path} && chmod ${mode} ${path}`]);
    });
  },
});
