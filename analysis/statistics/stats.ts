/**
 * Statistics over a handful of trials: location and spread, a seeded bootstrap confidence
 * interval, and two-sample comparisons that assume no normality (trials are few and skewed):
 * Cliff's delta as the effect size, and the Mann-Whitney U test (exact permutation distribution
 * of U for small samples, normal approximation with tie correction beyond).
 * Pure functions; the only randomness is a seeded generator.
 */
import { errorFunction, mean, median, quantile, sampleStandardDeviation } from 'simple-statistics';
import { seededRandom } from './random.ts';

export interface Describe {
  n: number;
  mean: number | null;
  median: number | null;
  /** Sample standard deviation (n - 1); null below two values. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Percentile bootstrap 95% confidence interval of the mean; null below two values. */
  ci95: [number, number] | null;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  level?: number;
}

/** Percentile bootstrap CI of a statistic (the mean by default), reproducible through its seed. */
export function bootstrapCi(values: readonly number[], o: BootstrapOptions = {}, statistic: (xs: number[]) => number = mean): [number, number] | null {
  if (values.length < 2) return null;
  const random = seededRandom(o.seed ?? 1);
  const resamples = o.resamples ?? 2000;
  const level = o.level ?? 0.95;
  const stats: number[] = [];
  const draw: number[] = new Array(values.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) draw[i] = values[Math.floor(random() * values.length)]!;
    stats.push(statistic(draw));
  }
  const alpha = (1 - level) / 2;
  return [quantile(stats, alpha), quantile(stats, 1 - alpha)];
}

export function describe(values: readonly number[], o: BootstrapOptions = {}): Describe {
  const xs = values.filter((x) => Number.isFinite(x));
  if (xs.length === 0) return { n: 0, mean: null, median: null, sd: null, min: null, max: null, ci95: null };
  return {
    n: xs.length,
    mean: mean(xs),
    median: median(xs),
    sd: xs.length > 1 ? sampleStandardDeviation(xs) : null,
    min: Math.min(...xs),
    max: Math.max(...xs),
    ci95: bootstrapCi(xs, o),
  };
}

/**
 * Cliff's delta: P(x > y) - P(x < y) over all pairs, in [-1, 1]. Positive: x tends to be larger.
 * Magnitude labels after Romano et al. (2006): < 0.147 negligible, < 0.33 small, < 0.474 medium.
 */
export function cliffsDelta(x: readonly number[], y: readonly number[]): number | null {
  if (x.length === 0 || y.length === 0) return null;
  let more = 0;
  let less = 0;
  for (const a of x)
    for (const b of y) {
      if (a > b) more++;
      else if (a < b) less++;
    }
  return (more - less) / (x.length * y.length);
}

export type Magnitude = 'negligible' | 'small' | 'medium' | 'large';
export function magnitude(delta: number): Magnitude {
  const d = Math.abs(delta);
  return d < 0.147 ? 'negligible' : d < 0.33 ? 'small' : d < 0.474 ? 'medium' : 'large';
}

export interface MannWhitney {
  /** U of the first sample: the number of pairs (x, y) with x > y, ties counting one half. */
  u: number;
  /** p-value of the alternative asked for (two-sided unless asked). */
  p: number;
  method: 'exact' | 'normal';
}

/** Mid-ranks (1-based) of the pooled values. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
    i = j + 1;
  }
  return out;
}

const uOf = (pooledRanks: readonly number[], n1: number) => pooledRanks.slice(0, n1).reduce((s, r) => s + r, 0) - (n1 * (n1 + 1)) / 2;

/**
 * The alternative of a Mann-Whitney test: x and y differ (two-sided), or x tends to be larger
 * ('greater') or smaller ('less') than y (one-sided).
 */
export type Alternative = 'two-sided' | 'greater' | 'less';

/**
 * Mann-Whitney U, two-sided unless `alternative` says otherwise. Exact when the number of ways to
 * split the pooled sample is at most `exactLimit` (every split is enumerated, ties handled by
 * their mid-ranks); otherwise the normal approximation with tie and continuity corrections.
 */
export function mannWhitney(x: readonly number[], y: readonly number[], exactLimit = 50_000, alternative: Alternative = 'two-sided'): MannWhitney | null {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return null;
  const pooled = ranks([...x, ...y]);
  const u = uOf(pooled, n1);
  const centre = (n1 * n2) / 2;
  const observed = Math.abs(u - centre);
  // As extreme as observed, in the alternative's direction.
  const extremeU = (uu: number) => (alternative === 'greater' ? uu >= u - 1e-9 : alternative === 'less' ? uu <= u + 1e-9 : Math.abs(uu - centre) >= observed - 1e-9);
  if (binomial(n1 + n2, n1) <= exactLimit) {
    let extreme = 0;
    let total = 0;
    const n = n1 + n2;
    const chosen: number[] = [];
    const walk = (start: number) => {
      if (chosen.length === n1) {
        total++;
        const rankSum = chosen.reduce((s, i) => s + pooled[i]!, 0);
        const uu = rankSum - (n1 * (n1 + 1)) / 2;
        if (extremeU(uu)) extreme++;
        return;
      }
      for (let i = start; i <= n - (n1 - chosen.length); i++) {
        chosen.push(i);
        walk(i + 1);
        chosen.pop();
      }
    };
    walk(0);
    return { u, p: Math.min(1, extreme / total), method: 'exact' };
  }
  const n = n1 + n2;
  const tieCounts = new Map<number, number>();
  for (const r of pooled) tieCounts.set(r, (tieCounts.get(r) ?? 0) + 1);
  const tieTerm = [...tieCounts.values()].reduce((s, t) => s + (t ** 3 - t), 0);
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, p: 1, method: 'normal' };
  if (alternative !== 'two-sided') {
    // One-sided: P(U >= u) for 'greater', P(U <= u) for 'less', continuity-corrected.
    const toward = alternative === 'greater' ? u - centre - 0.5 : centre - u - 0.5;
    const z = toward / Math.sqrt(variance);
    return { u, p: Math.min(1, Math.max(0, (1 - errorFunction(z / Math.SQRT2)) / 2)), method: 'normal' };
  }
  const z = Math.max(0, observed - 0.5) / Math.sqrt(variance);
  // Two-sided p = 2(1 - Φ(z)) = 1 - erf(z/√2); simple-statistics' Φ is a 0.01-step table that saturates near z = 3.5.
  return { u, p: Math.min(1, Math.max(0, 1 - errorFunction(z / Math.SQRT2))), method: 'normal' };
}

/** n choose k: the number of ways to split n pooled values into k and n - k. */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

export interface Comparison {
  n_a: number;
  n_b: number;
  median_a: number | null;
  median_b: number | null;
  /** Cliff's delta of b against a: positive when b tends to be larger. */
  cliffs_delta: number | null;
  magnitude: Magnitude | null;
  mann_whitney: MannWhitney | null;
  /** p < alpha and the effect is not negligible. */
  significant: boolean;
  /** Why no test could say anything (too few trials). */
  note?: string;
}

/** b against a: the effect size, the test, and whether the difference is significant. */
export function compareSamples(a: readonly number[], b: readonly number[], alpha = 0.05): Comparison {
  const xs = a.filter(Number.isFinite);
  const ys = b.filter(Number.isFinite);
  const delta = cliffsDelta(ys, xs);
  const test = mannWhitney(ys, xs);
  // With 1 + 1 or 1 + 2 trials no split is rarer than 1/3: no test can reach 0.05.
  const minimumP = xs.length > 0 && ys.length > 0 ? 2 / binomial(xs.length + ys.length, xs.length) : 1;
  return {
    n_a: xs.length,
    n_b: ys.length,
    median_a: xs.length ? median(xs) : null,
    median_b: ys.length ? median(ys) : null,
    cliffs_delta: delta,
    magnitude: delta === null ? null : magnitude(delta),
    mann_whitney: test,
    significant: test !== null && delta !== null && test.p < alpha && magnitude(delta) !== 'negligible',
    note: minimumP >= alpha ? `too few trials for a test at ${alpha} (${xs.length} vs ${ys.length}; smallest possible p ${Math.min(1, minimumP).toFixed(2)})` : undefined,
  };
}
