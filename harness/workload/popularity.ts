/**
 * Which seeded page a request goes to: uniformly, or by a Zipf law where page i (`pageTitle(i)`)
 * is the i-th most popular and is drawn with probability proportional to 1 / i^s. The Zipf draw
 * is the inverse of a precomputed CDF, found by binary search: one random number per draw, so
 * the pages a seed gives do not depend on anything else (10^5 pages: an 800 KB table built in a
 * few milliseconds, a draw in ~17 comparisons).
 */
import type { Random } from '../../analysis/statistics/random.ts';

/** The scenario's `workload.popularity`. */
export type Popularity = 'uniform' | { zipf: number };

/**
 * The default law: Zipf-like with exponent 0.8, our choice (docs/scenarios.md says why): web
 * page requests follow a Zipf-like law with an exponent below 1 (Breslau et al., "Web caching and
 * Zipf-like distributions: evidence and implications", 1999), and Wikipedia's own page views read
 * about 0.5 over ranks 5 to 1,000 (the WikiCharts data of 2006).
 */
export const defaultZipfExponent = 0.8;
export const defaultPopularity: Popularity = { zipf: defaultZipfExponent };

/** The largest exponent a scenario may give: at 4, page 1 already takes 92% of the draws. */
export const maxZipfExponent = 4;

/** Draws a page number from 1 to `pages` (1 when there are none, as the load has always done). */
export type PageDraw = (random: Random) => number;

export function pageDraw(popularity: Popularity, pages: number): PageDraw {
  const n = Math.max(1, pages);
  if (popularity === 'uniform') return (random) => 1 + Math.floor(random() * n);
  const cdf = zipfCdf(popularity.zipf, n);
  return (random) => 1 + firstAbove(cdf, random());
}

/** The share of draws page i gets, for i = 1..pages. */
export function pageShares(popularity: Popularity, pages: number): Float64Array {
  const n = Math.max(1, pages);
  if (popularity === 'uniform') return new Float64Array(n).fill(1 / n);
  const weights = Float64Array.from({ length: n }, (_, i) => (i + 1) ** -popularity.zipf);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** cdf[i] = P(page <= i + 1); the last entry is exactly 1, so every draw in [0, 1) lands. */
function zipfCdf(exponent: number, n: number): Float64Array {
  const shares = pageShares({ zipf: exponent }, n);
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += shares[i]!;
  cdf[n - 1] = 1;
  return cdf;
}

/** The first index whose cumulative share is above u. */
function firstAbove(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
