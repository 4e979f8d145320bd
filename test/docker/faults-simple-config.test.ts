// Class 1 on the real testbed: typos in LocalSettings.php, Apache, php.ini and MariaDB's option
// file take effect (the service refuses or misbehaves) and their reverts undo them; procedural
// kinds leave the containers alone.
import { describe, expect, it } from 'vitest';
import { exec, lastLogLines } from '../../harness/docker.ts';
import { sql } from '../../harness/testbed/mariadb.ts';
import { findFaultKind } from '../../faults/index.ts';
import { cat, targetOf, useTestbed, viewStatus } from './faults-fixture.ts';

const bed = useTestbed('simple');
const kind = (name: string) => findFaultKind('simple-config', name)!;

describe('simple-config faults', () => {
  it('typo-localsettings: $wgDBserver mistyped, MediaWiki cannot reach its database; revert restores the file', async () => {
    const web = bed().testbed.webs[0]!;
    const before = await cat(web, '/etc/mediawiki/LocalSettings.php');
    expect(await viewStatus(web)).toBe(200);
    const fault = await kind('typo-localsettings').inject(await targetOf(bed()), { directive: '$wgDBserver', part: 'value', typo: 'omission', seed: 1 });
    const after = await cat(web, '/etc/mediawiki/LocalSettings.php');
    expect(after).toMatch(/^\$wgDBserver = "[db]";$/m);
    expect(fault.description).toMatch(/omission/);
    expect((await exec(web, ['php', '-l', '/etc/mediawiki/LocalSettings.php'])).exitCode).toBe(0);
    expect(await viewStatus(web)).not.toBe(200);
    await fault.revert();
    await fault.revert();
    expect(await cat(web, '/etc/mediawiki/LocalSettings.php')).toBe(before);
    expect(await viewStatus(web)).toBe(200);
  });

  it('typo-apache: a mistyped Listen is refused by apache2ctl configtest and the restarted frontend stays down; revert brings it back', async () => {
    const web = bed().testbed.webs[0]!;
    const fault = await kind('typo-apache').inject(await targetOf(bed()), { file: '/etc/apache2/ports.conf', directive: 'Listen', part: 'name', typo: 'substitution', seed: 2, apply: 'restart' });
    try {
      // The container has exited: what Apache said is in its log.
      expect(fault.description).toMatch(/substitution "Listen 80" -> "\w+ 80", restarted: the container exited/);
      expect((await web.inspect()).State.Running).toBe(false);
      expect(await lastLogLines(web, 5)).toMatch(/AH00526: Syntax error on line 5 of \/etc\/apache2\/ports.conf/);
    } finally {
      await fault.revert();
    }
    expect((await web.inspect()).State.Running).toBe(true);
    expect(await cat(web, '/etc/apache2/ports.conf')).toMatch(/^Listen 80$/m);
    expect((await exec(web, ['apache2ctl', 'configtest'])).exitCode).toBe(0);
    expect(await viewStatus(web)).toBe(200);
  });

  it('typo-php-ini: a mistyped display_errors is ignored by PHP, which falls back to showing errors; revert restores Off', async () => {
    const web = bed().testbed.webs[0]!;
    const ini = (await exec(web, ['sh', '-c', 'ls /etc/php/*/apache2/php.ini'])).stdout.trim();
    const effective = async () => (await exec(web, ['php', '-n', '-c', ini, '-r', 'echo var_export(ini_get("display_errors"), true);'])).stdout;
    expect(await effective()).toBe("''");
    const fault = await kind('typo-php-ini').inject(await targetOf(bed()), { directive: 'display_errors', part: 'name', typo: 'transposition', seed: 5 });
    expect(await cat(web, ini)).not.toMatch(/^display_errors = Off$/m);
    expect(await effective()).toBe("'1'");
    await fault.revert();
    expect(await cat(web, ini)).toMatch(/^display_errors = Off$/m);
    expect(await effective()).toBe("''");
    expect(await viewStatus(web)).toBe(200);
  });

  it('typo-mariadb-cnf: a mistyped character-set-server keeps mariadbd from starting; revert starts it again', async () => {
    const { testbed } = bed();
    const file = '/etc/mysql/mariadb.conf.d/50-server.cnf';
    const fault = await kind('typo-mariadb-cnf').inject(await targetOf(bed()), { file, directive: 'character-set-server', part: 'value', typo: 'substitution', seed: 1, apply: 'restart' });
    expect(fault.description).toMatch(/"character-set-server\s+= utf8mb4" -> "character-set-server\s+= \w+", restarted: mariadbd exited/);
    try {
      expect((await testbed.db.inspect()).State.Running).toBe(false);
    } finally {
      await fault.revert();
    }
    expect((await sql(testbed.db, testbed.credentials, 'SELECT @@character_set_server')).stdout.trim()).toBe('utf8mb4');
    expect(await viewStatus(testbed.webs[0]!)).toBe(200);
  });

  it('procedural kinds change only the step list: inject marks the journal and touches no container', async () => {
    const web = bed().testbed.webs[0]!;
    const before = await cat(web, '/etc/mediawiki/LocalSettings.php');
    for (const name of ['omitted-step', 'spurious-step', 'reordered-steps']) {
      const fault = await kind(name).inject(await targetOf(bed(), { at: 'before:migrate-schema' }), {});
      expect(fault.description).toMatch(/migrate-schema/);
      await fault.revert();
    }
    expect(await cat(web, '/etc/mediawiki/LocalSettings.php')).toBe(before);
  });
});
