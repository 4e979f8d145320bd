/**
 * `bench compare`: what changed between two result sets (last night against tonight), scenario
 * by scenario. Categorical changes are listed: an SLO verdict that moved, an impact that appeared
 * or went away, a scenario only one side has. Metrics, and impacts as present or not per trial,
 * are judged by one rule (analysis/statistics/beyond-noise.ts): a one-sided Mann-Whitney test
 * with a least effect size and floor when the trials allow one, "notable (untested)" beyond the
 * floors when they do not. `regressions` is what the `--fail-on-regression` gate fails on.
 */
import { impactScale, judgeChange, metricScales, noiseRule, type Direction, type Judgement } from '../analysis/statistics/beyond-noise.ts';
import type { RunView } from '../analysis/statistics/journal-view.ts';
import { compareSamples, describe, type Comparison, type Describe } from '../analysis/statistics/stats.ts';
import { counts, metricNames, values, type MetricName } from '../analysis/statistics/trials.ts';

export type { Direction } from '../analysis/statistics/beyond-noise.ts';
export type Standing = 'significant' | 'notable (untested)' | 'not significant';

export interface MetricChange {
  metric: MetricName;
  before: Describe;
  after: Describe;
  /** Two-sided, as the HTML report compares strategies; descriptive. */
  comparison: Comparison;
  /** The noise rule's call. */
  judgement: Judgement;
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
  /** What got worse beyond its noise: an SLO verdict now fail, a metric, an impact seen in most trials. */
  regressions: string[];
}

export interface CompareResult {
  baseline_runs: number;
  new_runs: number;
  /** The noise rule's parameters (the floors are in analysis/statistics/beyond-noise.ts). */
  rule: typeof noiseRule;
  scenarios: ScenarioChange[];
  /** Did anything get worse beyond its noise? `--fail-on-regression` exits 1 then. */
  regressed: boolean;
  /** "scenario: what", every regression of every scenario. */
  regressions: string[];
}

const verdicts = (rs: readonly RunView[]) => {
  const out: Record<string, number> = {};
  for (const r of rs) out[r.slo.verdict] = (out[r.slo.verdict] ?? 0) + 1;
  return out;
};
const worst = (v: Record<string, number>) => (v.fail ? 'fail' : v.unknown ? 'unknown' : v.pass ? 'pass' : 'none');
const impactSet = (rs: readonly RunView[]) => new Set(rs.flatMap((r) => r.impacts.map((i) => i.name)));
const fmt = (x: number | null, d = 2) => (x === null ? 'n/a' : Number(x.toFixed(d)).toString());
const standingOf = (j: Judgement): Standing => (j.direction === 'same' ? 'not significant' : j.basis === 'tested' ? 'significant' : 'notable (untested)');

function metricChange(metric: MetricName, a: readonly RunView[], b: readonly RunView[], seed: number): MetricChange {
  const xs = values(a, metric);
  const ys = values(b, metric);
  const judgement = judgeChange(xs, ys, metricScales[metric]);
  return { metric, before: describe(xs, { seed }), after: describe(ys, { seed }), comparison: compareSamples(xs, ys), judgement, direction: judgement.direction, standing: standingOf(judgement) };
}

/** The checks that broke in any of the runs, by name. */
const brokenChecks = (rs: readonly RunView[]) => [...new Set(rs.flatMap((r) => r.slo.checks.filter((c) => c.verdict === 'fail').map((c) => c.name)))].sort();

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
    const regressions: string[] = [];
    if (presence !== 'both') changes.push(`only in the ${presence === 'baseline only' ? 'baseline' : 'new'} results`);
    const verdictChanged = presence === 'both' && worst(va) !== worst(vb);
    if (verdictChanged) changes.push(`SLO ${worst(va)} -> ${worst(vb)}`);
    if (verdictChanged && worst(vb) === 'fail') regressions.push(`SLO ${worst(va)} -> fail (broken: ${brokenChecks(b).join(', ') || 'see the runs'})`);
    if (presence === 'both') {
      for (const x of appeared) changes.push(`impact appeared: ${x}`);
      for (const x of gone) changes.push(`impact gone: ${x}`);
      // An impact is a figure too: 1 in a trial that showed it. Trials that do not count (incomplete, invalid) are left out.
      const shown = (rs: readonly RunView[], name: string) => rs.filter(counts).map((r) => (r.impacts.some((i) => i.name === name) ? 1 : 0));
      const seen = (xs: number[]) => `${xs.filter((x) => x === 1).length}/${xs.length}`;
      for (const name of [...ib].sort()) {
        const j = judgeChange(shown(a, name), shown(b, name), impactScale);
        if (j.direction === 'worse') regressions.push(`impact ${name} in ${seen(shown(b, name))} new trials, ${seen(shown(a, name))} baseline trials: ${j.why}`);
      }
    }
    for (const m of metrics.filter((x) => x.standing !== 'not significant')) {
      const j = m.judgement;
      const test =
        m.standing === 'significant' ? `, Cliff's delta ${fmt(m.comparison.cliffs_delta)}, one-sided Mann-Whitney p ${fmt(j.p, 4)}` : ` (${j.n_before} vs ${j.n_after} trials: no test possible)`;
      changes.push(`${m.metric} ${m.direction}: median ${fmt(m.before.median)} -> ${fmt(m.after.median)}${test}`);
      if (m.direction === 'worse') regressions.push(`${m.metric} worse: ${j.why}`);
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
      regressions,
    };
  });
  const regressions = scenarios.flatMap((s) => s.regressions.map((r) => `${s.scenario}: ${r}`));
  return { baseline_runs: baseline.length, new_runs: current.length, rule: noiseRule, scenarios, regressed: regressions.length > 0, regressions };
}

export function compareText(r: CompareResult): string {
  const lines = [`compared ${r.baseline_runs} baseline run(s) with ${r.new_runs} new run(s): ${r.regressed ? 'something got worse' : 'nothing got worse beyond its noise'}`];
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
    `${r.baseline_runs} baseline run(s) against ${r.new_runs} new run(s): ${r.regressed ? '**something got worse**' : 'nothing got worse beyond its noise'}.`,
    '',
    '| scenario | SLO before | SLO after | changes |',
    '|---|---|---|---|',
  ];
  const v = (x: Record<string, number>) =>
    Object.entries(x)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '—';
  for (const s of r.scenarios) lines.push(`| ${cell(s.scenario)} | ${v(s.verdicts.before)} | ${v(s.verdicts.after)} | ${cell(s.changes.join('; ') || 'no significant change')} |`);
  if (r.regressions.length > 0) lines.push('', '**Regressions**', '', ...r.regressions.map((x) => `- ${x}`));
  lines.push(
    '',
    `Significant: one-sided Mann-Whitney U p < ${r.rule.alpha}, Cliff's delta at least ${r.rule.minDelta} and the median moved beyond the metric's floor. "notable (untested)": too few trials for a test; every new trial beyond every baseline trial and the median beyond the floors.`,
    '',
  );
  return lines.join('\n');
}
