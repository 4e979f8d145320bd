// Agreement of a partition with reference labels (the four fault classes).

export interface Confusion {
  /** Reference labels, sorted (numerically when they are numbers). */
  labels: string[];
  /** counts[c][l]: records of cluster c carrying labels[l]. */
  counts: number[][];
}

export function confusion(clusters: ArrayLike<number>, labels: readonly string[]): Confusion {
  const distinct = [...new Set(labels)].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  const column = new Map(distinct.map((label, l) => [label, l]));
  let k = 0;
  for (let i = 0; i < clusters.length; i++) k = Math.max(k, clusters[i]! + 1);
  const counts = Array.from({ length: k }, () => distinct.map(() => 0));
  labels.forEach((label, i) => counts[clusters[i]!]![column.get(label)!]!++);
  return { labels: distinct, counts };
}

const pairs = (m: number) => (m * (m - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie 1985): 1 for identical partitions, about 0 for a
 * random one, negative when worse than chance. Two trivial partitions (one group each) agree: 1.
 */
export function adjustedRandIndex(table: Confusion): number {
  const rows = table.counts.map((row) => row.reduce((s, x) => s + x, 0));
  const columns = table.labels.map((_, l) => table.counts.reduce((s, row) => s + row[l]!, 0));
  const n = rows.reduce((s, x) => s + x, 0);
  const index = table.counts.flat().reduce((s, x) => s + pairs(x), 0);
  const rowPairs = rows.reduce((s, x) => s + pairs(x), 0);
  const columnPairs = columns.reduce((s, x) => s + pairs(x), 0);
  const expected = (rowPairs * columnPairs) / pairs(n);
  const maximum = (rowPairs + columnPairs) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}

/** Purity: the share of records whose cluster's majority label is their own label. */
export function purity(table: Confusion): number {
  const n = table.counts.flat().reduce((s, x) => s + x, 0);
  return table.counts.reduce((s, row) => s + Math.max(0, ...row), 0) / n;
}
