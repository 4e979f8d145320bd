// Which seeded page a request goes to: the Zipf draw's shape (top page's share, rank-frequency
// slope) against the law, the uniform draw, and the same pages for the same seed.
import { linearRegression } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../analysis/statistics/random.ts';
import { defaultPopularity, pageDraw, pageShares, type Popularity } from '../../harness/workload/popularity.ts';

/** How often each page (1..pages) came up in `draws` draws with seed 7. */
function counts(popularity: Popularity, pages: number, draws: number, seed = 7): number[] {
  const draw = pageDraw(popularity, pages);
  const random = seededRandom(seed);
  const seen = new Array<number>(pages).fill(0);
  let outside = 0;
  for (let i = 0; i < draws; i++) {
    const page = draw(random);
    if (page >= 1 && page <= pages && Number.isInteger(page)) seen[page - 1] = seen[page - 1]! + 1;
    else outside++;
  }
  expect(outside).toBe(0);
  return seen;
}

/** The slope of log(count) against log(rank) over ranks 1..upTo. */
const slope = (seen: number[], upTo: number) => linearRegression(seen.slice(0, upTo).map((c, i) => [Math.log(i + 1), Math.log(c)])).m;

describe('Zipf page popularity', () => {
  it.each([
    [0.8, 1000],
    [1, 100_000],
    [1.5, 100],
  ])('s = %f over %i pages: the top page takes 1/H(N, s) of the draws and log count falls with slope -s', (s, pages) => {
    const draws = 200_000;
    const seen = counts({ zipf: s }, pages, draws);
    const expectedTop = 1 / Array.from({ length: pages }, (_, i) => (i + 1) ** -s).reduce((a, b) => a + b, 0);
    // Binomial standard error of the top share is under 0.0012 at these sizes: 0.005 is > 4 of them.
    expect(Math.abs(seen[0]! / draws - expectedTop)).toBeLessThan(0.005);
    // Ranks 1..50 each get hundreds of draws or more, enough for a straight line in log-log.
    expect(slope(seen, 50)).toBeGreaterThan(-s - 0.06);
    expect(slope(seen, 50)).toBeLessThan(-s + 0.06);
    // Popularity falls with rank: page 1 beats page 10, which beats page 50.
    expect(seen[0]!).toBeGreaterThan(seen[9]!);
    expect(seen[9]!).toBeGreaterThan(seen[49]!);
  });

  it('pageShares gives the law itself: shares sum to 1 and fall as 1 / i^s', () => {
    const shares = pageShares({ zipf: 0.8 }, 1000);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(shares[0]! / shares[9]!).toBeCloseTo(10 ** 0.8, 9);
    // The default law over 100 pages: page 1 gets about an eighth of the draws.
    expect(pageShares(defaultPopularity, 100)[0]).toBeGreaterThan(0.11);
    expect(pageShares(defaultPopularity, 100)[0]).toBeLessThan(0.13);
  });

  it('uniform: every page about equally often, no slope', () => {
    const seen = counts('uniform', 100, 100_000);
    expect(Math.min(...seen)).toBeGreaterThan(850);
    expect(Math.max(...seen)).toBeLessThan(1150);
  });

  it('is deterministic: the same seed gives the same pages, another seed others', () => {
    const sequence = (seed: number) => {
      const draw = pageDraw({ zipf: 0.8 }, 100_000);
      const random = seededRandom(seed);
      return Array.from({ length: 1000 }, () => draw(random));
    };
    expect(sequence(42)).toEqual(sequence(42));
    expect(sequence(42)).not.toEqual(sequence(43));
  });

  it('no seeded pages: every draw is page 1, as the load always did', () => {
    expect(counts({ zipf: 1 }, 1, 100)).toEqual([100]);
    expect(pageDraw('uniform', 0)(seededRandom(1))).toBe(1);
    expect(pageDraw({ zipf: 1 }, 0)(seededRandom(1))).toBe(1);
  });
});
