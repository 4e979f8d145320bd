import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clusterFingerprints, diffResources, parseSelector } from '../../analysis/stage/cluster.ts';
import {
  applyVendorRules,
  defaultVendorRules,
  globToRegExp,
  parseEnv,
  parseLibraries,
  parseListening,
  parsePackages,
  parseSha256sum,
  summarizeTree,
  type Fingerprint,
  type Resource,
} from '../../analysis/stage/fingerprint.ts';

const h = (c: string) => c.repeat(64);

describe('collector output parsers', () => {
  it('reads dpkg-query, the library script, sha256sum and env', () => {
    expect(parsePackages('php7.4-common\t7.4.33-1+deb11u5\nlibc6\t2.31-13\n')).toEqual([
      { kind: 'package', name: 'php7.4-common', value: '7.4.33-1+deb11u5' },
      { kind: 'package', name: 'libc6', value: '2.31-13' },
    ]);
    expect(parseLibraries(`libc.so.6\tlibc6,x86-64\t/usr/lib/x86_64-linux-gnu/libc-2.31.so\t${h('a')}\n`)).toEqual([
      { kind: 'library', name: 'libc.so.6 (libc6,x86-64)', value: `libc-2.31.so ${'a'.repeat(16)}` },
    ]);
    expect(parseSha256sum(`${h('b')}  /etc/apache2/apache2.conf\n`, 'config')).toEqual([{ kind: 'config', name: '/etc/apache2/apache2.conf', value: h('b') }]);
    expect(parseEnv('PATH=/usr/bin:/bin\nX=a=b\n')).toEqual([
      { kind: 'env', name: 'PATH', value: '/usr/bin:/bin' },
      { kind: 'env', name: 'X', value: 'a=b' },
    ]);
  });

  it('keeps only listening sockets of /proc/net/tcp', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1',
      '   1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   100        0 2 1',
      '   2: 0200A8C0:0050 0100A8C0:D3A2 01 00000000:00000000 00:00000000 00000000    33        0 3 1',
    ].join('\n');
    expect(parseListening(tcp, 'tcp').map((r) => r.name)).toEqual(['tcp:80', 'tcp:3306']);
  });
});

describe('vendor rules', () => {
  it('exclude the noise of Mirage’s Apache example: index.html and access_log', () => {
    const files: Resource[] = [
      { kind: 'file', name: '/var/www/html/index.html', value: h('1') },
      { kind: 'file', name: '/var/log/apache2/access.log', value: h('2') },
      { kind: 'file', name: '/srv/apache/logs/access_log', value: h('3') },
      { kind: 'config', name: '/etc/apache2/apache2.conf', value: h('4') },
      { kind: 'config', name: '/etc/hostname', value: h('5') },
      { kind: 'env', name: 'HOSTNAME', value: 'c0ffee' },
      { kind: 'file', name: '/var/lib/mediawiki/images/a.png', value: h('6') },
      { kind: 'file', name: '/usr/share/mediawiki/index.php', value: h('7') },
    ];
    const { kept, excluded } = applyVendorRules(files, defaultVendorRules);
    expect(kept.map((r) => r.name)).toEqual(['/etc/apache2/apache2.conf', '/usr/share/mediawiki/index.php']);
    expect(excluded).toEqual({
      '/var/www/**/*.html': 1,
      '/var/log/**': 1,
      'access_log*': 1,
      '/etc/{hostname,hosts,resolv.conf}': 1,
      HOSTNAME: 1,
      '/var/lib/mediawiki/{images,cache}/**': 1,
    });
  });

  it('globs: ** crosses directories (also none), * does not', () => {
    expect(globToRegExp('/var/www/**/*.html').test('/var/www/index.html')).toBe(true);
    expect(globToRegExp('/var/www/**/*.html').test('/var/www/a/b/x.html')).toBe(true);
    expect(globToRegExp('/etc/*.conf').test('/etc/a/b.conf')).toBe(false);
    expect(globToRegExp('php*').test('php8.2-cli')).toBe(true);
  });
});

describe('fingerprint granularity', () => {
  it('collapses an application tree into one resource per directory', () => {
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    const files: Resource[] = [
      { kind: 'file', name: '/usr/share/mediawiki/index.php', value: h('1') },
      { kind: 'file', name: '/usr/share/mediawiki/includes/a.php', value: h('2') },
      { kind: 'file', name: '/usr/share/mediawiki/includes/b/c.php', value: h('3') },
    ];
    const out = summarizeTree(files, '/usr/share/mediawiki', 1, sha);
    expect(out.map((r) => r.name)).toEqual(['/usr/share/mediawiki/index.php', '/usr/share/mediawiki/includes/']);
    expect(out[1].value).toMatch(/^[0-9a-f]{16} \(2 files\)$/);
    const changed = summarizeTree([files[0], files[1], { ...files[2], value: h('9') }], '/usr/share/mediawiki', 1, sha);
    expect(changed[1].value).not.toBe(out[1].value);
  });
});

describe('clustering', () => {
  const fp = (machine: string, resources: Array<[Resource['kind'], string, string]>): Fingerprint => ({
    machine,
    image: machine,
    imageId: '',
    excluded: {},
    warnings: [],
    resources: resources.map(([kind, name, value]) => ({ kind, name, value })),
  });
  const machines = [
    fp('web-b', [
      ['package', 'php7.4', '7.4.33'],
      ['config', '/etc/my.cnf', 'x'],
      ['env', 'LANG', 'C'],
    ]),
    fp('web-a', [
      ['env', 'LANG', 'C'],
      ['package', 'php7.4', '7.4.33'],
      ['config', '/etc/my.cnf', 'x'],
    ]),
    fp('web-c', [
      ['package', 'php7.4', '7.4.33'],
      ['config', '/etc/my.cnf', 'y'],
      ['env', 'LANG', 'C'],
    ]),
    fp('web-d', [
      ['package', 'php8.2', '8.2.29'],
      ['config', '/etc/my.cnf', 'x'],
      ['env', 'LANG', 'C'],
    ]),
  ];

  it('groups equal fingerprints whatever the resource order; largest first, first name represents', () => {
    const clusters = clusterFingerprints(machines);
    expect(clusters.map((c) => c.machines)).toEqual([['web-a', 'web-b'], ['web-c'], ['web-d']]);
    expect(clusters[0].representative).toBe('web-a');
  });

  it('looks only at what the upgrade touches', () => {
    const clusters = clusterFingerprints(machines, [parseSelector('package:php*')!]);
    expect(clusters.map((c) => c.machines)).toEqual([['web-a', 'web-b', 'web-c'], ['web-d']]);
    expect(parseSelector('library')).toEqual({ kind: 'library', pattern: '**' });
    expect(parseSelector('bogus:x')).toBeUndefined();
  });

  it('diffs two fingerprints', () => {
    const d = diffResources(machines[1].resources, machines[3].resources);
    expect(d.onlyInA.map((r) => r.name)).toEqual(['php7.4']);
    expect(d.onlyInB.map((r) => r.name)).toEqual(['php8.2']);
    expect(d.changed).toEqual([]);
  });
});
