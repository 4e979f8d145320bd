/**
 * A full disk under a directory MediaWiki writes to. Bounded: the directory is moved onto the
 * container's own /dev/shm (a 64 MB tmpfs Docker gives every container) and that is filled;
 * the engine refuses privileged execs here, so no new mount is made.
 */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { frontendsOf, runOk } from '../frontend.ts';
import { wikiDirs } from '../paths.ts';
import { applyToEach } from '../undo.ts';
import { newFrontends } from '../where.ts';

export const fullDir = '/dev/shm/bench-full';
export const fillFile = '/dev/shm/bench-fill';

export const fillScript = (path: string) => `set -e
mv ${path} ${path}.bench-orig
mkdir -p ${fullDir}
cp -a ${path}.bench-orig/. ${fullDir}/
chown --reference=${path}.bench-orig ${fullDir}; chmod --reference=${path}.bench-orig ${fullDir}
ln -s ${fullDir} ${path}
avail=$(df -B1 --output=avail /dev/shm | tail -1)
fallocate -l "$avail" ${fillFile} 2>/dev/null || true
dd if=/dev/zero of=${fillFile}-rest bs=4k 2>/dev/null || true
df -B1 --output=avail /dev/shm | tail -1`;

/** Undoes fillScript from wherever it stopped (the directory may be moved aside with no link yet). */
export const emptyScript = (path: string) => `rm -f ${fillFile} ${fillFile}-rest
if [ -d ${path}.bench-orig ]; then
  if [ -L ${path} ]; then rm ${path}; fi
  if [ ! -e ${path} ]; then mv ${path}.bench-orig ${path}; fi
fi
rm -rf ${fullDir}`;

export default defineFault({
  class: 'environment',
  kind: 'disk-full',
  description: "MediaWiki's upload or cache directory on the new frontends sits on a full file system (the container's 64 MB /dev/shm, filled): writes there fail with ENOSPC.",
  acts: 'a data directory of the new frontends',
  colour: '#006d2c',
  params: z.strictObject({
    dir: z.enum(['images', 'cache']).default('images').describe('Which directory: images (uploads) or cache.'),
  }),
  appliesTo: newFrontends('disk-full'),
  async inject(target, p) {
    const path = wikiDirs[p.dir];
    return applyToEach(frontendsOf(target), {
      save: async () => undefined,
      async apply(f) {
        const left = (await runOk(f, ['sh', '-c', fillScript(path)])).trim();
        return `${f.name}: ${path} on a full /dev/shm (${left} bytes left)`;
      },
      async undo(f) {
        await runOk(f, ['sh', '-c', emptyScript(path)]);
      },
    });
  },
});
