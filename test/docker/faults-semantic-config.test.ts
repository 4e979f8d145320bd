// Class 2 on the real testbed: valid configuration with the wrong meaning takes effect, and the
// revert undoes it.
import { describe, expect, it } from 'vitest';
import { exec, execOk } from '../../harness/docker.ts';
import { sql } from '../../harness/testbed/mariadb.ts';
import { findFaultKind } from '../../faults/index.ts';
import { opcacheRevalidateMs } from '../../harness/fault-capabilities.ts';
import { setPhpVariable } from '../../faults/settings.ts';
import { cat, editVia, targetOf, useTestbed, viewStatus } from './faults-fixture.ts';

const bed = useTestbed('semantic');
const kind = (name: string) => findFaultKind('semantic-config', name)!;
const apacheProcesses = async (web: import('dockerode').Container) => Number((await exec(web, ['sh', '-c', 'ps -C apache2 --no-headers | wc -l'])).stdout.trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('semantic-config faults', () => {
  it('read-only-left-on: page views work, edits answer readonly; revert allows edits again', async () => {
    const web = bed().testbed.webs[0]!;
    const fault = await kind('read-only-left-on').inject(await targetOf(bed()), { reason: 'Upgrade in progress' });
    expect(await viewStatus(web)).toBe(200);
    expect(await editVia(web, 'Read only probe', 'x')).toBe('readonly');
    await fault.revert();
    expect(await editVia(web, 'Read only probe', 'y')).toBe('Success');
  });

  it('cache-without-server: the main cache becomes memcached with no server, writes to it fail; revert restores APCu', async () => {
    const web = bed().testbed.webs[0]!;
    const probe = 'echo get_class(ObjectCache::getLocalClusterInstance()), " ", var_export(ObjectCache::getLocalClusterInstance()->set("bench-probe", 1), true);';
    const cache = async () => (await execOk(web, ['sh', '-c', 'printf "%s\\n" "$1" | php /usr/share/mediawiki/maintenance/eval.php', 'sh', probe])).trim();
    const fault = await kind('cache-without-server').inject(await targetOf(bed()), { server: 'memcached:11211' });
    expect(await cache()).toMatch(/^MemcachedPhpBagOStuff false$/m);
    expect(await viewStatus(web, 2)).toBe(200);
    await fault.revert();
    expect(await cache()).not.toMatch(/Memcached/);
    expect(await cat(web, '/etc/mediawiki/LocalSettings.php')).toMatch(/^\$wgMainCacheType = CACHE_ACCEL;$/m);
  });

  it("too-few-workers: apache2ctl accepts MaxRequestWorkers 1 and runs one worker; revert restores Debian's pool", async () => {
    const web = bed().testbed.webs[0]!;
    const fault = await kind('too-few-workers').inject(await targetOf(bed()), { workers: 1 });
    expect((await exec(web, ['apache2ctl', 'configtest'])).exitCode).toBe(0);
    await sleep(3000);
    expect(await apacheProcesses(web)).toBeLessThanOrEqual(2);
    expect(await viewStatus(web)).toBe(200);
    await fault.revert();
    await sleep(2000);
    expect(await apacheProcesses(web)).toBeGreaterThanOrEqual(6);
  });

  it('php-memory-limit: 2M in php.ini makes every page view fail; revert restores 128M', async () => {
    const web = bed().testbed.webs[0]!;
    const fault = await kind('php-memory-limit').inject(await targetOf(bed()), { limit: '2M' });
    expect(fault.description).toMatch(/memory_limit 128M -> 2M, reloaded/);
    expect(await viewStatus(web)).toBe(500);
    await fault.revert();
    expect(await viewStatus(web)).toBe(200);
  });

  it("old-database: the new universe's frontend is pointed at the old database, writes land there; revert points it back", async () => {
    const { testbed } = bed();
    const web = testbed.webs[0]!;
    const c = testbed.credentials;
    // A "new universe" on the same server: a copy of the wiki in wiki_new, which web-1 is set to use.
    await execOk(testbed.db, ['sh', '-c', `mariadb -uroot -h127.0.0.1 -e 'CREATE DATABASE wiki_new' && mariadb-dump -uroot -h127.0.0.1 ${c.database} | mariadb -uroot -h127.0.0.1 wiki_new`], {
      env: [`MYSQL_PWD=${c.rootPassword}`],
    });
    expect((await sql(testbed.db, c, `GRANT ALL ON wiki_new.* TO '${c.user}'@'%'`)).exitCode).toBe(0);
    const newSettings = setPhpVariable(testbed.settings, 'wgDBname', '"wiki_new"');
    const { writeSettings } = await import('../../harness/testbed/mediawiki.ts');
    await writeSettings(web, newSettings);
    await sleep(opcacheRevalidateMs);
    const universe = { ...testbed, settings: newSettings, webs: [web] };
    const count = async (db: string) => (await sql(testbed.db, c, `SELECT COUNT(*) FROM ${db}.page WHERE page_title LIKE 'Universe_probe%'`)).stdout.trim();

    const fault = await kind('old-database').inject(await targetOf(bed(), { universe, node: null, strategy: 'imago', at: 'after:migrate-schema' }), {});
    expect(fault.description).toMatch(/\$wgDBname "wiki_new" -> "wiki"/);
    expect(await editVia(web, 'Universe probe 1', 'written after the fault')).toBe('Success');
    expect([await count('wiki'), await count('wiki_new')]).toEqual(['1', '0']);
    await fault.revert();
    expect(await editVia(web, 'Universe probe 2', 'written after the revert')).toBe('Success');
    expect([await count('wiki'), await count('wiki_new')]).toEqual(['1', '1']);
  });
});
