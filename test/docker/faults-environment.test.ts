// Class 3 on the real testbed: the environment stops fitting (extension, port, directory
// permissions, disk space, name resolution), and the revert makes it fit again.
import { describe, expect, it } from 'vitest';
import { exec, lastLogLines } from '../../harness/docker.ts';
import { findFaultKind } from '../../faults/index.ts';
import { targetOf, useTestbed, viewStatus } from './faults-fixture.ts';

const bed = useTestbed('environment');
const kind = (name: string) => findFaultKind('environment', name)!;
const asWwwData = async (web: import('dockerode').Container, script: string) => exec(web, ['sh', '-c', script], { user: 'www-data' });

describe('environment faults', () => {
  it('missing-php-extension: without mysqli mod_php cannot reach the database; revert loads it again', async () => {
    const web = bed().testbed.webs[0]!;
    const fault = await kind('missing-php-extension').inject(await targetOf(bed()), { extension: 'mysqli' });
    expect(fault.description).toMatch(/mysqli disabled for apache2, reloaded/);
    expect((await exec(web, ['sh', '-c', 'ls /etc/php/*/apache2/conf.d/'])).stdout).not.toMatch(/mysqli/);
    expect(await viewStatus(web)).not.toBe(200);
    await fault.revert();
    expect(await viewStatus(web)).toBe(200);
  });

  it('port-conflict: another server holds port 80, Apache cannot bind; revert restarts Apache on it', async () => {
    const web = bed().testbed.webs[0]!;
    const fault = await kind('port-conflict').inject(await targetOf(bed()), { port: 80 });
    try {
      expect(fault.description).toMatch(/frontend down/);
      expect(await lastLogLines(web, 10)).toMatch(/Address already in use/);
      // The squatter answers instead of MediaWiki.
      expect(await viewStatus(web)).toBe(404);
      expect((await exec(web, ['sh', '-c', 'ps -C apache2 --no-headers | wc -l'])).stdout.trim()).toBe('0');
    } finally {
      await fault.revert();
    }
    expect(await viewStatus(web)).toBe(200);
  });

  it('unwritable-dir: www-data cannot write the upload directory; revert restores owner and mode', async () => {
    const web = bed().testbed.webs[0]!;
    const probe = 'touch /var/lib/mediawiki/images/bench-probe && rm /var/lib/mediawiki/images/bench-probe';
    expect((await asWwwData(web, probe)).exitCode).toBe(0);
    const fault = await kind('unwritable-dir').inject(await targetOf(bed()), { dir: 'images' });
    const denied = await asWwwData(web, probe);
    expect(denied.exitCode).not.toBe(0);
    expect(denied.stderr).toMatch(/Permission denied/);
    await fault.revert();
    expect((await asWwwData(web, probe)).exitCode).toBe(0);
    expect((await exec(web, ['stat', '-c', '%U %a', '/var/lib/mediawiki/images'])).stdout.trim()).toBe('www-data 700');
  });

  it('disk-full: writes to the upload directory fail with ENOSPC; revert frees the space and puts the directory back', async () => {
    const web = bed().testbed.webs[0]!;
    const write = 'dd if=/dev/zero of=/var/lib/mediawiki/images/bench-probe bs=64k count=1 && rm /var/lib/mediawiki/images/bench-probe';
    const fault = await kind('disk-full').inject(await targetOf(bed()), { dir: 'images' });
    const full = await asWwwData(web, write);
    expect(full.exitCode).not.toBe(0);
    expect(full.stderr).toMatch(/No space left on device/);
    expect((await exec(web, ['cat', '/var/lib/mediawiki/images/README'])).exitCode).toBe(0);
    await fault.revert();
    await fault.revert();
    expect((await asWwwData(web, write)).exitCode).toBe(0);
    expect((await exec(web, ['sh', '-c', 'test -d /var/lib/mediawiki/images && ! test -L /var/lib/mediawiki/images && ls /dev/shm | wc -l'])).stdout.trim()).toBe('0');
  });

  it('unresolvable-service: db no longer resolves on the frontend, MediaWiki cannot reach it; revert restores resolution', async () => {
    const web = bed().testbed.webs[0]!;
    const fault = await kind('unresolvable-service').inject(await targetOf(bed()), { nameserver: '127.0.0.1' });
    expect((await exec(web, ['getent', 'hosts', 'db'])).exitCode).not.toBe(0);
    expect(await viewStatus(web, 3)).not.toBe(200);
    await fault.revert();
    expect((await exec(web, ['getent', 'hosts', 'db'])).exitCode).toBe(0);
    expect(await viewStatus(web, 3)).toBe(200);
  });
});
