// Class 1 against fakes: each typo lands in the right line of the right file on every target, is
// applied as its params say, and the revert (or the rollback of a failed injection) puts back the
// original; procedural kinds touch nothing.
import { describe, expect, it } from 'vitest';
import { findFaultKind } from '../../faults/index.ts';
import { isRollbackFailure } from '../../faults/undo.ts';
import { fakeDatabase, fakeFrontend, fakeTarget, frontendFiles, rejection, serverCnf } from './faults-fakes.ts';

const kind = (name: string) => findFaultKind('simple-config', name)!;
const settings = '/etc/mediawiki/LocalSettings.php';
const typo = { part: 'value', typo: 'omission', seed: 1 } as const;

describe('typo-localsettings', () => {
  it('mistypes the setting on every new frontend, waits for PHP to see it; the revert puts the file back once', async () => {
    const webs = [fakeFrontend('web-1'), fakeFrontend('web-2')];
    const fault = await kind('typo-localsettings').inject(fakeTarget({ frontends: webs }), { directive: '$wgDBserver', ...typo });
    for (const web of webs) {
      expect(web.files.get(settings)).toMatch(/^\$wgDBserver = "[db]";$/m);
      expect(web.log).toEqual([`read ${settings}`, `write ${settings}`, 'php']);
    }
    expect(fault.description).toMatch(/^web-1 \/etc\/mediawiki\/LocalSettings.php: line 3 omission "\$wgDBserver = \\"db\\";" -> .*; web-2 /);
    await fault.revert();
    await fault.revert();
    for (const web of webs) {
      expect(web.files.get(settings)).toBe(frontendFiles[settings]);
      expect(web.log.slice(3)).toEqual([`write ${settings}`, 'php']);
    }
  });

  it('a failed write on the second frontend puts the first one back before the error goes up', async () => {
    let failures = 0;
    const webs = [fakeFrontend('web-1'), fakeFrontend('web-2', { fail: (a) => a.startsWith('write') && failures++ === 0 })];
    const error = await rejection(kind('typo-localsettings').inject(fakeTarget({ frontends: webs }), { directive: '$wgDBserver', ...typo }));
    expect(error.message).toBe('web-2: write /etc/mediawiki/LocalSettings.php failed');
    expect(isRollbackFailure(error)).toBe(false);
    expect(webs[0]!.files.get(settings)).toBe(frontendFiles[settings]);
    expect(webs[0]!.log.at(-2)).toBe(`write ${settings}`);
    expect(webs[1]!.files.get(settings)).toBe(frontendFiles[settings]);
  });

  it('a directive no line sets fails before anything is written', async () => {
    const web = fakeFrontend('web-1');
    await expect(kind('typo-localsettings').inject(fakeTarget({ frontends: [web] }), { directive: '$wgNoSuch', ...typo })).rejects.toThrow('no line sets $wgNoSuch');
    expect(web.log).toEqual([`read ${settings}`]);
  });
});

describe('typo-apache', () => {
  const ports = '/etc/apache2/ports.conf';
  const listensOn80 = (files: Map<string, string>) => /^Listen 80$/m.test(files.get(ports)!);

  it('a mistyped Listen and a restart leave the frontend down; the revert starts it with the original file', async () => {
    const web = fakeFrontend('web-1', { starts: listensOn80 });
    const fault = await kind('typo-apache').inject(fakeTarget({ frontends: [web] }), { file: ports, directive: 'Listen', part: 'name', typo: 'substitution', seed: 2, apply: 'restart' });
    expect(web.files.get(ports)).not.toMatch(/^Listen 80$/m);
    expect(web.running).toBe(false);
    expect(fault.description).toMatch(/substitution "Listen 80" -> "\w+ 80", restarted: the container exited/);
    await fault.revert();
    expect(web.files.get(ports)).toBe(frontendFiles[ports]);
    expect(web.running).toBe(true);
    expect(web.log.slice(-3)).toEqual([`write ${ports}`, 'restart', 'wait']);
  });

  it('apply: graceful reloads instead; the revert reloads the running frontend again', async () => {
    const web = fakeFrontend('web-1');
    const fault = await kind('typo-apache').inject(fakeTarget({ frontends: [web] }), { file: ports, directive: 'Listen', part: 'value', typo: 'omission', seed: 1, apply: 'graceful' });
    expect(fault.description).toMatch(/, reloaded$/);
    await fault.revert();
    expect(web.log).toEqual([`read ${ports}`, `write ${ports}`, 'reload', `write ${ports}`, 'reload', 'wait']);
  });
});

describe('typo-php-ini', () => {
  it("finds mod_php's php.ini under the image's PHP version and reloads", async () => {
    const ini = '/etc/php/8.2/apache2/php.ini';
    const web = fakeFrontend('web-1');
    const fault = await kind('typo-php-ini').inject(fakeTarget({ frontends: [web] }), { directive: 'display_errors', part: 'name', typo: 'transposition', seed: 5 });
    expect(web.files.get(ini)).not.toMatch(/^display_errors = Off$/m);
    expect(web.log).toEqual(['run sh -c ls -d /etc/php/*/apache2/php.ini', `read ${ini}`, `write ${ini}`, 'reload']);
    expect(fault.description).toMatch(/^web-1 \/etc\/php\/8.2\/apache2\/php.ini: line 3 transposition .*, reloaded$/);
    await fault.revert();
    expect(web.files.get(ini)).toBe(frontendFiles[ini]);
  });
});

describe('typo-mariadb-cnf', () => {
  const utf8mb4 = (files: Map<string, string>) => /= utf8mb4$/m.test(files.get(serverCnf)!);

  it('a mistyped value and a restart leave mariadbd down; the revert starts it with the original file', async () => {
    const db = fakeDatabase({ starts: utf8mb4 });
    const fault = await kind('typo-mariadb-cnf').inject(fakeTarget({ database: db }), {
      file: serverCnf,
      directive: 'character-set-server',
      part: 'value',
      typo: 'substitution',
      seed: 1,
      apply: 'restart',
    });
    expect(fault.description).toMatch(
      /^db \/etc\/mysql\/mariadb.conf.d\/50-server.cnf: line 2 substitution "character-set-server\s+= utf8mb4" -> "character-set-server\s+= \w+", restarted: mariadbd exited/,
    );
    expect(db.running).toBe(false);
    await fault.revert();
    expect(db.running).toBe(true);
    expect(utf8mb4(db.files)).toBe(true);
    expect(db.log).toEqual([`read ${serverCnf}`, `write ${serverCnf}`, 'restart', 'wait', `write ${serverCnf}`, 'restart', 'wait']);
  });

  it('apply: none only writes the file, and so does its revert', async () => {
    const db = fakeDatabase();
    const fault = await kind('typo-mariadb-cnf').inject(fakeTarget({ database: db }), { file: serverCnf, directive: 'character-set-server', part: 'value', typo: 'omission', seed: 1, apply: 'none' });
    await fault.revert();
    expect(db.log).toEqual([`read ${serverCnf}`, `write ${serverCnf}`, `write ${serverCnf}`]);
  });

  it('a restart that fails puts the original file back before the error goes up', async () => {
    let failures = 0;
    const db = fakeDatabase({ fail: (a) => a === 'restart' && failures++ === 0 });
    await expect(
      kind('typo-mariadb-cnf').inject(fakeTarget({ database: db }), { file: serverCnf, directive: 'character-set-server', part: 'value', typo: 'omission', seed: 1, apply: 'restart' }),
    ).rejects.toThrow('db: restart failed');
    expect(utf8mb4(db.files)).toBe(true);
    expect(db.log).toEqual([`read ${serverCnf}`, `write ${serverCnf}`, `write ${serverCnf}`, 'wait']);
  });
});

describe('procedural kinds', () => {
  it.each(['omitted-step', 'spurious-step', 'reordered-steps'])('%s marks the journal and touches no capability', async (name) => {
    const web = fakeFrontend('web-1');
    const db = fakeDatabase();
    const fault = await kind(name).inject(fakeTarget({ at: 'before:migrate-schema', frontends: [web], database: db }), {});
    await fault.revert();
    expect(fault.description).toMatch(/migrate-schema/);
    expect([...web.log, ...db.log]).toEqual([]);
  });
});
