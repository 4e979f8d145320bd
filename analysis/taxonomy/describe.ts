// What each cluster is: its size, the feature codes that set it apart, where its records come
// from, its most typical records, and (with labels) which class dominates it.
import type { Condensed } from './distance.ts';
import type { FaultTable } from './records.ts';

export interface CharacteristicFeature {
  feature: string;
  value: string;
  /** Share of the cluster's records with this code. */
  share: number;
  /** Share of all records with this code. */
  overall: number;
}

export interface ClusterDescription {
  /** 1-based, in dendrogram order. */
  cluster: number;
  size: number;
  features: CharacteristicFeature[];
  /** Records per source, most frequent first; empty without a source column. */
  sources: Record<string, number>;
  /** Ids of the most typical records (smallest mean distance to the rest of the cluster). */
  examples: string[];
  /** Majority label and its share; null without labels. */
  label: string | null;
  labelShare: number | null;
  labels: Record<string, number> | null;
}

export const describeLimits = { features: 3, examples: 3 } as const;

export function describeClusters(table: FaultTable, distances: Condensed, clusters: Int32Array): ClusterDescription[] {
  const n = table.records.length;
  let k = 0;
  for (const c of clusters) k = Math.max(k, c + 1);
  const members = Array.from({ length: k }, () => [] as number[]);
  clusters.forEach((c, i) => members[c]!.push(i));

  const overall = codeShares(table, [...Array(n).keys()]);
  const cost = withinClusterDistance(distances, clusters);
  return members.map((records, c) => {
    const shares = codeShares(table, records);
    // Characteristic: over-represented against the whole data set, most over-represented first.
    const features = [...shares.entries()]
      .map(([key, share]) => {
        const [f, value] = splitKey(key);
        return { feature: table.features[f]!, value, share, overall: overall.get(key)! };
      })
      .filter((item) => item.share > item.overall)
      .sort((x, y) => y.share - y.overall - (x.share - x.overall) || y.share - x.share)
      .slice(0, describeLimits.features);

    const labels = table.columns.label === undefined ? null : countBy(records.map((i) => table.records[i]!.label!));
    // Not Object.entries(labels)[0]: objects list integer-like keys ("1".."4") in numeric order.
    const [label, count] = labels ? Object.entries(labels).reduce((best, entry) => (entry[1] > best[1] ? entry : best)) : [null, 0];
    return {
      cluster: c + 1,
      size: records.length,
      features,
      sources: table.columns.source === undefined ? {} : countBy(records.map((i) => table.records[i]!.source!)),
      examples: mostTypical(cost, records).map((i) => table.records[i]!.id),
      label,
      labelShare: labels ? count / records.length : null,
      labels,
    };
  });
}

function codeShares(table: FaultTable, records: number[]): Map<string, number> {
  const shares = new Map<string, number>();
  for (const i of records) {
    table.records[i]!.values.forEach((value, f) => {
      if (value === '') return;
      const key = `${f}\u0000${value}`;
      shares.set(key, (shares.get(key) ?? 0) + 1 / records.length);
    });
  }
  return shares;
}

function splitKey(key: string): [number, string] {
  const at = key.indexOf('\u0000');
  return [Number(key.slice(0, at)), key.slice(at + 1)];
}

/** Counts, most frequent first (ties in name order; integer-like keys list in numeric order). */
function countBy(values: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return Object.fromEntries([...counts].sort(([x, cx], [y, cy]) => cy - cx || x.localeCompare(y, 'en', { numeric: true })));
}

function mostTypical(cost: Float64Array, records: number[]): number[] {
  return records
    .map((i) => ({ i, cost: cost[i]! }))
    .sort((x, y) => x.cost - y.cost || x.i - y.i)
    .slice(0, describeLimits.examples)
    .map(({ i }) => i);
}

/**
 * Each record's total distance to the rest of its cluster, in one pass over the condensed matrix
 * in memory order (a lookup per pair of members is a cache miss each at 10,000 records). Each
 * record's terms are added in increasing order of the other record, as a sum over the members
 * would add them, so the totals are the same to the last bit.
 */
function withinClusterDistance(distances: Condensed, clusters: Int32Array): Float64Array {
  const { n, d } = distances;
  const cost = new Float64Array(n);
  for (let i = 0, k = 0; i < n; i++) {
    const c = clusters[i]!;
    let own = cost[i]!; // the terms from j < i are in already
    for (let j = i + 1; j < n; j++, k++) {
      if (clusters[j] !== c) continue;
      own += d[k]!;
      cost[j] += d[k]!;
    }
    cost[i] = own;
  }
  return cost;
}
