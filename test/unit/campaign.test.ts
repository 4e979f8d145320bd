// Campaign files: checked where they are written, expanded into runs with shared baselines and
// stable ids, and cut into shards that together run everything once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CampaignPlan, phaseSeconds, procedureSeconds, runSeconds, scenarioOf, shardOf } from '../../harness/campaign/expand.ts';
import { loadCampaignFile, parseCampaign } from '../../harness/campaign/load.ts';
import { formatIssue } from '../../harness/input-issues.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-campaign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bench = (...args: string[]) => spawnSync(process.execPath, ['harness/bench.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

/** A campaign over the bundled rolling scenario, written beside it so that `base` resolves. */
const campaign = (body: string) => parseCampaign(`name: c\nbase: ../scenarios/rolling-baseline.yaml\n${body}`, join(process.cwd(), 'test', 'c.yaml'));
const planOf = async (body: string): Promise<CampaignPlan> => {
  const r = await campaign(body);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.plan;
};
const problems = async (body: string) => {
  const r = await campaign(body);
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe('expanding a campaign', () => {
  it('the bundled one: one baseline per strategy, seed and trial, before the fault runs it serves; what cannot run is dropped with why', async () => {
    const r = await loadCampaignFile('scenarios/campaigns/sweep-config-faults.yaml');
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
    const { runs, baselines, dropped } = r.plan;
    // rolling: typo-php-ini and 4 of the 5 semantic kinds (old-database is Imago's); imago: all 6.
    expect(runs.filter((x) => x.kind !== null).map((x) => `${x.strategy}/${x.kind}`)).toHaveLength(11);
    expect(baselines).toBe(2);
    expect(dropped).toEqual([{ strategy: 'rolling', kind: 'old-database', reason: expect.stringMatching(/^applies at no point of rolling \(.*\(imago only\)\)$/) }]);
    expect(new Set(runs.map((x) => x.id)).size).toBe(runs.length);
    for (const [i, run] of runs.entries()) {
      if (run.kind === null) continue;
      const baseline = runs.findIndex((x) => x.id === run.baseline);
      expect(baseline, run.id).toBeGreaterThanOrEqual(0);
      expect(baseline).toBeLessThan(i);
      expect(runs[baseline]).toMatchObject({ kind: null, at: null, strategy: run.strategy, seed: run.seed, trial: run.trial });
    }
    // 60 s of load outlast either procedure: each run costs its load and the phases beside it.
    const beside = phaseSeconds.up + phaseSeconds.prime + phaseSeconds.after;
    expect(r.plan.run_s).toEqual({ rolling: Math.round(60 + beside), imago: Math.round(60 + beside) });
    expect(r.plan.estimate_s).toBe(runs.length * Math.round(60 + beside));
  });

  it('a load shorter than the procedure costs what the procedure holds it open; shards add up to the whole', async () => {
    const r = await loadCampaignFile('scenarios/campaigns/sweep-config-faults.yaml');
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
    const short = { ...r.base, workload: { ...r.base.workload, duration: 5000 } };
    expect(runSeconds(short, 'rolling')).toBe(Math.round(phaseSeconds.up + phaseSeconds.prime + (10_000 + procedureSeconds.rolling * 1000 + 5000) / 1000 + phaseSeconds.after));
    expect(runSeconds(short, 'none')).toBeLessThan(runSeconds(short, 'rolling'));
    const shards = [1, 2, 3].map((i) => shardOf(r.plan, i, 3));
    const extra = shards.reduce((n, s) => n + s.baselines, 0) - r.plan.baselines;
    expect(shards.reduce((sum, s) => sum + s.estimate_s, 0)).toBe(r.plan.estimate_s + extra * r.plan.run_s.rolling!);
  });

  it('sweeps seeds x trials, and ids say what a run is, whatever the order params were written in', async () => {
    const plan = await planOf('strategies: [rolling]\nfaults: [{ kind: typo-php-ini, params: { directive: display_errors, part: name } }]\nat: all\ntrials: 2\nseeds: [1, 7]\n');
    expect(plan.baselines).toBe(4);
    expect(plan.runs.filter((x) => x.kind === null).map((x) => x.id)).toEqual(['rolling.baseline.s1.t1', 'rolling.baseline.s1.t2', 'rolling.baseline.s7.t1', 'rolling.baseline.s7.t2']);
    const reordered = await planOf('strategies: [rolling]\nfaults: [{ kind: typo-php-ini, params: { part: name, directive: display_errors } }]\nat: all\ntrials: 2\nseeds: [1, 7]\n');
    expect(reordered.runs.map((x) => x.id)).toEqual(plan.runs.map((x) => x.id));
    const other = await planOf('strategies: [rolling]\nfaults: [{ kind: typo-php-ini, params: { directive: memory_limit } }]\nat: all\n');
    expect(other.runs[1]!.id).not.toBe(plan.runs[1]!.id);
  });

  it('a listed point where a kind cannot act is dropped with the reason; a point of no swept strategy is an error at its line', async () => {
    // A php.ini typo acts on a new frontend: there is none before the schema migrates.
    const plan = await planOf('strategies: [rolling]\nfaults: [{ kind: typo-php-ini }]\nat: [before:migrate-schema, after:replace:web-1]\n');
    expect(plan.runs.filter((x) => x.kind).map((x) => x.at)).toEqual(['after:replace:web-1']);
    expect(plan.dropped).toHaveLength(1);
    expect(plan.dropped[0]).toMatchObject({ strategy: 'rolling', kind: 'typo-php-ini', at: 'before:migrate-schema', reason: expect.any(String) });
    expect(await problems('strategies: [rolling]\nfaults: [all]\nat: [after:warp-drive]\n')).toEqual([
      expect.stringMatching(/c\.yaml:5:6 at\.0: found "after:warp-drive", expected an injection point of rolling/),
    ]);
  });

  it('each run is the base with its strategy, seed and one trial, and its fault with the params filled; a baseline has none', async () => {
    const r = await campaign('strategies: [imago]\nfaults: [{ kind: typo-php-ini, params: { directive: display_errors } }]\nseeds: [3]\n');
    if (!r.ok) throw new Error('invalid');
    const [baseline, run] = r.plan.runs;
    const scenario = scenarioOf(r.campaign, r.base, run!);
    expect(scenario).toMatchObject({ upgrade: { strategy: 'imago' }, seed: 3, trials: 1, testbed: r.base.testbed, workload: r.base.workload });
    expect(scenario.fault).toMatchObject({ class: 'simple-config', kind: 'typo-php-ini', at: run!.at, params: { directive: 'display_errors', part: 'value' } });
    expect(scenarioOf(r.campaign, r.base, baseline!).fault).toBeUndefined();
  });
});

describe('bundled campaigns', () => {
  it('every one validates and expands to runs', async () => {
    const files = (await readdir('scenarios/campaigns')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) {
      const r = await loadCampaignFile(`scenarios/campaigns/${f}`);
      expect(r.ok ? [] : r.issues.map(formatIssue), f).toEqual([]);
      if (r.ok) expect(r.plan.runs.length, f).toBeGreaterThan(r.plan.baselines);
    }
  });
});

describe('shards', () => {
  it('together run every fault run once; each has the baselines its runs need, at most n - 1 extra in all, and loads within one run', async () => {
    const plan = await planOf('strategies: [rolling, imago, offline]\nfaults: [all]\nat: first\ntrials: 2\n');
    const faultRuns = plan.runs.filter((x) => x.kind !== null);
    expect(faultRuns.length).toBeGreaterThan(40);
    for (const n of [1, 2, 3, 7, faultRuns.length, faultRuns.length + 5]) {
      const shards = Array.from({ length: n }, (_, i) => shardOf(plan, i + 1, n));
      const mine = shards.flatMap((s) => s.runs.filter((x) => x.kind !== null).map((x) => x.id));
      expect(mine.sort()).toEqual(faultRuns.map((x) => x.id).sort());
      for (const s of shards) {
        const needed = new Set(s.runs.filter((x) => x.kind !== null).map((x) => x.baseline));
        expect(new Set(s.runs.filter((x) => x.kind === null).map((x) => x.id))).toEqual(needed);
        expect(s.baselines).toBe(needed.size);
      }
      expect(shards.reduce((sum, s) => sum + s.baselines, 0) - plan.baselines).toBeLessThanOrEqual(n - 1);
      const sizes = shards.map((s) => s.runs.filter((x) => x.kind !== null).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});

describe('campaign files that are wrong: every problem at its line', () => {
  it('an unknown kind, a bad param of a kind, an unknown field', async () => {
    expect(await problems('faults:\n  - { kind: typo-php-ini, params: { directive: 5 } }\n  - { kind: typo-everything }\nshards: 3\n')).toEqual([
      expect.stringMatching(/c\.yaml:4:48 faults\.0\.params\.directive: found the number 5, expected .*string/),
      expect.stringMatching(/c\.yaml:5:5 faults\.1: found .*typo-everything.*, expected a fault selector/),
      expect.stringMatching(/c\.yaml:6:1 shards: found unknown field "shards", expected one of the fields name, description, base, strategies, faults, at, trials, seeds/),
    ]);
  });

  it('an inline base is checked where it is written; a base file that does not exist is named', async () => {
    const inline = await parseCampaign('name: c\nbase:\n  name: b\n  testbed: { from: "1.35", to: "1.39", frontends: 0 }\n  upgrade: { strategy: rolling }\nfaults: [all]\n', 'inline.yaml');
    expect(inline.ok ? [] : inline.issues.map(formatIssue)).toEqual([expect.stringMatching(/^inline\.yaml:4:51 base\.testbed\.frontends: found the number 0, expected/)]);
    const missing = await parseCampaign('name: c\nbase: nowhere.yaml\nfaults: [all]\n', join(dir, 'm.yaml'));
    expect(missing.ok ? [] : missing.issues.map(formatIssue)).toEqual([expect.stringMatching(/nowhere\.yaml:0:0 \(top level\): found an unreadable file \(ENOENT\)/)]);
  });

  it('a file with base but no faults is a campaign missing its faults, not a scenario with unknown fields', () => {
    writeFileSync(join(dir, 'nofaults.yaml'), 'name: c\nbase: ../x.yaml\n');
    const r = bench('validate', join(dir, 'nofaults.yaml'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nofaults\.yaml:1:1 faults: found nothing \(the field is missing\), expected the required field faults/);
  });

  it('a campaign that leaves no run says why', async () => {
    expect(await problems('strategies: [none]\nfaults: [{ class: data-access }]\n')).toEqual([
      expect.stringMatching(/faults: found no run: none\/missing-grant: none has no steps; .*, expected at least one kind/),
    ]);
  });
});

describe('bench validate and bench plan on a campaign', { timeout: 60_000 }, () => {
  it('validate says how many runs and what it dropped; plan --json gives the runs, baselines and estimate; --shard cuts it', () => {
    const file = 'scenarios/campaigns/sweep-config-faults.yaml';
    const validate = bench('validate', file, 'scenarios/rolling-baseline.yaml');
    expect(validate.status, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/ok {3}scenarios\/campaigns\/sweep-config-faults\.yaml \(campaign: 13 runs, 2 of them baselines\)\n {5}dropped rolling x old-database: /);
    const plan = JSON.parse(bench('plan', file, '--json').stdout);
    expect(Object.keys(plan)).toEqual(expect.arrayContaining(['runs', 'baselines', 'estimate_s']));
    expect(plan.runs[0]).toEqual({ id: 'rolling.baseline.s1.t1', strategy: 'rolling', kind: null, at: null, seed: 1, trial: 1, baseline: null });
    const shard = JSON.parse(bench('plan', file, '--json', '--shard', '2/2').stdout);
    expect(shard.runs.length).toBeLessThan(plan.runs.length);
    for (const bad of ['0/2', '3/2', 'x']) expect(bench('plan', file, '--shard', bad).status, bad).toBe(2);
    expect(bench('plan', 'scenarios/rolling-baseline.yaml', '--shard', '1/2').status).toBe(2);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'name: c\nbase: x.yaml\nfaults: [{ kind: nope }]\n');
    const r = bench('validate', broken);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:3:/);
  });
});
