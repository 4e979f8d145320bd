/**
 * Repeated trials: the runs of one scenario grouped, each metric described (mean, median, sd,
 * seeded bootstrap 95% CI), and per fault class every pair of strategies compared (Cliff's delta,
 * Mann-Whitney U). Pure: views in, numbers out.
 */
import { compareSamples, describe, type Comparison, type Describe } from './stats.ts';
import type { RunView } from './journal-view.ts';

export const metricNames = ['outage_s', 'errors', 'lost_writes', 'p99_ms', 'throughput_rps'] as const;
export type MetricName = (typeof metricNames)[number];
/** Which direction is worse, for the words of a comparison. */
export const higherIsWorse: Record<MetricName, boolean> = { outage_s: true, errors: true, lost_writes: true, p99_ms: true, throughput_rps: false };

export interface TrialGroup {
  scenario: string;
  role: 'run' | 'baseline';
  strategy: string;
  fault_class: string;
  fault_kind: string | null;
  runs: string[];
  /** Runs left out of the statistics: incomplete or invalid. */
  excluded: string[];
  slo: { pass: number; fail: number; unknown: number };
  impacts: Record<string, number>;
  stats: Record<MetricName, Describe>;
}

const metricValue = (r: RunView, m: MetricName): number | null => r.metrics[m];

/** Values of a metric over the runs that count (complete and valid). */
export function values(runs: readonly RunView[], m: MetricName): number[] {
  return runs
    .filter(counts)
    .map((r) => metricValue(r, m))
    .filter((x): x is number => x !== null && Number.isFinite(x));
}

export const counts = (r: RunView) => r.complete && r.valid;

export function groupTrials(runs: readonly RunView[], seed = 1): TrialGroup[] {
  const groups = new Map<string, RunView[]>();
  for (const r of runs) {
    const key = `${r.scenario}\u0000${r.role}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .map((rs) => {
      const first = rs[0]!;
      const impacts: Record<string, number> = {};
      for (const r of rs) for (const i of r.impacts) impacts[i.name] = (impacts[i.name] ?? 0) + 1;
      return {
        scenario: first.scenario,
        role: first.role,
        strategy: first.strategy,
        fault_class: first.fault_class,
        fault_kind: first.fault_kind,
        runs: rs.map((r) => r.run_id),
        excluded: rs.filter((r) => !counts(r)).map((r) => r.run_id),
        slo: {
          pass: rs.filter((r) => r.slo.verdict === 'pass').length,
          fail: rs.filter((r) => r.slo.verdict === 'fail').length,
          unknown: rs.filter((r) => r.slo.verdict === 'unknown').length,
        },
        impacts,
        stats: Object.fromEntries(metricNames.map((m) => [m, describe(values(rs, m), { seed })])) as Record<MetricName, Describe>,
      };
    })
    .sort((a, b) => a.scenario.localeCompare(b.scenario) || a.role.localeCompare(b.role));
}

export interface StrategyComparison {
  fault_class: string;
  /** a is the reference, b the one compared against it. */
  a: string;
  b: string;
  metric: MetricName;
  comparison: Comparison;
}

/** Per fault class, every pair of strategies (alphabetical), every metric. Baselines excluded. */
export function compareStrategies(runs: readonly RunView[]): StrategyComparison[] {
  const byClass = new Map<string, Map<string, RunView[]>>();
  for (const r of runs.filter((x) => x.role === 'run')) {
    const strategies = byClass.get(r.fault_class) ?? new Map<string, RunView[]>();
    strategies.set(r.strategy, [...(strategies.get(r.strategy) ?? []), r]);
    byClass.set(r.fault_class, strategies);
  }
  const out: StrategyComparison[] = [];
  for (const [faultClass, strategies] of [...byClass].sort((x, y) => x[0].localeCompare(y[0]))) {
    const names = [...strategies.keys()].sort();
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) {
        for (const metric of metricNames) {
          out.push({ fault_class: faultClass, a: names[i]!, b: names[j]!, metric, comparison: compareSamples(values(strategies.get(names[i]!)!, metric), values(strategies.get(names[j]!)!, metric)) });
        }
      }
  }
  return out;
}

export interface MatrixCell {
  strategy: string;
  fault_class: string;
  runs: number;
  /** How many runs showed each impact. */
  impacts: Record<string, number>;
  slo_fail: number;
  slo_unknown: number;
  /** How large the damage was, over the cell's complete, valid runs (n = how many): outage seconds and lost writes. */
  outage_s: Describe;
  lost_writes: Describe;
}

/**
 * The impact matrix: strategy x fault class, with how often each impact was seen and how large
 * the outages and write losses were. A fault run counts only what its fault caused; a fault-free
 * run counts everything it showed.
 */
export function impactMatrix(runs: readonly RunView[]): { strategies: string[]; faultClasses: string[]; cells: MatrixCell[] } {
  const rs = runs.filter((r) => r.role === 'run');
  const strategies = [...new Set(rs.map((r) => r.strategy))].sort();
  const faultClasses = [...new Set(rs.map((r) => r.fault_class))].sort((a, b) => (a === 'none' ? -1 : b === 'none' ? 1 : a.localeCompare(b)));
  const cells: MatrixCell[] = [];
  for (const s of strategies)
    for (const f of faultClasses) {
      const here = rs.filter((r) => r.strategy === s && r.fault_class === f);
      if (here.length === 0) continue;
      const impacts: Record<string, number> = {};
      for (const r of here) for (const i of r.impacts) if (r.fault_kind === null || i.cause === 'fault') impacts[i.name] = (impacts[i.name] ?? 0) + 1;
      cells.push({
        strategy: s,
        fault_class: f,
        runs: here.length,
        impacts,
        slo_fail: here.filter((r) => r.slo.verdict === 'fail').length,
        slo_unknown: here.filter((r) => r.slo.verdict === 'unknown').length,
        outage_s: describe(values(here, 'outage_s')),
        lost_writes: describe(values(here, 'lost_writes')),
      });
    }
  return { strategies, faultClasses, cells };
}
