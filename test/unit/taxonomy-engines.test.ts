import { describe, expect, it } from 'vitest';
import { cluster, defaultEngine } from '../../analysis/taxonomy/engines.ts';
import { cut, leafOrder, type Linkage, linkageNames } from '../../analysis/taxonomy/linkage.ts';
import { randomEuclidean } from '../taxonomy-synthetic.ts';

/**
 * Each cluster of a tree is named by its smallest leaf and its size (the clusters holding a
 * given leaf are nested, so their sizes differ): the same key set means the same merges.
 */
function mergesByCluster(linkage: Linkage): Map<string, number> {
  const minLeaf: number[] = [];
  const leafOf = (node: number) => (node < linkage.n ? node : minLeaf[node - linkage.n]!);
  const result = new Map<string, number>();
  linkage.merges.forEach(({ a, b, height, size }, m) => {
    minLeaf[m] = Math.min(leafOf(a), leafOf(b));
    result.set(`${minLeaf[m]}:${size}`, height);
  });
  return result;
}

function expectSameTree(actual: Linkage, expected: Linkage) {
  const mine = mergesByCluster(actual);
  const reference = mergesByCluster(expected);
  expect(mine.size).toBe(actual.n - 1);
  expect([...mine.keys()].sort()).toEqual([...reference.keys()].sort());
  for (const [key, height] of reference) expect(mine.get(key)).toBeCloseTo(height, 9);
}

describe('nearest-neighbour chain against ml-hclust agnes', () => {
  for (const linkage of linkageNames) {
    for (const [n, seed] of [
      [2, 1],
      [3, 2],
      [25, 3],
      [200, 4],
    ] as const) {
      it(`${linkage} linkage, ${n} random points`, () => {
        const { distances } = randomEuclidean(n, 4, seed);
        expectSameTree(cluster(distances, linkage, 'nn-chain'), cluster(distances, linkage, 'agnes'));
      });
    }
    it(`${linkage} linkage, 1,000 random points`, { timeout: 120_000 }, () => {
      const { distances } = randomEuclidean(1000, 6, 1000);
      expectSameTree(cluster(distances, linkage, 'nn-chain'), cluster(distances, linkage, 'agnes'));
    });
  }

  it("leaves the caller's distance matrix untouched", () => {
    const { distances } = randomEuclidean(30, 3, 7);
    const before = Float64Array.from(distances.d);
    cluster(distances, 'ward', 'nn-chain');
    expect(distances.d).toEqual(before);
  });

  it('gives merges in non-decreasing height, each cluster used once', () => {
    const { distances } = randomEuclidean(60, 3, 8);
    const { n, merges } = cluster(distances, 'average', 'nn-chain');
    const used = new Set<number>();
    merges.forEach((merge, m) => {
      if (m > 0) expect(merge.height).toBeGreaterThanOrEqual(merges[m - 1]!.height);
      expect(merge.a).toBeLessThan(n + m);
      expect(merge.b).toBeLessThan(n + m);
      expect(used.has(merge.a) || used.has(merge.b)).toBe(false);
      used.add(merge.a).add(merge.b);
    });
    expect(merges.at(-1)!.size).toBe(n);
  });

  it('chooses agnes for field-study sizes and the chain for large inputs', () => {
    expect(defaultEngine(103)).toBe('agnes');
    expect(defaultEngine(10_000)).toBe('nn-chain');
  });
});

describe('cutting the tree', () => {
  // Two tight pairs far apart: {0, 1} at 1, {2, 3} at 2, all four at 10.
  const tree: Linkage = {
    n: 4,
    merges: [
      { a: 0, b: 1, height: 1, size: 2 },
      { a: 2, b: 3, height: 2, size: 2 },
      { a: 4, b: 5, height: 10, size: 4 },
    ],
  };

  it('undoes the k-1 highest merges and numbers clusters in dendrogram order', () => {
    expect([...cut(tree, 1)]).toEqual([0, 0, 0, 0]);
    expect([...cut(tree, 2)]).toEqual([0, 0, 1, 1]);
    expect([...cut(tree, 3)]).toEqual([0, 0, 1, 2]);
    expect([...cut(tree, 4)]).toEqual([0, 1, 2, 3]);
    expect(() => cut(tree, 5)).toThrow(RangeError);
  });

  it('orders leaves so that each cluster is contiguous', () => {
    expect(leafOrder(tree)).toEqual([0, 1, 2, 3]);
  });
});
