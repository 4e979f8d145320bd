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
  let meanD = 0;
  for (let k = 0; k < pairs; k++) meanD += d[k]!;
  meanD /= pairs;
  // Each merge sets the cophenetic height of |a|·|b| pairs.
  const size = (node: number) => (node < n ? 1 : linkage.merges[node - n]!.size);
  const meanC = linkage.merges.reduce((sum, { a, b, height }) => sum + height * size(a) * size(b), 0) / pairs;
  const { position, heightsFrom } = copheneticRows(linkage);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0, k = 0; i < n; i++) {
    const heights = heightsFrom(i);
    for (let j = i + 1; j < n; j++, k++) {
      const x = d[k]! - meanD;
      const y = heights[position[j]!]! - meanC;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * The cophenetic heights from one leaf to all others, a row at a time, so the correlation can
 * walk the distances in memory order. Walking up from leaf i, each merge joins i to the leaves
 * of its other side at its height; those leaves are contiguous in dendrogram order, so a row is
 * a few fills of one small array (indexed by `position`), O(n) and in cache.
 */
function copheneticRows(linkage: Linkage) {
  const { n, merges } = linkage;
  const size = (node: number) => (node < n ? 1 : merges[node - n]!.size);
  // start[node]: dendrogram position of the node's first leaf; parent: the merge above, -1 at the root.
  const start = new Int32Array(2 * n - 1);
  const parent = new Int32Array(2 * n - 1).fill(-1);
  for (let m = merges.length - 1; m >= 0; m--) {
    const { a, b } = merges[m]!;
    start[a] = start[n + m]!;
    start[b] = start[n + m]! + size(a);
    parent[a] = parent[b] = n + m;
  }
  const heights = new Float64Array(n);
  const heightsFrom = (leaf: number) => {
    for (let node = leaf; parent[node]! >= 0; node = parent[node]!) {
      const { a, b, height } = merges[parent[node]! - n]!;
      const other = node === a ? b : a;
      heights.fill(height, start[other]!, start[other]! + size(other));
    }
    return heights;
  };
  return { position: start.subarray(0, n), heightsFrom };
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
  const values = coarserSilhouettes(
    distances,
    finest,
    ks.map((k) => cut(linkage, k)),
  );
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
