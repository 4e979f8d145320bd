// Class 2 against fakes: valid settings with the wrong meaning land in the right file of every
// target and take effect as the kind says; the revert, or the rollback when a later frontend
// fails, puts back the original files.
import { describe, expect, it } from 'vitest';
import { findFaultKind } from '../../faults/index.ts';
import { fakeFrontend, fakeTarget, frontendFiles, rejection } from './faults-fakes.ts';

const kind = (name: string) => findFaultKind('semantic-config', name)!;
const settings = '/etc/mediawiki/LocalSettings.php';
const prefork = '/etc/apache2/mods-available/mpm_prefork.conf';
const ini = '/etc/php/8.2/apache2/php.ini';

describe('semantic-config kinds', () => {
  it('read-only-left-on sets $wgReadOnly and waits for PHP to see it', async () => {
    const web = fakeFrontend('web-1');
    const fault = await kind('read-only-left-on').inject(fakeTarget({ frontends: [web] }), { reason: "It's 'late'" });
    expect(web.files.get(settings)).toMatch(/^\$wgReadOnly = 'Its late';$/m);
    expect(web.log).toEqual([`read ${settings}`, `write ${settings}`, 'php']);
    await fault.revert();
    expect(web.files.get(settings)).toBe(frontendFiles[settings]);
  });

  it('cache-without-server points the main cache at a memcached nothing runs', async () => {
    const web = fakeFrontend('web-1');
    const fault = await kind('cache-without-server').inject(fakeTarget({ frontends: [web] }), { server: 'memcached:11211' });
    expect(web.files.get(settings)).toMatch(/^\$wgMainCacheType = CACHE_MEMCACHED;$/m);
    expect(web.files.get(settings)).toMatch(/^\$wgMemCachedServers = \[ 'memcached:11211' \];$/m);
    expect(fault.description).toBe(`web-1 ${settings}: $wgMainCacheType CACHE_ACCEL -> CACHE_MEMCACHED on memcached:11211`);
    await fault.revert();
    expect(web.files.get(settings)).toBe(frontendFiles[settings]);
  });

  it('too-few-workers sets the prefork pool to a handful and reloads', async () => {
    const web = fakeFrontend('web-1');
    const fault = await kind('too-few-workers').inject(fakeTarget({ frontends: [web] }), { workers: 1 });
    for (const d of ['StartServers', 'MinSpareServers', 'MaxSpareServers', 'MaxRequestWorkers']) expect(web.files.get(prefork)).toMatch(new RegExp(`^\\t${d} 1$`, 'm'));
    expect(fault.description).toBe(`web-1 ${prefork}: MaxRequestWorkers 150 -> 1, reloaded`);
    await fault.revert();
    expect(web.files.get(prefork)).toBe(frontendFiles[prefork]);
    expect(web.log.slice(-3)).toEqual([`write ${prefork}`, 'reload', 'wait']);
  });

  it("php-memory-limit sets memory_limit in mod_php's php.ini and reloads", async () => {
    const web = fakeFrontend('web-1');
    const fault = await kind('php-memory-limit').inject(fakeTarget({ frontends: [web] }), { limit: '2M' });
    expect(web.files.get(ini)).toMatch(/^memory_limit = 2M$/m);
    expect(fault.description).toBe(`web-1 ${ini}: memory_limit 128M -> 2M, reloaded`);
    await fault.revert();
    expect(web.files.get(ini)).toBe(frontendFiles[ini]);
  });

  it("old-database gives the new universe's frontends the old universe's $wgDB* settings", async () => {
    const web = fakeFrontend('new-web-1');
    const old = frontendFiles[settings]!.replace('"new-secret"', '"old-secret"').replace('$wgDBserver = "db"', '$wgDBserver = "db-old"');
    const fault = await kind('old-database').inject(fakeTarget({ strategy: 'imago', at: 'after:migrate-schema', frontends: [web], oldSettings: old }), {});
    expect(web.files.get(settings)).toBe(old);
    expect(fault.description).toMatch(/\$wgDBserver "db" -> "db-old"/);
    await fault.revert();
    expect(web.files.get(settings)).toBe(frontendFiles[settings]);
  });

  it('old-database needs an old universe beside the target, and changes nothing without one', async () => {
    const web = fakeFrontend('web-1');
    await expect(kind('old-database').inject(fakeTarget({ frontends: [web] }), {})).rejects.toThrow(/needs a new universe beside the old one/);
    expect(web.log).toEqual([]);
  });

  it.each([
    ['read-only-left-on', { reason: 'Upgrade in progress' }, settings],
    ['cache-without-server', { server: 'memcached:11211' }, settings],
    ['too-few-workers', { workers: 1 }, prefork],
    ['php-memory-limit', { limit: '2M' }, ini],
  ] as const)('%s: a failure on the second frontend puts the first one back', async (name, params, file) => {
    let failures = 0;
    const webs = [fakeFrontend('web-1'), fakeFrontend('web-2', { fail: (a) => a.startsWith('write') && failures++ === 0 })];
    const error = await rejection(kind(name).inject(fakeTarget({ frontends: webs }), params));
    expect(error.message).toBe(`web-2: write ${file} failed`);
    expect(webs[0]!.files.get(file)).toBe(frontendFiles[file]);
    expect(webs[0]!.log.filter((a) => a.startsWith('write'))).toHaveLength(2);
  });
});
