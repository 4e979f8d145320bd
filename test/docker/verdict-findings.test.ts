// Security findings attributed to their cause on a real 1.35 -> 1.39 rolling upgrade: PHP runs in
// images/ after it (Debian 12's Apache config protects images/ only for the PHP 7 module), in the
// fault-free baseline and in the fault run alike, so the upgrade caused it; the excessive-grant
// fault's broader grant is only in the fault run, so the fault caused it. MediaWiki's standard
// error pages, which the mixed versions serve, are no leak.
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { runScenario } from '../../harness/run.ts';
import { scenarioSchema } from '../../harness/scenario/schema.ts';
import { progress, quietHost } from './measure-calibration.ts';

let docker: Engine;
beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35', '1.39']), progress);
});

const scenario = scenarioSchema.parse({
  name: 'verdict-findings',
  testbed: { from: '1.35', to: '1.39', frontends: 2, pages: 30 },
  workload: { duration: '30s', rate: 10, mix: { read: 0.9, edit: 0.1 } },
  upgrade: { strategy: 'rolling', start_after: '5s' },
  fault: { class: 'data-access', kind: 'excessive-grant', at: 'before:migrate-schema' },
  seed: 7,
});

describe('security findings by cause', () => {
  it("PHP in images/ is the upgrade's, the broader grant is the fault's, standard error pages are no leak", async () => {
    progress(`host load average ${(await quietHost()).toFixed(1)}`);
    const run = await runScenario({ docker, scenario, file: 'test/docker/verdict-findings.test.ts', progress });
    const baseline = run.baseline!;
    const show = (r: typeof run | typeof baseline) => r.findings.map((f) => `${f.name} (${f.severity}, ${f.cause})`).join('; ');
    progress(`baseline findings: ${show(baseline)}; impacts ${baseline.impacts.map((i) => `${i.name}/${i.cause}`).join(', ')}`);
    progress(`fault run findings: ${show(run)}; impacts ${run.impacts.map((i) => `${i.name}/${i.cause}`).join(', ')}`);

    const php = (r: typeof run | typeof baseline) => r.findings.find((f) => f.name === 'php-executes-in-images');
    expect(php(baseline)).toMatchObject({ cause: 'upgrade', severity: 'high' });
    expect(php(run)).toMatchObject({ cause: 'upgrade', severity: 'high' });
    expect(baseline.findings.filter((f) => f.cause === 'fault')).toEqual([]);
    const grant = run.findings.filter((f) => f.name.startsWith('db-grant-broader:'));
    expect(grant.length).toBeGreaterThan(0);
    for (const f of grant) expect(f).toMatchObject({ cause: 'fault', severity: 'medium' });
    // Only internals count: the mixed versions' MediaWiki error pages show none.
    for (const r of [baseline, run]) expect(r.findings.filter((f) => /^error-page-leak:(stack-trace|path|sql|credential)$/.test(f.name))).toEqual([]);

    if (baseline.valid) expect(baseline.impacts.find((i) => i.name === 'security-vulnerability')).toMatchObject({ cause: 'upgrade' });
    if (run.valid) expect(run.impacts.find((i) => i.name === 'security-vulnerability')).toMatchObject({ cause: 'fault' });
    for (const r of [baseline, run]) expect(await countLabelled(docker, r.run_id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
