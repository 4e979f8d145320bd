import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { median } from 'simple-statistics';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignSummary, foldDuplicates, orderPoints, reportSummary, strategyPairs, type CampaignSummary } from '../../analysis/statistics/campaign.ts';
import type { Impact, ImpactName } from '../../analysis/measure/impacts.ts';
import type { Journal } from '../../analysis/measure/journal-schema.ts';
import { toRunView, type RunView } from '../../analysis/statistics/journal-view.ts';
import { renderHtml } from '../../reports/html.ts';
import { junitReport } from '../../reports/junit.ts';
import { markdownSummary } from '../../reports/markdown.ts';
import { finishedJournal, killedJournal } from '../journal-fixture.ts';

const classOf: Record<string, string> = { 'typo-php-ini': 'simple-config', 'disk-full': 'environment', 'old-database': 'semantic-config', 'too-few-workers': 'semantic-config' };
const stepsOf: Record<string, string[]> = {
  rolling: ['snapshot-db', 'migrate-schema', 'drain:web-1', 'replace:web-1', 'undrain:web-1', 'drain:web-2', 'replace:web-2', 'undrain:web-2'],
  imago: ['bootstrap-universe', 'transfer-data', 'migrate-schema', 'catch-up', 'compare', 'quiesce', 'flush', 'switch-over'],
};

interface RunSpec {
  strategy: string;
  /** null: the baseline. */
  kind: string | null;
  at?: string;
  trial?: number;
  outage?: number;
  lostWrites?: number;
  impacts?: Array<[ImpactName, Impact['cause']]>;
  complete?: boolean;
  valid?: boolean;
  outcome?: 'completed' | 'aborted' | 'failed';
  slo?: 'pass' | 'fail';
  campaign?: string;
  /** Another run id for the same plan id (a second shard's run). */
  runSuffix?: string;
  startedAt?: string;
}

/** The plan id bench plan gives such a run. */
const planIdOf = (s: RunSpec) => [s.strategy, s.kind ?? 'baseline', ...(s.kind ? [s.at!.replace(/:/g, '_')] : []), 's1', `t${s.trial ?? 1}`].join('.');

/** The fixture's finished journal, measured once (each measurement takes a while); every journal here is derived from it without changing it. */
const base = finishedJournal();

/** A campaign run's journal, derived from the fixture's as bench sweep would write it. */
function campaignJournal(s: RunSpec): Journal {
  const campaign = s.campaign ?? 'sweep';
  const plan_id = planIdOf(s);
  const fault = s.kind ? { class: classOf[s.kind]!, kind: s.kind, params: {}, at: s.at! } : undefined;
  const { fault: _none, ...faultFree } = base.scenario.parsed;
  const parsed = { ...faultFree, name: `${campaign}.${plan_id}`, upgrade: { ...base.scenario.parsed.upgrade, strategy: s.strategy }, ...(fault ? { fault } : {}) };
  const role = s.kind ? ('run' as const) : ('baseline' as const);
  const head = {
    run_id: `${campaign}.${plan_id}-20261201-000000-${s.runSuffix ?? 'aaaa'}`,
    role,
    campaign,
    plan_id,
    started_at: s.startedAt ?? base.started_at,
    scenario: { name: `${campaign}.${plan_id}`, file: `campaigns/${campaign}.yaml`, parsed },
    baseline_run_id: s.kind ? `${campaign}.${[s.strategy, 'baseline', 's1', `t${s.trial ?? 1}`].join('.')}-20261201-000000-aaaa` : undefined,
  };
  if (s.complete === false) return { ...killedJournal(), ...head };
  const verdict = s.slo ?? 'pass';
  const outage = s.outage ?? 0;
  return {
    ...base,
    ...head,
    valid: s.valid ?? true,
    invalid_reasons: s.valid === false ? ['the load generator fell behind'] : [],
    upgrade: { strategy: s.strategy, outcome: s.outcome ?? 'completed', steps: stepsOf[s.strategy]!.map((name, i) => ({ name, start_s: 5 + i, end_s: 5.5 + i, outcome: 'ok' as const })), faults: [] },
    slo: { verdict, checks: base.slo.checks.map((c) => ({ ...c, verdict })) },
    impacts: (s.impacts ?? []).map(([name, cause]) => ({ name, cause, evidence: [`${name} seen`] })),
    summary: { ...base.summary, outage_s: outage, lost_writes: s.lostWrites ?? 0 },
  };
}
const view = (s: RunSpec): RunView => toRunView(campaignJournal(s), null, `/results/${planIdOf(s)}`);

const typoAt = 'after:replace:web-1';
const undrainAt = 'before:undrain:web-1';
/** Shard 1 of 2: the rolling baseline, typo-php-ini at two points (three trials at the first). */
const shard1 = (): RunView[] => [
  view({ strategy: 'rolling', kind: null, outage: 0.4 }),
  view({ strategy: 'rolling', kind: null, trial: 2, outage: 0.2 }),
  view({ strategy: 'rolling', kind: null, trial: 3, outage: 0 }),
  view({ strategy: 'rolling', kind: 'typo-php-ini', at: typoAt, outage: 2, impacts: [['full-outage', 'fault']] }),
  view({
    strategy: 'rolling',
    kind: 'typo-php-ini',
    at: typoAt,
    trial: 2,
    outage: 9,
    lostWrites: 3,
    impacts: [
      ['full-outage', 'fault'],
      ['increased-latency', 'upgrade'],
    ],
    slo: 'fail',
  }),
  view({ strategy: 'rolling', kind: 'typo-php-ini', at: typoAt, trial: 3, outage: 4, impacts: [['increased-latency', 'upgrade']], outcome: 'aborted' }),
  view({ strategy: 'rolling', kind: 'typo-php-ini', at: undrainAt, outage: 1 }),
];
/** Shard 2 of 2: the same baseline run again (its cut fell inside its runs), disk-full, one killed and one invalid run. */
const shard2 = (): RunView[] => [
  view({ strategy: 'rolling', kind: null, outage: 0.3, runSuffix: 'bbbb', startedAt: '2026-12-02T00:00:00.000Z' }),
  view({ strategy: 'rolling', kind: 'disk-full', at: typoAt, outage: 0, impacts: [['latent-error', 'fault']] }),
  view({ strategy: 'rolling', kind: 'disk-full', at: typoAt, trial: 2, complete: false }),
  view({ strategy: 'rolling', kind: 'disk-full', at: typoAt, trial: 3, valid: false, outage: 50 }),
];

const cellOf = (s: CampaignSummary, kind: string, at: string) => s.cells.find((c) => c.fault_kind === kind && c.at === at)!;

describe('merging the shards of a campaign', () => {
  it('counts each plan id once, folding the baseline both shards ran, and covers the union', () => {
    const s = campaignSummary('sweep', [...shard1(), ...shard2()]);
    expect(s.runs).toEqual({ journals: 11, plan_ids: 10, fault_runs: 7, baselines: 3, duplicates_folded: 1, counted: 8, incomplete: 1, invalid: 1 });
    expect(s.missing_baselines).toEqual([]);
    expect(s.cells.map((c) => `${c.fault_kind}@${c.at}`).sort()).toEqual([`disk-full@${typoAt}`, `typo-php-ini@${typoAt}`, `typo-php-ini@${undrainAt}`].sort());
    // Shard 2 alone lacks the baselines of trials 2 and 3, which shard 1 ran.
    expect(campaignSummary('sweep', shard2()).missing_baselines).toEqual(['rolling.baseline.s1.t2', 'rolling.baseline.s1.t3']);
    expect(campaignSummary('sweep', shard2().slice(1)).missing_baselines).toEqual(['rolling.baseline.s1.t1', 'rolling.baseline.s1.t2', 'rolling.baseline.s1.t3']);
  });
  it('keeps the complete run of a plan id seen twice, whatever the order', () => {
    const done = view({ strategy: 'rolling', kind: 'disk-full', at: typoAt, outage: 3 });
    const killed = view({ strategy: 'rolling', kind: 'disk-full', at: typoAt, complete: false, runSuffix: 'cccc', startedAt: '2026-12-03T00:00:00.000Z' });
    for (const order of [
      [done, killed],
      [killed, done],
    ]) {
      const folded = foldDuplicates(order);
      expect(folded.folded).toBe(1);
      expect(folded.runs.map((r) => r.run_id)).toEqual([done.run_id]);
    }
  });
  it('counts a shard copied twice once', () => {
    const once = campaignSummary('sweep', [...shard1(), ...shard2()]);
    const twice = campaignSummary('sweep', [...shard1(), ...shard2(), ...shard1()]);
    expect(twice.runs.duplicates_folded).toBe(once.runs.duplicates_folded + shard1().length);
    expect(twice.cells).toEqual(once.cells);
  });
  it('says, against the plan, which planned runs no shard holds and which are only incomplete; rows in the plan order', () => {
    const runs = [...shard1(), ...shard2()];
    const planned = [...runs.filter((r) => r.fault_kind !== 'disk-full'), ...runs.filter((r) => r.fault_kind === 'disk-full')];
    const entry = (r: RunView) => ({ id: r.plan_id!, strategy: r.strategy, kind: r.fault_kind, at: r.fault_at, baseline: null });
    const lost = 'rolling.typo-php-ini.before_undrain_web-1.s1.t2';
    const plan = { campaign: 'sweep', runs: [...planned.map(entry), { id: lost, strategy: 'rolling', kind: 'typo-php-ini', at: undrainAt, baseline: 'rolling.baseline.s1.t2' }] };
    const s = campaignSummary('sweep', runs, [plan, plan, { ...plan, campaign: 'other' }]);
    expect(s.coverage).toEqual({ planned: 11, complete: 9, missing: [lost], incomplete: ['rolling.disk-full.after_replace_web-1.s1.t2'] });
    expect(s.heatmaps[0]!.rows.map((r) => r.fault_kind)).toEqual(['typo-php-ini', 'disk-full']);
    expect(campaignSummary('sweep', runs).coverage).toBeNull();
  });
  it('leaves out the runs of other campaigns and of none', () => {
    const other = view({ strategy: 'rolling', kind: 'disk-full', at: undrainAt, campaign: 'other' });
    const s = campaignSummary('sweep', [...shard1(), other]);
    expect(s.cells.some((c) => c.at === undrainAt && c.fault_kind === 'disk-full')).toBe(false);
    const summary = reportSummary([...shard1(), other, toRunView(base, null)]);
    expect(summary.campaigns.map((c) => c.campaign)).toEqual(['other', 'sweep']);
    expect(summary.other_runs).toEqual([{ scenario: 'fixture-rolling', role: 'run', runs: 1, incomplete: 0, slo: { pass: 0, fail: 1, unknown: 0 } }]);
  });
});

describe('a cell of the campaign report', () => {
  const s = campaignSummary('sweep', [...shard1(), ...shard2()]);
  it('gives the median outage and lost writes with a bootstrap CI of the median from two runs on', () => {
    const typo = cellOf(s, 'typo-php-ini', typoAt);
    expect(typo.runs).toEqual({ total: 3, counted: 3, incomplete: 0, invalid: 0 });
    expect(typo.outage_s.median).toBe(median([2, 9, 4]));
    expect(typo.outage_s.ci95).not.toBeNull();
    const [lo, hi] = typo.outage_s.ci95!;
    expect(lo).toBeGreaterThanOrEqual(2);
    expect(hi).toBeLessThanOrEqual(9);
    expect(lo).toBeLessThanOrEqual(typo.outage_s.median!);
    expect(hi).toBeGreaterThanOrEqual(typo.outage_s.median!);
    expect(typo.lost_writes).toMatchObject({ n: 3, median: 0, max: 3 });
    const single = cellOf(s, 'typo-php-ini', undrainAt);
    expect(single.outage_s).toMatchObject({ n: 1, median: 1, ci95: null });
  });
  it('counts fault-caused impacts only, the upgrade outcomes and the SLO', () => {
    const typo = cellOf(s, 'typo-php-ini', typoAt);
    expect(typo.impacts).toEqual({ 'full-outage': 2 });
    expect(typo.any_impact).toBe(2);
    expect(typo.outcomes).toEqual({ completed: 2, aborted: 1 });
    expect(typo.slo).toEqual({ pass: 2, fail: 1, unknown: 0 });
  });
  it('keeps killed and invalid runs out of the figures, counted apart', () => {
    const disk = cellOf(s, 'disk-full', typoAt);
    expect(disk.runs).toEqual({ total: 3, counted: 1, incomplete: 1, invalid: 1 });
    expect(disk.outage_s).toMatchObject({ n: 1, median: 0 });
    expect(disk.impacts).toEqual({ 'latent-error': 1 });
    expect(disk.outcomes).toEqual({ completed: 2 });
  });
  it('gives the baselines their own noise, the later of two complete runs of one plan id kept', () => {
    expect(s.baselines).toHaveLength(1);
    // Trial 1 ran on both shards (0.4 s, then 0.3 s a day later): the later one counts.
    expect(s.baselines[0]).toMatchObject({ strategy: 'rolling', runs: { total: 3, counted: 3 }, outage_s: { n: 3, median: 0.2, min: 0, max: 0.3 }, with_impact: 0 });
  });
});

describe('the heatmap', () => {
  it('has a row per kind and a column per injection point in procedure order, empty where nothing ran', () => {
    const [m, ...rest] = campaignSummary('sweep', [...shard1(), ...shard2()]).heatmaps;
    expect(rest).toEqual([]);
    expect(m!.strategy).toBe('rolling');
    expect(m!.rows).toEqual([
      { fault_class: 'environment', fault_kind: 'disk-full' },
      { fault_class: 'simple-config', fault_kind: 'typo-php-ini' },
    ]);
    expect(m!.columns).toEqual([typoAt, undrainAt]);
    expect(m!.values.map((r) => r.length)).toEqual([2, 2]);
    expect(m!.values[0]![1]).toBeNull();
    expect(m!.values[1]![0]).toEqual({ n: 3, median_outage_s: 4, impact_share: 2 / 3 });
    expect(m!.values[0]![0]).toEqual({ n: 1, median_outage_s: 0, impact_share: 1 });
  });
  it('orders points by their step, before ahead of after, unknown steps last', () => {
    expect(orderPoints(['after:b', 'x:zz', 'before:b', 'after:a'], ['a', 'b'])).toEqual(['after:a', 'before:b', 'after:b', 'x:zz']);
  });
});

describe('strategies compared per fault class', () => {
  const trials = [1, 2, 3, 4, 5];
  const runs = () => [
    ...trials.map((t) => view({ strategy: 'rolling', kind: 'too-few-workers', at: typoAt, trial: t, outage: 8 + t, lostWrites: t })),
    ...trials.map((t) => view({ strategy: 'imago', kind: 'too-few-workers', at: 'after:bootstrap-universe', trial: t, outage: t / 10, lostWrites: 0 })),
    // Imago only: left out of the comparison.
    view({ strategy: 'imago', kind: 'old-database', at: 'after:bootstrap-universe', outage: 100 }),
  ];
  it('puts imago against rolling first, with rolling as the reference', () => {
    expect(strategyPairs(['offline', 'rolling', 'imago', 'big-flip'])).toEqual([
      ['rolling', 'imago'],
      ['big-flip', 'imago'],
      ['big-flip', 'offline'],
      ['rolling', 'big-flip'],
      ['imago', 'offline'],
      ['rolling', 'offline'],
    ]);
  });
  it('finds imago clearly smaller: a negative delta and a small p, over the kinds both ran', () => {
    const s = campaignSummary('sweep', runs());
    expect(s.comparisons).toHaveLength(1);
    const c = s.comparisons[0]!;
    expect(c).toMatchObject({ fault_class: 'semantic-config', a: 'rolling', b: 'imago', kinds: ['too-few-workers'], left_out: ['old-database'] });
    expect(c.outage_s.n_a).toBe(5);
    expect(c.outage_s.n_b).toBe(5);
    expect(c.outage_s.cliffs_delta).toBe(-1);
    expect(c.outage_s.mann_whitney!.p).toBeLessThan(0.05);
    expect(c.outage_s.significant).toBe(true);
    expect(c.lost_writes.cliffs_delta).toBe(-1);
    expect(s.heatmaps.map((m) => m.strategy)).toEqual(['imago', 'rolling']);
  });
});

describe('the campaign in the reports', () => {
  const views = () => [...shard1(), ...shard2()];
  it('puts the campaign tables in the Markdown summary', () => {
    const md = markdownSummary(views());
    expect(md).toContain('### Campaign sweep');
    expect(md).toContain('11 journal(s) of campaign sweep: 10 run(s) of its plan (7 fault run(s), 3 baseline(s)); 1 duplicate(s) of a plan id folded');
    expect(md).toMatch(/\| rolling \| simple-config \| typo-php-ini \| after:replace:web-1 \| 3\/3 \| completed 2\/3, aborted 1\/3 \| full-outage 2\/3 \| 1\/3 \| 4\.0 \[\d+\.\d, \d+\.\d\] \|/);
    expect(md).toContain('| class / kind | after:replace:web-1 | before:undrain:web-1 |');
    expect(md).toContain('| simple-config / typo-php-ini | 🟧 4.0 s · 2/3 | 🟩 1.0 s · 0/1 |');
    expect(md).toContain('| environment / disk-full | 🟥 0.0 s · 1/1 |  |');
    expect(md).toContain('#### Baselines (no fault)');
  });
  it('puts the campaign section, with a coloured heatmap table per strategy, in the HTML', () => {
    const html = renderHtml(views(), { now: new Date('2026-12-01T00:00:00Z') });
    expect(html).toContain('<section id="campaign"><h2>Campaign report</h2>');
    expect(html).toContain('<a href="#campaign">campaign</a>');
    expect(html).toMatch(/<table class="heatmap" data-heatmap="rolling" data-figure="sweep-heatmap-rolling"><caption>rolling: fault kind × injection point<\/caption>/);
    expect(html).toMatch(/<td class="hm-cell" style="background:#fb8f44;color:#1b1f24" title="[^"]*">4\.0 s · 2\/3<\/td>/);
    expect(html).toContain('<th>outage s: median [95% CI]</th>');
    expect(html).toContain('Strategies compared per fault class');
    // Runs of no campaign: no campaign section.
    expect(renderHtml([toRunView(base, null)])).not.toContain('id="campaign"');
  });
  it('keeps JUnit one test case per run: the shared baselines are named, not cases', () => {
    const xml = junitReport(views());
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml);
    const cases = doc.testsuites.testsuite.testcase as Array<Record<string, any>>;
    expect(cases).toHaveLength(7);
    expect(cases.map((c) => c.name)).not.toContain('sweep.rolling.baseline.s1.t1');
    expect(doc.testsuites.testsuite).toMatchObject({ tests: '7', failures: '1', errors: '1' });
    const typo = cases.find((c) => c.name === 'sweep.rolling.typo-php-ini.after_replace_web-1.s1.t1')!;
    expect(typo['system-out']).toContain('baseline sweep.rolling.baseline.s1.t1-20261201-000000-aaaa');
  });
});

describe('bench report over two shard directories', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-campaign-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (shard: string, specs: RunSpec[]) => {
    for (const spec of specs) {
      const runDir = join(dir, shard, 'sweep', planIdOf(spec));
      mkdirSync(runDir, { recursive: true });
      writeFileSync(join(runDir, 'journal.json'), JSON.stringify(campaignJournal(spec)));
    }
  };
  it('merges them into one campaign summary on stdout (--json) and writes the HTML and Markdown', () => {
    write('shard-1', [
      { strategy: 'rolling', kind: null },
      { strategy: 'rolling', kind: 'typo-php-ini', at: typoAt, outage: 3, impacts: [['full-outage', 'fault']] },
    ]);
    write('shard-2', [
      { strategy: 'rolling', kind: null, runSuffix: 'bbbb' },
      { strategy: 'rolling', kind: 'disk-full', at: typoAt, outage: 1 },
    ]);
    // Each shard's sweep writes the whole plan; one planned run is in neither shard.
    const plan = {
      campaign: 'sweep',
      runs: [
        'rolling.baseline.s1.t1',
        `rolling.typo-php-ini.${typoAt.replace(/:/g, '_')}.s1.t1`,
        `rolling.disk-full.${typoAt.replace(/:/g, '_')}.s1.t1`,
        'rolling.disk-full.before_undrain_web-1.s1.t1',
      ].map((id) => ({ id, strategy: 'rolling', kind: null, at: null, baseline: null })),
    };
    for (const shard of ['shard-1', 'shard-2']) writeFileSync(join(dir, shard, 'sweep', 'plan.json'), JSON.stringify(plan));
    const r = spawnSync(process.execPath, ['harness/bench.mjs', 'report', join(dir, 'shard-1'), join(dir, 'shard-2'), '--json', '--out', join(dir, 'r.html'), '--markdown', join(dir, 's.md')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.runs).toBe(4);
    expect(json.other_runs).toEqual([]);
    expect(json.campaigns).toHaveLength(1);
    expect(json.campaigns[0].runs).toMatchObject({ journals: 4, plan_ids: 3, fault_runs: 2, baselines: 1, duplicates_folded: 1 });
    expect(json.campaigns[0].coverage).toEqual({ planned: 4, complete: 3, missing: ['rolling.disk-full.before_undrain_web-1.s1.t1'], incomplete: [] });
    expect(json.campaigns[0].cells.map((c: { fault_kind: string; outage_s: { median: number } }) => `${c.fault_kind} ${c.outage_s.median}`)).toEqual(['disk-full 1', 'typo-php-ini 3']);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('data-heatmap="rolling"');
    expect(readFileSync(join(dir, 's.md'), 'utf8')).toContain('Against the plan (plan.json): 3 of 4 planned runs complete; no journal for rolling.disk-full.before_undrain_web-1.s1.t1.');
  });
  it('refuses a plan.json that is no plan, naming it (exit 2)', () => {
    writeFileSync(join(dir, 'shard-2', 'sweep', 'plan.json'), '{"campaign": "sweep"}');
    const r = spawnSync(process.execPath, ['harness/bench.mjs', 'report', join(dir, 'shard-1'), join(dir, 'shard-2'), '--out', join(dir, 'r2.html')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'shard-2', 'sweep', 'plan.json')}: not a campaign plan`);
  });
});
