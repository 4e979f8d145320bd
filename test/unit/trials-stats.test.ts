import { describe as group, expect, it } from 'vitest';
import { bootstrapCi, cliffsDelta, compareSamples, describe, magnitude, mannWhitney, ranks } from '../../analysis/statistics/stats.ts';

group('describe', () => {
  it('gives mean, median, sample sd, extremes', () => {
    const d = describe([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(d.n).toBe(8);
    expect(d.mean).toBe(5);
    expect(d.median).toBe(4.5);
    expect(d.sd).toBeCloseTo(Math.sqrt(32 / 7), 10);
    expect([d.min, d.max]).toEqual([2, 9]);
  });
  it('says null, not 0, where one value cannot give a spread', () => {
    expect(describe([3])).toMatchObject({ n: 1, mean: 3, sd: null, ci95: null });
    expect(describe([])).toMatchObject({ n: 0, mean: null, median: null });
  });
});

group('bootstrapCi', () => {
  it('is reproducible through its seed and brackets the mean', () => {
    const xs = [1.2, 0.4, 3.1, 2.2, 0.9, 5.0];
    const a = bootstrapCi(xs, { seed: 7 })!;
    expect(bootstrapCi(xs, { seed: 7 })).toEqual(a);
    expect(bootstrapCi(xs, { seed: 8 })).not.toEqual(a);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(a[0]).toBeLessThan(mean);
    expect(a[1]).toBeGreaterThan(mean);
    expect(a[0]).toBeGreaterThanOrEqual(0.4);
    expect(a[1]).toBeLessThanOrEqual(5.0);
  });
  it('collapses on constant data', () => {
    expect(bootstrapCi([2, 2, 2], { seed: 1 })).toEqual([2, 2]);
  });
});

group("Cliff's delta", () => {
  it('is +1/-1 for separated samples and counts ties as neither', () => {
    expect(cliffsDelta([4, 5, 6], [1, 2, 3])).toBe(1);
    expect(cliffsDelta([1, 2, 3], [4, 5, 6])).toBe(-1);
    // x>y: (2,1) only; x<y: (1,2) four times.
    expect(cliffsDelta([1, 1, 2], [1, 2, 2])).toBeCloseTo(-1 / 3, 12);
    expect(cliffsDelta([], [1])).toBeNull();
  });
  it('labels magnitudes after Romano et al.', () => {
    expect([0.1, -0.2, 0.4, -0.9].map(magnitude)).toEqual(['negligible', 'small', 'medium', 'large']);
  });
});

group('Mann-Whitney U', () => {
  it('mid-ranks ties', () => {
    expect(ranks([10, 20, 10, 30])).toEqual([1.5, 3, 1.5, 4]);
  });
  it('exact p-values match R wilcox.test', () => {
    // wilcox.test(1:5, 6:10): W = 0, p-value = 0.007937
    const five = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])!;
    expect(five).toMatchObject({ u: 0, method: 'exact' });
    expect(five.p).toBeCloseTo(2 / 252, 10);
    // wilcox.test(1:3, 4:6): p-value = 0.1
    expect(mannWhitney([1, 2, 3], [4, 5, 6])!.p).toBeCloseTo(0.1, 10);
    // Overlapping samples: wilcox.test(c(1,3,5,7), c(2,4,6,8)): W = 6, p-value = 0.6857
    const mixed = mannWhitney([1, 3, 5, 7], [2, 4, 6, 8])!;
    expect(mixed.u).toBe(6);
    expect(mixed.p).toBeCloseTo(0.6857, 4);
  });
  it('normal approximation with continuity correction matches R (exact=FALSE)', () => {
    const xs = Array.from({ length: 10 }, (_, i) => i + 1);
    const ys = Array.from({ length: 10 }, (_, i) => i + 11);
    // wilcox.test(1:10, 11:20, exact = FALSE): p-value = 0.0001827
    const r = mannWhitney(xs, ys, 0)!;
    expect(r.method).toBe('normal');
    expect(r.p).toBeCloseTo(0.0001827, 6);
  });
  it('counts ties as one half in U', () => {
    expect(mannWhitney([1, 1, 2], [1, 2, 2])!.u).toBe(3);
  });
});

group('compareSamples', () => {
  it('calls a large, tested difference significant', () => {
    const c = compareSamples([0.1, 0.2, 0.0, 0.3, 0.1], [4.2, 3.9, 5.1, 4.4, 6.0]);
    expect(c.cliffs_delta).toBe(1);
    expect(c.magnitude).toBe('large');
    expect(c.significant).toBe(true);
    expect(c.note).toBeUndefined();
  });
  it('says when too few trials make any test powerless', () => {
    const c = compareSamples([0.1], [9.0]);
    expect(c.significant).toBe(false);
    expect(c.note).toMatch(/too few trials/);
  });
  it('ignores non-finite values', () => {
    expect(compareSamples([1, NaN], [2]).n_a).toBe(1);
  });
});
