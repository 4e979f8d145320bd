// Cluster validity: does the tree fit the distances, and is k a natural cut? Both figures stream
// over the condensed matrix in memory order, so 10,000 records need no second n² array.
import type { Condensed } from './distance.ts';
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
  const cophenetic = copheneticLookup(linkage);
  let meanD = 0;
  for (let k = 0; k < pairs; k++) meanD += d[k]!;
  meanD /= pairs;
  // Each merge sets the cophenetic height of |a|·|b| pairs.
  const size = (node: number) => (node < n ? 1 : linkage.merges[node - n]!.size);
  const meanC = linkage.merges.reduce((sum, { a, b, height }) => sum + height * size(a) * size(b), 0) / pairs;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0, k = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      const x = d[k]! - meanD;
      const y = cophenetic(i, j) - meanC;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * The height at which leaves i and j first share a cluster, in O(1): in dendrogram order it is
 * the highest of the gaps between neighbouring leaves from i to j (a range maximum, answered by
 * a sparse table). This lets the correlation walk the distances in memory order.
 */
export function copheneticLookup(linkage: Linkage): (i: number, j: number) => number {
  const { n, merges } = linkage;
  const start = new Int32Array(2 * n - 1);
  const size = (node: number) => (node < n ? 1 : merges[node - n]!.size);
  // gap[p]: height of the merge that joins the leaves at positions p and p + 1.
  const gap = new Float64Array(Math.max(n - 1, 1));
  for (let m = merges.length - 1; m >= 0; m--) {
    const { a, b, height } = merges[m]!;
    start[a] = start[n + m]!;
    start[b] = start[n + m]! + size(a);
    gap[start[b]! - 1] = height;
  }
  const position = start.subarray(0, n);
  const levels: Float64Array[] = [gap];
  for (let width = 2; width <= gap.length; width *= 2) {
    const below = levels.at(-1)!;
    const level = new Float64Array(gap.length - width + 1);
    for (let p = 0; p < level.length; p++) level[p] = Math.max(below[p]!, below[p + width / 2]!);
    levels.push(level);
  }
  return (i, j) => {
    let from = position[i]!;
    let to = position[j]!;
    if (from > to) [from, to] = [to, from];
    const length = to - from; // gaps from..to-1
    const level = 31 - Math.clz32(length);
    const table = levels[level]!;
    return Math.max(table[from]!, table[to - (1 << level)]!);
  };
}

/**
 * Mean silhouette width of a partition (Rousseeuw 1987): for each record, a = mean distance to
 * its own cluster, b = mean distance to the nearest other cluster, s = (b - a) / max(a, b); a
 * record alone in its cluster scores 0. Near 1: tight, well separated clusters; near 0 or
 * below: the cut splits or lumps arbitrarily.
 */
export function silhouette(distances: Condensed, labels: Int32Array): number {
  return coarserSilhouettes(distances, labels, [labels])[0]!;
}

/** Silhouette of the tree's cut for each k in 2..8 that the record count allows. */
export function silhouetteByK(distances: Condensed, linkage: Linkage): Record<number, number> {
  const ks: number[] = [];
  for (let k = silhouetteRange.from; k <= Math.min(silhouetteRange.to, distances.n - 1); k++) ks.push(k);
  if (ks.length === 0) return {};
  // Every cut of a tree is a union of clusters of any finer cut: one pass over the distances
  // for the finest cut gives them all.
  const finest = cut(linkage, ks.at(-1)!);
  const values = coarserSilhouettes(distances, finest, ks.map((k) => cut(linkage, k)));
  return Object.fromEntries(ks.map((k, index) => [k, values[index]!]));
}

/**
 * Mean silhouettes of partitions that are each coarser than (or equal to) `finest`, from one
 * pass that sums each record's distances to every cluster of `finest`.
 */
function coarserSilhouettes(distances: Condensed, finest: Int32Array, partitions: Int32Array[]): number[] {
  const { n, d } = distances;
  const kf = finest.reduce((k, label) => Math.max(k, label + 1), 0);
  // sums[i * kf + c]: total distance from record i to the members of fine cluster c.
  const sums = new Float64Array(n * kf);
  let index = 0;
  for (let i = 0; i < n; i++) {
    const li = finest[i]!;
    for (let j = i + 1; j < n; j++) {
      const dij = d[index++]!;
      sums[i * kf + finest[j]!] += dij;
      sums[j * kf + li] += dij;
    }
  }
  return partitions.map((labels) => {
    const k = labels.reduce((most, label) => Math.max(most, label + 1), 0);
    if (k < 2 || k >= n) return Number.NaN;
    const coarse = new Int32Array(kf);
    finest.forEach((fine, i) => (coarse[fine] = labels[i]!));
    const size = new Float64Array(k);
    for (const label of labels) size[label]!++;
    const toCluster = new Float64Array(k);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const own = labels[i]!;
      if (size[own] === 1) continue;
      toCluster.fill(0);
      for (let c = 0; c < kf; c++) toCluster[coarse[c]!] += sums[i * kf + c]!;
      const a = toCluster[own]! / (size[own]! - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, toCluster[c]! / size[c]!);
      const spread = Math.max(a, b);
      if (spread > 0) total += (b - a) / spread;
    }
    return total / n;
  });
}
