/**
 * `bench compare`: what changed between two result sets (last night against tonight), scenario
 * by scenario. Categorical changes always count: an SLO verdict that moved, an impact that
 * appeared or went away, a scenario only one side has. Metric changes count as significant when
 * the trials allow a test (Mann-Whitney p < 0.05 and Cliff's delta not negligible); with too few
 * trials for any test, a large change is reported as "notable (untested)", never as significant.
 */
import type { RunView } from '../analysis/statistics/journal-view.ts';
import { compareSamples, describe, type Comparison, type Describe } from '../analysis/statistics/stats.ts';
import { higherIsWorse, metricNames, values, type MetricName } from '../analysis/statistics/trials.ts';

/** A change below both floors is noise whatever the trials say (untested rule only). */
export const notableFloors: Record<MetricName, { abs: number; rel: number }> = {
  outage_s: { abs: 0.5, rel: 0.5 },
  errors: { abs: 5, rel: 0.5 },
  lost_writes: { abs: 1, rel: 0 },
  p99_ms: { abs: 250, rel: 0.5 },
  throughput_rps: { abs: 1, rel: 0.1 },
};

export type Direction = 'worse' | 'better' | 'same';
export type Standing = 'significant' | 'notable (untested)' | 'not significant';

export interface MetricChange {
  metric: MetricName;
  before: Describe;
  after: Describe;
  comparison: Comparison;
  direction: Direction;
  standing: Standing;
}

export interface ScenarioChange {
  scenario: string;
  presence: 'both' | 'baseline only' | 'new only';
  verdicts: { before: Record<string, number>; after: Record<string, number> };
  verdict_changed: boolean;
  impacts_appeared: string[];
  impacts_gone: string[];
  metrics: MetricChange[];
  /** One line per change that counts (categorical or significant/notable metric). */
  changes: string[];
}

export interface CompareResult {
  baseline_runs: number;
  new_runs: number;
  scenarios: ScenarioChange[];
  /** Did anything get worse (a verdict, an impact, a significant metric)? */
  regressed: boolean;
}

const verdicts = (rs: readonly RunView[]) => {
  const out: Record<string, number> = {};
  for (const r of rs) out[r.slo.verdict] = (out[r.slo.verdict] ?? 0) + 1;
  return out;
};
const worst = (v: Record<string, number>) => (v.fail ? 'fail' : v.unknown ? 'unknown' : v.pass ? 'pass' : 'none');
const impactSet = (rs: readonly RunView[]) => new Set(rs.flatMap((r) => r.impacts.map((i) => i.name)));
const fmt = (x: number | null, d = 2) => (x === null ? 'n/a' : Number(x.toFixed(d)).toString());

function metricChange(metric: MetricName, a: readonly RunView[], b: readonly RunView[], seed: number): MetricChange {
  const xs = values(a, metric);
  const ys = values(b, metric);
  const comparison = compareSamples(xs, ys);
  const before = describe(xs, { seed });
  const after = describe(ys, { seed });
  const diff = (after.median ?? NaN) - (before.median ?? NaN);
  const direction: Direction = !Number.isFinite(diff) || diff === 0 ? 'same' : diff > 0 === higherIsWorse[metric] ? 'worse' : 'better';
  let standing: Standing = 'not significant';
  if (comparison.significant) standing = 'significant';
  else if (comparison.note && Number.isFinite(diff)) {
    const floor = notableFloors[metric];
    const base = Math.abs(before.median ?? 0);
    if (Math.abs(diff) >= floor.abs && Math.abs(diff) >= floor.rel * base) standing = 'notable (untested)';
  }
  return { metric, before, after, comparison, direction: standing === 'not significant' ? 'same' : direction, standing };
}

export function compareResults(baseline: readonly RunView[], current: readonly RunView[], seed = 1): CompareResult {
  const runsOf = (rs: readonly RunView[], s: string) => rs.filter((r) => r.scenario === s && r.role === 'run');
  const names = [...new Set([...baseline, ...current].filter((r) => r.role === 'run').map((r) => r.scenario))].sort();
  const scenarios = names.map((scenario): ScenarioChange => {
    const a = runsOf(baseline, scenario);
    const b = runsOf(current, scenario);
    const presence = a.length && b.length ? 'both' : a.length ? 'baseline only' : 'new only';
    const va = verdicts(a);
    const vb = verdicts(b);
    const ia = impactSet(a);
    const ib = impactSet(b);
    const appeared = [...ib].filter((x) => !ia.has(x)).sort();
    const gone = [...ia].filter((x) => !ib.has(x)).sort();
    const metrics = presence === 'both' ? metricNames.map((m) => metricChange(m, a, b, seed)) : [];
    const changes: string[] = [];
    if (presence !== 'both') changes.push(`only in the ${presence === 'baseline only' ? 'baseline' : 'new'} results`);
    const verdictChanged = presence === 'both' && worst(va) !== worst(vb);
    if (verdictChanged) changes.push(`SLO ${worst(va)} -> ${worst(vb)}`);
    if (presence === 'both') {
      for (const x of appeared) changes.push(`impact appeared: ${x}`);
      for (const x of gone) changes.push(`impact gone: ${x}`);
    }
    for (const m of metrics.filter((x) => x.standing !== 'not significant')) {
      const c = m.comparison;
      const test = m.standing === 'significant' ? `, Cliff's delta ${fmt(c.cliffs_delta)}, Mann-Whitney p ${fmt(c.mann_whitney?.p ?? null, 4)}` : ` (${c.n_a} vs ${c.n_b} trials: no test possible)`;
      changes.push(`${m.metric} ${m.direction}: median ${fmt(m.before.median)} -> ${fmt(m.after.median)}${test}`);
    }
    return {
      scenario,
      presence,
      verdicts: { before: va, after: vb },
      verdict_changed: verdictChanged,
      impacts_appeared: presence === 'both' ? appeared : [],
      impacts_gone: presence === 'both' ? gone : [],
      metrics,
      changes,
    };
  });
  const rank = { pass: 0, none: 0, unknown: 1, fail: 2 } as Record<string, number>;
  const regressed = scenarios.some(
    (s) =>
      (s.verdict_changed && rank[worst(s.verdicts.after)]! > rank[worst(s.verdicts.before)]!) ||
      s.impacts_appeared.length > 0 ||
      s.metrics.some((m) => m.standing === 'significant' && m.direction === 'worse'),
  );
  return { baseline_runs: baseline.length, new_runs: current.length, scenarios, regressed };
}

export function compareText(r: CompareResult): string {
  const lines = [`compared ${r.baseline_runs} baseline run(s) with ${r.new_runs} new run(s): ${r.regressed ? 'something got worse' : 'nothing got significantly worse'}`];
  for (const s of r.scenarios) {
    if (s.changes.length === 0) lines.push(`  ${s.scenario}: no significant change`);
    else lines.push(`* ${s.scenario}:`, ...s.changes.map((c) => `    ${c}`));
  }
  return `${lines.join('\n')}\n`;
}

export function compareMarkdown(r: CompareResult): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '## bench compare',
    '',
    `${r.baseline_runs} baseline run(s) against ${r.new_runs} new run(s): ${r.regressed ? '**something got worse**' : 'nothing got significantly worse'}.`,
    '',
    '| scenario | SLO before | SLO after | changes |',
    '|---|---|---|---|',
  ];
  const v = (x: Record<string, number>) =>
    Object.entries(x)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '—';
  for (const s of r.scenarios) lines.push(`| ${cell(s.scenario)} | ${v(s.verdicts.before)} | ${v(s.verdicts.after)} | ${cell(s.changes.join('; ') || 'no significant change')} |`);
  lines.push('', 'Significant: Mann-Whitney U p < 0.05 with a non-negligible Cliff\'s delta. "notable (untested)": too few trials for a test, change above fixed floors.', '');
  return lines.join('\n');
}
