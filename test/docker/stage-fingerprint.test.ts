// Fingerprints of the real MediaWiki images: 1.35 and 1.39 differ where the upgrade changes the
// environment (PHP and its libraries, MediaWiki's files), and two containers of one image agree
// once the vendor rules drop the noise. Builds the images first when they are missing (a cold CI
// machine may run this file before any other).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { clusterFingerprints, diffResources, parseSelector } from '../../analysis/stage/cluster.ts';
import { ruleMatches, type Fingerprint } from '../../analysis/stage/fingerprint.ts';
import { connectEngine, countLabelled, removeLabelled, type Engine } from '../../harness/docker.ts';
import { defaultCollectOptions, fingerprintTarget } from '../../harness/stage/fingerprint.ts';
import { newRunId } from '../../harness/testbed/index.ts';

const images = ['bench/mediawiki:1.35', 'bench/mediawiki:1.39'] as const;

describe('bench stage fingerprint on the MediaWiki images', () => {
  let docker: Engine;
  const runId = newRunId('test-stage-fp');
  let old: Fingerprint;
  let now: Fingerprint;
  let again: Fingerprint;

  beforeAll(async () => {
    docker = await connectEngine();
    await ensureImages(docker, imagesFor(['1.35', '1.39']), (line) => console.log(`images: ${line}`));
    const take = (image: string, i: number) => fingerprintTarget(docker, { kind: 'image', name: image }, runId, i, defaultCollectOptions);
    old = await take(images[0], 0);
    now = await take(images[1], 1);
    again = { ...(await take(images[1], 2)), machine: 'second 1.39 container' };
  });

  afterAll(async () => {
    const left = await countLabelled(docker, runId);
    await removeLabelled(docker, runId);
    expect(left).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  const value = (f: Fingerprint, kind: string, name: string) => f.resources.find((r) => r.kind === kind && r.name === name)?.value;
  const names = (f: Fingerprint, kind: string) => f.resources.filter((r) => r.kind === kind).map((r) => r.name);

  it('sees PHP 7.4 and MediaWiki 1.35 in one, PHP 8.2 and MediaWiki 1.39 in the other', () => {
    expect(value(old, 'package', 'php7.4')).toMatch(/^7\.4\./);
    expect(value(old, 'package', 'mediawiki')).toMatch(/^1:1\.35\./);
    expect(value(now, 'package', 'php8.2')).toMatch(/^8\.2\./);
    expect(value(now, 'package', 'mediawiki')).toMatch(/^1:1\.39\./);
    expect(names(now, 'file')).toContain('/usr/lib/apache2/modules/libphp8.2.so');
    expect(names(old, 'file')).toContain('/usr/lib/apache2/modules/libphp7.4.so');
  });

  it('differs in PHP’s libraries and MediaWiki’s files', () => {
    const d = diffResources(old.resources, now.resources);
    const changed = d.changed.map((c) => c.name);
    expect(changed).toContain('libc.so.6 (libc6,x86-64)');
    expect(changed).toContain('/usr/share/mediawiki/includes/');
    expect(d.onlyInA.map((r) => r.name)).toContain('libicuuc.so.67 (libc6,x86-64)');
    expect(d.onlyInB.map((r) => r.name)).toContain('libicuuc.so.72 (libc6,x86-64)');
    // Both serve on port 80, with the same environment variables.
    expect(names(old, 'service')).toEqual(names(now, 'service'));
    expect(names(old, 'service').some((n) => n.endsWith(':80'))).toBe(true);
    expect(old.resources.filter((r) => r.kind === 'env')).toEqual(now.resources.filter((r) => r.kind === 'env'));
  });

  it('agrees on the noise: the same rules fire, nothing kept matches a rule, two containers of one image are identical', () => {
    expect(Object.keys(old.excluded).sort()).toEqual(Object.keys(now.excluded).sort());
    expect(old.excluded['HOSTNAME']).toBe(1);
    expect(old.excluded['/var/log/**']).toBeGreaterThan(0);
    for (const f of [old, now]) {
      for (const r of f.resources) expect(defaultCollectOptions.rules.filter((rule) => ruleMatches(rule, r))).toEqual([]);
    }
    expect(diffResources(now.resources, again.resources)).toEqual({ onlyInA: [], onlyInB: [], changed: [] });
  });

  it('clusters 1.35 apart from both 1.39 containers; on the environment variables alone, all agree', () => {
    expect(clusterFingerprints([old, now, again]).map((c) => c.machines.length)).toEqual([2, 1]);
    expect(clusterFingerprints([old, now, again], [parseSelector('env')!])).toHaveLength(1);
  });
});
