// Cluster validity: does the tree fit the distances, and is k a natural cut? Both figures stream
// over the condensed matrix, so 10,000 records need no second n² array.
import type { Condensed } from './distance.ts';
import { condensedIndex } from './distance.ts';
import { cut, type Linkage } from './linkage.ts';

/** The cut sizes a student compares (the fault model has 4 classes). */
export const silhouetteRange = { from: 2, to: 8 } as const;

/**
 * Cophenetic correlation: Pearson's r between each pair's distance and the height at which the
 * tree first joins them. Near 1, the dendrogram is a faithful picture of the distances.
 * NaN when either side is constant (e.g. all distances equal).
 */
export function copheneticCorrelation(distances: Condensed, linkage: Linkage): number {
  const { n, d } = distances;
  const pairs = d.length;
  if (pairs < 2) return Number.NaN;
  let meanD = 0;
  for (let k = 0; k < pairs; k++) meanD += d[k]!;
  meanD /= pairs;
  let meanC = 0;
  for (const merge of linkage.merges) meanC += merge.height * pairsAcross(linkage, merge);
  meanC /= pairs;

  // Members of each cluster as linked lists of leaves, joined in O(1) per merge.
  const first = new Int32Array(2 * n - 1);
  const last = new Int32Array(2 * n - 1);
  const nextLeaf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) first[i] = last[i] = i;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  linkage.merges.forEach(({ a, b, height }, m) => {
    const y = height - meanC;
    for (let i = first[a]!; i >= 0; i = nextLeaf[i]!) {
      for (let j = first[b]!; j >= 0; j = nextLeaf[j]!) {
        const x = d[condensedIndex(n, i, j)]! - meanD;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
      }
    }
    nextLeaf[last[a]!] = first[b]!;
    first[n + m] = first[a]!;
    last[n + m] = last[b]!;
  });
  return sxy / Math.sqrt(sxx * syy);
}

function pairsAcross(linkage: Linkage, merge: { a: number; b: number }): number {
  const size = (node: number) => (node < linkage.n ? 1 : linkage.merges[node - linkage.n]!.size);
  return size(merge.a) * size(merge.b);
}

/**
 * Mean silhouette width of a partition (Rousseeuw 1987): for each record, a = mean distance to
 * its own cluster, b = mean distance to the nearest other cluster, s = (b - a) / max(a, b); a
 * record alone in its cluster scores 0. Near 1: tight, well separated clusters; near 0 or
 * below: the cut splits or lumps arbitrarily.
 */
export function silhouette(distances: Condensed, labels: Int32Array): number {
  const { n, d } = distances;
  let k = 0;
  for (const label of labels) k = Math.max(k, label + 1);
  if (k < 2 || k >= n) return Number.NaN;
  const size = new Float64Array(k);
  for (const label of labels) size[label]!++;
  // sums[i * k + c]: total distance from record i to the members of cluster c.
  const sums = new Float64Array(n * k);
  let index = 0;
  for (let i = 0; i < n; i++) {
    const li = labels[i]!;
    for (let j = i + 1; j < n; j++) {
      const dij = d[index++]!;
      sums[i * k + labels[j]!] += dij;
      sums[j * k + li] += dij;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (size[own] === 1) continue;
    const a = sums[i * k + own]! / (size[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[i * k + c]! / size[c]!);
    const spread = Math.max(a, b);
    if (spread > 0) total += (b - a) / spread;
  }
  return total / n;
}

/** Silhouette of the tree's cut for each k in 2..8 that the record count allows. */
export function silhouetteByK(distances: Condensed, linkage: Linkage): Record<number, number> {
  const result: Record<number, number> = {};
  for (let k = silhouetteRange.from; k <= Math.min(silhouetteRange.to, distances.n - 1); k++) {
    result[k] = silhouette(distances, cut(linkage, k));
  }
  return result;
}
