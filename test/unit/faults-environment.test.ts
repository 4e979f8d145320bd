// Class 3 against fakes: each kind runs the commands that break the environment on every new
// frontend, the revert runs the ones that mend it, and a failure on the second frontend mends the
// first before the error goes up.
import { describe, expect, it } from 'vitest';
import { emptyScript, fillScript } from '../../faults/environment/disk-full.ts';
import { withSquatter } from '../../faults/environment/port-conflict.ts';
import { findFaultKind } from '../../faults/index.ts';
import type { CommandResult } from '../../faults/capabilities.ts';
import { fakeFrontend, fakeTarget, frontendFiles, rejection } from './faults-fakes.ts';

const kind = (name: string) => findFaultKind('environment', name)!;
const entrypoint = '/usr/local/bin/bench-mediawiki';
const images = '/var/lib/mediawiki/images';

/** What the testbed's frontends answer to the commands these kinds read with. */
const answer = (command: string[]): Partial<CommandResult> | undefined => {
  if (command[0] === 'stat') return { stdout: '33:33 700\n' };
  if (command[0] === 'sh' && command[2]?.includes('grep -qx')) return { exitCode: 0 };
  if (command[0] === 'sh' && command[2]?.startsWith('set -e')) return { stdout: '0\n' };
  return undefined;
};
const runs = (log: readonly string[]) => log.filter((a) => a.startsWith('run ')).map((a) => a.slice(4));

describe('environment kinds', () => {
  it('missing-php-extension disables the extension for apache2 and reloads; the revert enables it and waits until it serves', async () => {
    const web = fakeFrontend('web-1', { answer });
    const fault = await kind('missing-php-extension').inject(fakeTarget({ frontends: [web] }), { extension: 'mysqli' });
    expect(fault.description).toBe('web-1: mysqli disabled for apache2, reloaded');
    await fault.revert();
    expect(web.log.slice(1)).toEqual(['run phpdismod -s apache2 mysqli', 'reload', 'run phpenmod -s apache2 mysqli', 'reload', 'wait']);
  });

  it('missing-php-extension leaves an extension that was not enabled alone, also on revert', async () => {
    const web = fakeFrontend('web-1', { answer: (c) => (c[2]?.includes('grep -qx') ? { exitCode: 1 } : undefined) });
    const fault = await kind('missing-php-extension').inject(fakeTarget({ frontends: [web] }), { extension: 'intl' });
    expect(fault.description).toBe('web-1: intl was not enabled');
    await fault.revert();
    expect(web.log).toHaveLength(1);
  });

  it('port-conflict starts a squatter before Apache and restarts; the revert restores the start script and restarts again', async () => {
    const web = fakeFrontend('web-1', { serves: (files) => !files.get(entrypoint)!.includes('php -S') });
    const fault = await kind('port-conflict').inject(fakeTarget({ frontends: [web] }), { port: 80 });
    expect(fault.description).toBe('web-1: port 80 taken at start, frontend down (no answer within 4 s)');
    expect(web.files.get(entrypoint)).toBe(withSquatter(frontendFiles[entrypoint]!, 80));
    await fault.revert();
    expect(web.files.get(entrypoint)).toBe(frontendFiles[entrypoint]);
    expect(web.log.slice(-4)).toEqual([`write ${entrypoint}`, 'restart', 'reload', 'wait']);
  });

  it('port-conflict refuses a start script that does not exec apache2, before changing anything', async () => {
    const web = fakeFrontend('web-1', { files: { [entrypoint]: '#!/bin/sh\napache2ctl start\n' } });
    await expect(kind('port-conflict').inject(fakeTarget({ frontends: [web] }), { port: 80 })).rejects.toThrow(/does not exec apache2/);
    expect(web.log).toEqual([`read ${entrypoint}`]);
  });

  it('unwritable-dir gives the directory to root; the revert gives back the owner and mode it had', async () => {
    const web = fakeFrontend('web-1', { answer });
    const fault = await kind('unwritable-dir').inject(fakeTarget({ frontends: [web] }), { dir: 'images' });
    expect(fault.description).toBe(`web-1: ${images} 33:33 700 -> 0:0 755`);
    await fault.revert();
    expect(runs(web.log)).toEqual([`stat -c %u:%g %a ${images}`, `sh -c chown root:root ${images} && chmod 0755 ${images}`, `sh -c chown 33:33 ${images} && chmod 700 ${images}`]);
  });

  it('disk-full moves the directory onto a filled /dev/shm; the revert empties it and moves it back', async () => {
    const web = fakeFrontend('web-1', { answer });
    const fault = await kind('disk-full').inject(fakeTarget({ frontends: [web] }), { dir: 'cache' });
    expect(fault.description).toBe('web-1: /var/lib/mediawiki/cache on a full /dev/shm (0 bytes left)');
    await fault.revert();
    expect(runs(web.log)).toEqual([`sh -c ${fillScript('/var/lib/mediawiki/cache')}`, `sh -c ${emptyScript('/var/lib/mediawiki/cache')}`]);
  });

  it('unresolvable-service writes resolv.conf in place (a bind mount); the revert writes the original back', async () => {
    const web = fakeFrontend('web-1');
    const fault = await kind('unresolvable-service').inject(fakeTarget({ frontends: [web] }), { nameserver: '127.0.0.1' });
    expect(fault.description).toBe('web-1: resolv.conf -> nameserver 127.0.0.1');
    await fault.revert();
    expect(runs(web.log)).toEqual(['sh -c printf "%s" "$1" > /etc/resolv.conf sh nameserver 127.0.0.1\n', `sh -c printf "%s" "$1" > /etc/resolv.conf sh ${frontendFiles['/etc/resolv.conf']}`]);
  });

  // Each kind's second frontend fails at its first change; the first frontend must be mended.
  it.each([
    ['missing-php-extension', { extension: 'mysqli' }, 'run phpdismod', 'run phpenmod -s apache2 mysqli'],
    ['port-conflict', { port: 80 }, `write ${entrypoint}`, 'restart'],
    ['unwritable-dir', { dir: 'images' }, 'run sh -c chown root', `run sh -c chown 33:33 ${images} && chmod 700 ${images}`],
    ['disk-full', { dir: 'images' }, 'run sh -c set -e', `run sh -c ${emptyScript(images)}`],
    ['unresolvable-service', { nameserver: '127.0.0.1' }, 'run sh -c printf', `run sh -c printf "%s" "$1" > /etc/resolv.conf sh ${frontendFiles['/etc/resolv.conf']}`],
  ] as const)('%s: a failure on the second frontend undoes the first, then the error goes up', async (name, params, failing, mend) => {
    let failures = 0;
    const first = fakeFrontend('web-1', { answer });
    const second = fakeFrontend('web-2', { answer, fail: (a) => a.startsWith(failing) && failures++ === 0 });
    const error = await rejection(kind(name).inject(fakeTarget({ frontends: [first, second] }), params));
    expect(error.message).toMatch(/^web-2: .* failed$/s);
    expect(first.log).toContain(mend);
    expect(first.files.get(entrypoint)).toBe(frontendFiles[entrypoint]);
  });
});
