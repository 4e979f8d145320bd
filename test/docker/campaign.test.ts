// A small campaign (2 kinds x 2 injection points x rolling, short load) swept as two shards into
// two directories, as two machines would; the first shard is interrupted with Ctrl-C in the middle
// of a run and resumed by the same command; then the two directories merge into one report.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { readRunViews } from '../../reports/journal-files.ts';

let docker: Engine;
let work: string;
let file: string;

const campaign = `name: small-sweep
base:
  name: small-sweep-base
  testbed: { from: "1.35", to: "1.39", frontends: 2, pages: 20 }
  workload: { duration: 20s, rate: 10 }
  upgrade: { strategy: rolling, start_after: 5s }
faults: [{ kind: typo-php-ini }, { kind: read-only-left-on }]
at: [after:replace:web-1, after:replace:web-2]
`;

beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35', '1.39']), (line) => console.log(`images: ${line}`));
  work = await mkdtemp(join(tmpdir(), 'bench-campaign-test-'));
  file = join(work, 'small-sweep.yaml');
  await writeFile(file, campaign);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Outcome {
  id: string;
  outcome: 'ran' | 'skipped' | 'failed' | 'blocked';
  journal?: string;
  error?: string;
}

function sweep(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli.ts', 'sweep', file, '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));
const planIds = (shard: string) =>
  (JSON.parse(spawnSync(process.execPath, ['harness/bench.mjs', 'plan', file, '--json', '--shard', shard], { encoding: 'utf8' }).stdout).runs as Array<{ id: string }>).map((r) => r.id);

describe('a campaign swept as two shards, interrupted and resumed, then merged', { timeout: 20 * 60_000 }, () => {
  it('resumes where Ctrl-C stopped it, each shard runs its part, and the merge covers the whole plan', async () => {
    const one = join(work, 'machine-1');
    const two = join(work, 'machine-2');
    const shard1 = planIds('1/2');
    const shard2 = planIds('2/2');
    const all = planIds('1/1');
    expect([...new Set([...shard1, ...shard2])].sort()).toEqual([...all].sort());
    expect(shard1[0]).toBe('rolling.baseline.s42.t1');
    expect(shard2[0]).toBe('rolling.baseline.s42.t1');

    // Shard 1, stopped with Ctrl-C once its first fault run is under load.
    const victim = shard1[1]!;
    const first = sweep(['--shard', '1/2', '--results', one]);
    const journal = join(one, 'small-sweep', victim, 'journal.json');
    for (const deadline = Date.now() + 8 * 60_000; ; await sleep(500)) {
      if (Date.now() > deadline) throw new Error(`${victim} never got under load:\n${first.stderr()}`);
      const phase = existsSync(journal) ? (await readJson(journal).catch(() => ({})))?.phase : undefined;
      if (['warm-up', 'upgrade'].includes(phase)) break;
    }
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    const killed = await readJson(journal);
    expect(killed).toMatchObject({ complete: false, interrupted: true, campaign: 'small-sweep', plan_id: victim });
    expect(await countLabelled(docker, killed.run_id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    const baselineJournal = await readJson(join(one, 'small-sweep', shard1[0]!, 'journal.json'));
    expect(baselineJournal).toMatchObject({ complete: true, role: 'baseline', plan_id: shard1[0] });

    // The same command again: the baseline is kept, the killed run moved aside and run again.
    const resumed = await sweep(['--shard', '1/2', '--results', one]).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const outcomes = JSON.parse(resumed.stdout).runs as Outcome[];
    expect(outcomes.map((o) => [o.id, o.outcome])).toEqual([
      [shard1[0], 'skipped'],
      [shard1[1], 'ran'],
      [shard1[2], 'ran'],
    ]);
    const aside = await readdir(join(one, 'small-sweep', '.incomplete'));
    expect(aside).toHaveLength(1);
    expect(aside[0]!.startsWith(`${victim}-`)).toBe(true);
    expect((await readJson(join(one, 'small-sweep', '.incomplete', aside[0]!, 'journal.json'))).run_id).toBe(killed.run_id);
    // Measured against the baseline the first call ran.
    for (const id of shard1.slice(1)) expect(await readJson(join(one, 'small-sweep', id, 'journal.json'))).toMatchObject({ complete: true, baseline_run_id: baselineJournal.run_id });

    // Shard 2 on "another machine".
    const second = await sweep(['--shard', '2/2', '--results', two]).done;
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout).runs as Outcome[]).map((o) => o.outcome)).toEqual(['ran', 'ran', 'ran']);

    // The two directories, copied side by side, hold the whole plan once (the shared baseline twice).
    const runs = readRunViews([one, two]);
    expect(runs.every((r) => r.complete && r.campaign === 'small-sweep')).toBe(true);
    expect([...new Set(runs.map((r) => r.plan_id))].sort()).toEqual([...all].sort());
    expect(runs.filter((r) => r.role === 'baseline')).toHaveLength(2);
    for (const r of runs.filter((x) => x.role === 'run')) {
      expect(r.fault_kind).toBe(r.plan_id!.split('.')[1]);
      expect(r.fault_at?.replace(/:/g, '_')).toBe(r.plan_id!.split('.')[2]);
    }

    // bench report over both: one campaign report, the baseline folded, the plan covered.
    const report = spawnSync(process.execPath, ['harness/bench.mjs', 'report', one, two, '--json', '--out', join(work, 'campaign.html'), '--markdown', join(work, 'campaign.md')], {
      encoding: 'utf8',
    });
    expect(report.status, report.stderr).toBe(0);
    const [summary] = JSON.parse(report.stdout).campaigns;
    expect(summary.runs).toMatchObject({ journals: 6, plan_ids: 5, fault_runs: 4, baselines: 1, duplicates_folded: 1, incomplete: 0 });
    expect(summary.coverage).toEqual({ planned: 5, complete: 5, missing: [], incomplete: [] });
    expect(summary.cells).toHaveLength(4);
    expect(summary.heatmaps[0]).toMatchObject({ strategy: 'rolling', columns: ['after:replace:web-1', 'after:replace:web-2'] });
    expect(await readFile(join(work, 'campaign.md'), 'utf8')).toContain('small-sweep');
  });
});
