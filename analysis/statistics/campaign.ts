/**
 * The campaign report's numbers: the runs of one campaign, merged from the results directories of
 * its shards, per (strategy, fault class, kind, injection point) cell; a kind x point heatmap per
 * strategy; each fault class compared between strategies; and the baselines' own noise.
 *
 * Merging: a run is known by its plan id (bench plan), the same on every machine. The same plan
 * id found twice (a baseline two shards both ran, a shard copied twice) is one run of the plan:
 * the complete one is kept (then the valid one, then the later one) and the others are counted as
 * folded. Each fault run's impacts were computed against its own baseline when it ran (its
 * journal's `baseline_run_id`), so folding a baseline changes none of them.
 *
 * With the campaign's plan (plan.json, which bench sweep writes beside the runs) it also says which
 * planned runs no shard holds, and the heatmap rows follow the plan's order (the catalog's).
 *
 * Pure: run views (and plans) in, numbers out.
 */
import { median } from 'simple-statistics';
import { z } from 'zod';
import type { RunView } from './journal-view.ts';
import { bootstrapCi, compareSamples, describe, type Comparison } from './stats.ts';
import { counts } from './trials.ts';

/** What the report reads of a campaign's plan.json (bench plan --json has the same shape). */
export const campaignPlanSchema = z.looseObject({
  campaign: z.string(),
  runs: z.array(z.looseObject({ id: z.string(), strategy: z.string(), kind: z.string().nullable(), at: z.string().nullable(), baseline: z.string().nullable() })),
});
export type CampaignPlanFile = z.infer<typeof campaignPlanSchema>;

/** Bootstrap settings of every interval here: the same journals give the same intervals. */
export const campaignBootstrap = { resamples: 2000, seed: 1, level: 0.95 } as const;

/** A size over a cell's runs: the median with its percentile bootstrap 95% CI (null below two runs). */
export interface MedianEstimate {
  n: number;
  median: number | null;
  ci95: [number, number] | null;
  min: number | null;
  max: number | null;
}

export interface RunCounts {
  /** Runs of the plan (plan ids), after folding duplicates. */
  total: number;
  /** Complete and valid: the runs the figures are computed over. */
  counted: number;
  incomplete: number;
  /** Complete but invalid (the load generator could not hold its rate...). */
  invalid: number;
}

export interface CampaignCell {
  strategy: string;
  fault_class: string;
  /** The kind as the plan names it: a kind given params carries their short hash (typo-php-ini-3fa2c1). */
  fault_kind: string;
  at: string;
  runs: RunCounts;
  plan_ids: string[];
  /** How the upgrade ended (completed, aborted, failed...), over the complete runs. */
  outcomes: Record<string, number>;
  /** In how many counted runs each impact was seen, fault-caused only. */
  impacts: Record<string, number>;
  /** Counted runs with at least one fault-caused impact. */
  any_impact: number;
  slo: { pass: number; fail: number; unknown: number };
  outage_s: MedianEstimate;
  lost_writes: MedianEstimate;
}

export interface HeatmapValue {
  /** Counted runs (complete and valid). */
  n: number;
  median_outage_s: number | null;
  /** Share of the counted runs with any fault-caused impact (null without one). */
  impact_share: number | null;
}

/** Per strategy: fault kinds (rows) x injection points (columns); null where nothing ran. */
export interface Heatmap {
  strategy: string;
  rows: Array<{ fault_class: string; fault_kind: string }>;
  columns: string[];
  values: Array<Array<HeatmapValue | null>>;
}

export interface ClassComparison {
  fault_class: string;
  /** The reference (rolling where it is one of the two)... */
  a: string;
  /** ...and the strategy compared against it: a positive Cliff's delta means b tends to be larger. */
  b: string;
  /** The kinds both strategies ran in this class: only their runs are compared. */
  kinds: string[];
  /** Kinds of the class only one of the two ran (left out of the comparison). */
  left_out: string[];
  outage_s: Comparison;
  lost_writes: Comparison;
}

export interface BaselineSummary {
  strategy: string;
  runs: RunCounts;
  outage_s: MedianEstimate;
  lost_writes: MedianEstimate;
  /** Counted baselines that showed any impact: what the bench sees with no fault at all. */
  with_impact: number;
  slo_fail: number;
}

export interface CampaignSummary {
  campaign: string;
  runs: {
    /** Journals found, duplicates included. */
    journals: number;
    /** Distinct plan ids. */
    plan_ids: number;
    fault_runs: number;
    baselines: number;
    /** Journals of a plan id seen before, folded into it. */
    duplicates_folded: number;
    counted: number;
    incomplete: number;
    invalid: number;
  };
  /** Baselines (plan ids) that fault runs here were measured against but that no shard's results hold. */
  missing_baselines: string[];
  /** Against the plan (plan.json), when one was found: planned runs no journal holds, and those only incomplete. */
  coverage: { planned: number; complete: number; missing: string[]; incomplete: string[] } | null;
  strategies: string[];
  cells: CampaignCell[];
  heatmaps: Heatmap[];
  comparisons: ClassComparison[];
  baselines: BaselineSummary[];
}

/** What `bench report --json` prints: each campaign's summary, and a count of the other runs. */
export interface ReportSummary {
  runs: number;
  campaigns: CampaignSummary[];
  /** Runs that belong to no campaign (bench run): per scenario and role, how many and their SLO verdicts. */
  other_runs: Array<{ scenario: string; role: 'run' | 'baseline'; runs: number; incomplete: number; slo: { pass: number; fail: number; unknown: number } }>;
}

const planId = (r: RunView) => r.plan_id ?? r.run_id;

/** The kind as the plan names it: the id's second part (`<strategy>.<kind>[.<point>].s<seed>.t<trial>`). */
export function planKind(r: RunView): string {
  const part = r.plan_id?.split('.')[1];
  return part && part !== 'baseline' && r.fault_kind && part.startsWith(r.fault_kind) ? part : (r.fault_kind ?? 'none');
}

/** The baseline a fault run's plan id calls for: `<strategy>.baseline.s<seed>.t<trial>`. */
export function baselinePlanId(id: string): string | null {
  const parts = id.split('.');
  if (parts.length < 4 || parts[1] === 'baseline') return null;
  return [parts[0], 'baseline', ...parts.slice(-2)].join('.');
}

/** Complete before incomplete, then valid, then the later start (a rerun), then the run id. */
const preference = (r: RunView) => [r.complete ? 1 : 0, r.valid ? 1 : 0, r.started_at ?? '', r.run_id] as const;
function better(x: RunView, y: RunView): RunView {
  const [a, b] = [preference(x), preference(y)];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]! ? x : y;
  return x;
}

/** One run per plan id, and how many journals were folded. */
export function foldDuplicates(runs: readonly RunView[]): { runs: RunView[]; folded: number } {
  const byId = new Map<string, RunView>();
  for (const r of runs) {
    const seen = byId.get(planId(r));
    byId.set(planId(r), seen ? better(seen, r) : r);
  }
  return { runs: [...byId.values()].sort((a, b) => planId(a).localeCompare(planId(b))), folded: runs.length - byId.size };
}

export function medianEstimate(values: readonly number[]): MedianEstimate {
  const d = describe(values);
  const xs = values.filter(Number.isFinite);
  return { n: d.n, median: d.median, ci95: bootstrapCi(xs, campaignBootstrap, median), min: d.min, max: d.max };
}

const metric = (runs: readonly RunView[], m: 'outage_s' | 'lost_writes') =>
  runs
    .filter(counts)
    .map((r) => r.metrics[m])
    .filter((x): x is number => x !== null && Number.isFinite(x));

function runCounts(runs: readonly RunView[]): RunCounts {
  return { total: runs.length, counted: runs.filter(counts).length, incomplete: runs.filter((r) => !r.complete).length, invalid: runs.filter((r) => r.complete && !r.valid).length };
}

const faultCaused = (r: RunView) => r.impacts.filter((i) => i.cause === 'fault');
const tally = (names: readonly string[]) => names.reduce<Record<string, number>>((t, n) => ({ ...t, [n]: (t[n] ?? 0) + 1 }), {});

function cellOf(runs: RunView[]): CampaignCell {
  const first = runs[0]!;
  const counted = runs.filter(counts);
  return {
    strategy: first.strategy,
    fault_class: first.fault_class,
    fault_kind: planKind(first),
    at: first.fault_at ?? 'unknown',
    runs: runCounts(runs),
    plan_ids: runs.map(planId),
    outcomes: tally(runs.filter((r) => r.complete).map((r) => r.upgrade_outcome)),
    impacts: tally(counted.flatMap((r) => [...new Set(faultCaused(r).map((i) => i.name))])),
    any_impact: counted.filter((r) => faultCaused(r).length > 0).length,
    slo: {
      pass: counted.filter((r) => r.slo.verdict === 'pass').length,
      fail: counted.filter((r) => r.slo.verdict === 'fail').length,
      unknown: counted.filter((r) => r.slo.verdict === 'unknown').length,
    },
    outage_s: medianEstimate(metric(runs, 'outage_s')),
    lost_writes: medianEstimate(metric(runs, 'lost_writes')),
  };
}

const byClassThenKind = (a: { fault_class: string; fault_kind: string }, b: { fault_class: string; fault_kind: string }) =>
  a.fault_class.localeCompare(b.fault_class) || a.fault_kind.localeCompare(b.fault_kind);

/** A strategy's steps in the order its runs went through them (the baselines' full procedure first). */
function stepOrder(runs: readonly RunView[]): string[] {
  const order: string[] = [];
  const sources = [...runs].sort((a, b) => Number(b.role === 'baseline') - Number(a.role === 'baseline') || b.steps.length - a.steps.length);
  for (const r of sources) for (const s of r.steps) if (!order.includes(s.name)) order.push(s.name);
  return order;
}

/** Injection points in procedure order: by their step, `before:` ahead of `after:`; unknown steps last. */
export function orderPoints(points: readonly string[], steps: readonly string[]): string[] {
  const key = (p: string) => {
    const [when, ...rest] = p.split(':');
    const index = steps.indexOf(rest.join(':'));
    return { index: index < 0 ? Number.POSITIVE_INFINITY : index, when: when === 'before' ? 0 : when === 'after' ? 2 : 1 };
  };
  return [...points].sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    return a.index - b.index || a.when - b.when || x.localeCompare(y);
  });
}

function heatmapOf(strategy: string, cells: readonly CampaignCell[], runs: readonly RunView[], kindOrder: readonly string[]): Heatmap {
  const mine = cells.filter((c) => c.strategy === strategy);
  // The plan's order (the catalog's) where there is a plan, else by class then kind.
  const rank = (k: string) => (kindOrder.includes(k) ? kindOrder.indexOf(k) : Number.POSITIVE_INFINITY);
  const rows = [...new Map(mine.map((c) => [`${c.fault_class}/${c.fault_kind}`, { fault_class: c.fault_class, fault_kind: c.fault_kind }])).values()].sort(
    (a, b) => rank(a.fault_kind) - rank(b.fault_kind) || byClassThenKind(a, b),
  );
  const columns = orderPoints([...new Set(mine.map((c) => c.at))], stepOrder(runs.filter((r) => r.strategy === strategy)));
  const values = rows.map((row) =>
    columns.map((at) => {
      const c = mine.find((x) => x.fault_kind === row.fault_kind && x.fault_class === row.fault_class && x.at === at);
      return c ? { n: c.runs.counted, median_outage_s: c.outage_s.median, impact_share: c.runs.counted > 0 ? c.any_impact / c.runs.counted : null } : null;
    }),
  );
  return { strategy, rows, columns, values };
}

/** Pairs of strategies, imago against rolling first; rolling is the reference of any pair it is in. */
export function strategyPairs(strategies: readonly string[]): Array<[string, string]> {
  const sorted = [...strategies].sort();
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length; j++) {
      const [x, y] = [sorted[i]!, sorted[j]!];
      pairs.push(y === 'rolling' ? [y, x] : [x, y]);
    }
  const first = (p: [string, string]) => (p[0] === 'rolling' && p[1] === 'imago' ? 0 : 1);
  return pairs.sort((p, q) => first(p) - first(q));
}

function comparisonsOf(faultRuns: readonly RunView[]): ClassComparison[] {
  const out: ClassComparison[] = [];
  for (const faultClass of [...new Set(faultRuns.map((r) => r.fault_class))].sort()) {
    const inClass = faultRuns.filter((r) => r.fault_class === faultClass);
    const kindsOf = (s: string) => new Set(inClass.filter((r) => r.strategy === s).map(planKind));
    for (const [a, b] of strategyPairs([...new Set(inClass.map((r) => r.strategy))])) {
      const [ka, kb] = [kindsOf(a), kindsOf(b)];
      const kinds = [...ka].filter((k) => kb.has(k)).sort();
      const left_out = [...new Set([...ka, ...kb])].filter((k) => !kinds.includes(k)).sort();
      const sample = (s: string) => inClass.filter((r) => r.strategy === s && kinds.includes(planKind(r)));
      out.push({
        fault_class: faultClass,
        a,
        b,
        kinds,
        left_out,
        outage_s: compareSamples(metric(sample(a), 'outage_s'), metric(sample(b), 'outage_s')),
        lost_writes: compareSamples(metric(sample(a), 'lost_writes'), metric(sample(b), 'lost_writes')),
      });
    }
  }
  return out;
}

function baselinesOf(baselines: readonly RunView[]): BaselineSummary[] {
  return [...new Set(baselines.map((r) => r.strategy))].sort().map((strategy) => {
    const mine = baselines.filter((r) => r.strategy === strategy);
    return {
      strategy,
      runs: runCounts(mine),
      outage_s: medianEstimate(metric(mine, 'outage_s')),
      lost_writes: medianEstimate(metric(mine, 'lost_writes')),
      with_impact: mine.filter((r) => counts(r) && r.impacts.length > 0).length,
      slo_fail: mine.filter((r) => counts(r) && r.slo.verdict === 'fail').length,
    };
  });
}

/** The kind a plan entry names as its id does (with the params' hash). */
const plannedKind = (id: string) => id.split('.')[1] ?? '';

function coverageOf(plans: readonly CampaignPlanFile[], runs: readonly RunView[]): CampaignSummary['coverage'] {
  if (plans.length === 0) return null;
  const planned = [...new Set(plans.flatMap((p) => p.runs.map((r) => r.id)))];
  const complete = new Set(runs.filter((r) => r.complete).map(planId));
  const any = new Set(runs.map(planId));
  return {
    planned: planned.length,
    complete: planned.filter((id) => complete.has(id)).length,
    missing: planned.filter((id) => !any.has(id)).sort(),
    incomplete: planned.filter((id) => any.has(id) && !complete.has(id)).sort(),
  };
}

/** The summary of one campaign's runs (those of other campaigns and of none are ignored); `plans`: its plan.json files, if found. */
export function campaignSummary(campaign: string, views: readonly RunView[], plans: readonly CampaignPlanFile[] = []): CampaignSummary {
  const mine = plans.filter((p) => p.campaign === campaign);
  const journals = views.filter((r) => r.campaign === campaign);
  const { runs, folded } = foldDuplicates(journals);
  const faultRuns = runs.filter((r) => r.role === 'run' && r.fault_kind !== null);
  const baselines = runs.filter((r) => r.role === 'baseline' || r.fault_kind === null);
  const groups = new Map<string, RunView[]>();
  for (const r of faultRuns) {
    const key = [r.strategy, r.fault_class, planKind(r), r.fault_at ?? ''].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const cells = [...groups.values()].map(cellOf).sort((x, y) => x.strategy.localeCompare(y.strategy) || byClassThenKind(x, y) || x.at.localeCompare(y.at));
  const strategies = [...new Set(runs.map((r) => r.strategy))].sort();
  const present = new Set(runs.map(planId));
  const needed = new Set(faultRuns.map((r) => baselinePlanId(planId(r))).filter((id): id is string => id !== null));
  const all = runCounts(runs);
  return {
    campaign,
    runs: {
      journals: journals.length,
      plan_ids: runs.length,
      fault_runs: faultRuns.length,
      baselines: baselines.length,
      duplicates_folded: folded,
      counted: all.counted,
      incomplete: all.incomplete,
      invalid: all.invalid,
    },
    missing_baselines: [...needed].filter((id) => !present.has(id)).sort(),
    coverage: coverageOf(mine, runs),
    strategies,
    cells,
    heatmaps: [...new Set(cells.map((c) => c.strategy))]
      .sort()
      .map((s) => heatmapOf(s, cells, runs, [...new Set(mine.flatMap((p) => p.runs.filter((r) => r.kind !== null && r.strategy === s).map((r) => plannedKind(r.id))))])),
    comparisons: comparisonsOf(faultRuns),
    baselines: baselinesOf(baselines),
  };
}

/** Every campaign among the runs, by name. */
export function campaignSummaries(views: readonly RunView[], plans: readonly CampaignPlanFile[] = []): CampaignSummary[] {
  return [...new Set(views.map((r) => r.campaign).filter((c): c is string => c !== undefined))].sort().map((c) => campaignSummary(c, views, plans));
}

/** `bench report --json`: the campaigns, and the other runs counted per scenario. */
export function reportSummary(views: readonly RunView[], plans: readonly CampaignPlanFile[] = []): ReportSummary {
  const others = views.filter((r) => r.campaign === undefined);
  const groups = new Map<string, RunView[]>();
  for (const r of others) groups.set(`${r.scenario}\u0000${r.role}`, [...(groups.get(`${r.scenario}\u0000${r.role}`) ?? []), r]);
  return {
    runs: views.length,
    campaigns: campaignSummaries(views, plans),
    other_runs: [...groups.values()].map((rs) => ({
      scenario: rs[0]!.scenario,
      role: rs[0]!.role,
      runs: rs.length,
      incomplete: rs.filter((r) => !r.complete).length,
      slo: { pass: rs.filter((r) => r.slo.verdict === 'pass').length, fail: rs.filter((r) => r.slo.verdict === 'fail').length, unknown: rs.filter((r) => r.slo.verdict === 'unknown').length },
    })),
  };
}
