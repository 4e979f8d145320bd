/**
 * When is a change between two sets of trials beyond its noise? The one rule of `bench compare`
 * (and of its `--fail-on-regression` gate), for each metric and each impact (present or not in a
 * trial: 1 or 0):
 *
 * - tested, when the trials allow a one-sided test at `alpha` (the smallest p an exact
 *   Mann-Whitney test can give, 1 / C(n_a + n_b, n_a), is below it: 1 vs 20, 2 vs 5, 3 vs 4
 *   trials or more): the one-sided Mann-Whitney U test says the new trials are worse with
 *   p < alpha, Cliff's delta toward worse is at least `minDelta` (medium, Romano et al. 2006),
 *   and the median moved toward worse by at least the metric's absolute floor;
 * - untested, with fewer trials: every new trial is worse than every baseline trial (Cliff's
 *   delta 1) and the median moved by at least both floors (absolute, and relative to the
 *   baseline's median). With one trial a side the floors are all there is to tell noise by.
 *
 * "Better" is the same rule the other way. Pure: numbers in, a judgement out.
 */
import { median } from 'simple-statistics';
import { binomial, cliffsDelta, mannWhitney } from './stats.ts';
import { higherIsWorse, type MetricName } from './trials.ts';

/** What a figure means for the rule: which way is worse, the smallest change that counts, its unit. */
export interface Scale {
  higherIsWorse: boolean;
  /** The noise floor: a change smaller than `abs`, or (untested) than `rel` x the baseline's median, is noise. */
  floor: { abs: number; rel: number };
  /** Printed after the values ('' for none). */
  unit: string;
}

/**
 * The floors are the impact thresholds' (analysis/measure/impacts.ts), which the calibration
 * measured: outage windows are placed within 0.5 s and full-outage needs 0.5 s more; p99 must
 * grow by 250 ms for increased-latency; throughput must drop 10% for degraded-throughput (three
 * fault-free runs stay within 2%); one lost write is one too many.
 */
export const metricScales: Record<MetricName, Scale> = {
  outage_s: { higherIsWorse: higherIsWorse.outage_s, floor: { abs: 0.5, rel: 0.5 }, unit: 's' },
  errors: { higherIsWorse: higherIsWorse.errors, floor: { abs: 5, rel: 0.5 }, unit: 'requests' },
  lost_writes: { higherIsWorse: higherIsWorse.lost_writes, floor: { abs: 1, rel: 0 }, unit: 'writes' },
  p99_ms: { higherIsWorse: higherIsWorse.p99_ms, floor: { abs: 250, rel: 0.5 }, unit: 'ms' },
  throughput_rps: { higherIsWorse: higherIsWorse.throughput_rps, floor: { abs: 1, rel: 0.1 }, unit: 'req/s' },
};

/** An impact as a figure: 1 in a trial that showed it, 0 otherwise; it counts when most trials moved. */
export const impactScale: Scale = { higherIsWorse: true, floor: { abs: 1, rel: 0 }, unit: '' };

export interface NoiseRule {
  /** Significance level of the one-sided test. */
  alpha: number;
  /** Least Cliff's delta toward the change (tested). */
  minDelta: number;
}

export const noiseRule: NoiseRule = { alpha: 0.05, minDelta: 0.33 };

export type Direction = 'worse' | 'better' | 'same';

export interface Judgement {
  /** tested: a one-sided test could reach alpha; untested: too few trials; not measured: a side has no value. */
  basis: 'tested' | 'untested' | 'not measured';
  /** worse or better beyond noise; same otherwise. */
  direction: Direction;
  n_before: number;
  n_after: number;
  median_before: number | null;
  median_after: number | null;
  /** Cliff's delta of the new values against the baseline's, signed so that positive is worse. */
  delta_worse: number | null;
  /** The one-sided p of the direction called (tested), or of "worse" when none was. */
  p: number | null;
  /** The rule's reasoning, in words and units. */
  why: string;
}

/** Smallest p an exact one-sided Mann-Whitney test can give with these trial counts. */
export const smallestOneSidedP = (nA: number, nB: number) => (nA > 0 && nB > 0 ? 1 / binomial(nA + nB, nA) : 1);

const fmt = (x: number) => Number(x.toPrecision(3)).toString();

/** Is `after` worse (or better) than `before` beyond its noise, by the rule above? */
export function judgeChange(before: readonly number[], after: readonly number[], scale: Scale, rule: NoiseRule = noiseRule): Judgement {
  const xs = before.filter(Number.isFinite);
  const ys = after.filter(Number.isFinite);
  const base = { n_before: xs.length, n_after: ys.length, median_before: xs.length ? median(xs) : null, median_after: ys.length ? median(ys) : null };
  if (xs.length === 0 || ys.length === 0) {
    return { ...base, basis: 'not measured', direction: 'same', delta_worse: null, p: null, why: `not measured (${xs.length} vs ${ys.length} trials with a value)` };
  }
  const worseSign = scale.higherIsWorse ? 1 : -1;
  const delta = cliffsDelta(ys, xs)!;
  const shift = base.median_after! - base.median_before!;
  const tested = smallestOneSidedP(xs.length, ys.length) < rule.alpha;
  const basis = tested ? 'tested' : 'untested';
  const trials = `${xs.length} vs ${ys.length} trials`;
  const unit = scale.unit ? ` ${scale.unit}` : '';
  let pWorse: number | null = null;
  for (const direction of ['worse', 'better'] as const) {
    const sign = direction === 'worse' ? worseSign : -worseSign;
    const d = sign * delta;
    const moved = sign * shift;
    const floor = tested ? scale.floor.abs : Math.max(scale.floor.abs, scale.floor.rel * Math.abs(base.median_before!));
    const medians = `median ${fmt(base.median_before!)} -> ${fmt(base.median_after!)}${unit}`;
    if (tested) {
      const p = mannWhitney(ys, xs, undefined, sign > 0 ? 'greater' : 'less')!.p;
      if (direction === 'worse') pWorse = p;
      if (p < rule.alpha && d >= rule.minDelta && moved >= floor) {
        const why = `${medians} (${trials}: one-sided Mann-Whitney p ${fmt(p)} < ${rule.alpha}, Cliff's delta ${fmt(d)} >= ${rule.minDelta}, moved ${fmt(moved)} >= ${fmt(floor)}${unit})`;
        return { ...base, basis, direction, delta_worse: worseSign * delta, p, why };
      }
    } else if (d === 1 && moved >= floor) {
      const why = `${medians} (${trials}: too few for a test at ${rule.alpha}; every new trial ${direction} than every baseline trial, moved ${fmt(moved)} >= ${fmt(floor)}${unit})`;
      return { ...base, basis, direction, delta_worse: worseSign * delta, p: null, why };
    }
  }
  const why = `within noise (${trials}, ${tested ? `one-sided p of worse ${fmt(pWorse!)}` : 'untested'}, Cliff's delta toward worse ${fmt(worseSign * delta)})`;
  return { ...base, basis, direction: 'same', delta_worse: worseSign * delta, p: pWorse, why };
}
