// Feature encoding and distances for categorical fault records.
//
// Each record is one-hot encoded: a feature with m codes becomes m binary items, exactly one of
// which is set (none when the value is missing). Both distances below are computed from the
// integer code of each feature, which is the same as working on the one-hot vectors but needs
// p comparisons per pair instead of one per item.
//   gower:   the share of features, among those present in both records, whose codes differ
//            (Gower's coefficient for nominal variables, i.e. simple matching). No feature
//            present in both: 1.
//   jaccard: 1 - |A ∩ B| / |A ∪ B| over the sets of one-hot items set in each record; shared
//            codes count once in the union, so two records differing in one of p features are
//            1 - (p-1)/(p+1) apart (vs 1/p for gower).
import type { FaultTable } from './records.ts';

export const distanceNames = ['gower', 'jaccard'] as const;
export type DistanceName = (typeof distanceNames)[number];

export interface EncodedRecords {
  n: number;
  /** Number of features. */
  p: number;
  /** Code index of record i, feature f at [i * p + f]; -1 when missing. */
  codes: Int32Array;
  /** The codes of each feature, in order of first appearance. */
  levels: string[][];
}

/** A condensed distance matrix: the upper triangle, row by row, as SciPy's `pdist` lays it out. */
export interface Condensed {
  n: number;
  d: Float64Array;
}

export function encode(table: Pick<FaultTable, 'features' | 'records'>): EncodedRecords {
  const p = table.features.length;
  const n = table.records.length;
  const levels = table.features.map(() => [] as string[]);
  const index = table.features.map(() => new Map<string, number>());
  const codes = new Int32Array(n * p);
  table.records.forEach((record, i) => {
    record.values.forEach((value, f) => {
      if (value === '') {
        codes[i * p + f] = -1;
        return;
      }
      let code = index[f]!.get(value);
      if (code === undefined) {
        code = levels[f]!.length;
        levels[f]!.push(value);
        index[f]!.set(value, code);
      }
      codes[i * p + f] = code;
    });
  });
  return { n, p, codes, levels };
}

/** Position of pair (i, j), i ≠ j, in a condensed matrix of n points. */
export function condensedIndex(n: number, i: number, j: number): number {
  return i < j ? n * i - (i * (i + 1)) / 2 + j - i - 1 : n * j - (j * (j + 1)) / 2 + i - j - 1;
}

export function pairDistance(encoded: EncodedRecords, metric: DistanceName, i: number, j: number): number {
  const { p, codes } = encoded;
  let bothPresent = 0;
  let matches = 0;
  let presentA = 0;
  let presentB = 0;
  for (let f = 0; f < p; f++) {
    const a = codes[i * p + f]!;
    const b = codes[j * p + f]!;
    if (a >= 0) presentA++;
    if (b >= 0) presentB++;
    if (a >= 0 && b >= 0) {
      bothPresent++;
      if (a === b) matches++;
    }
  }
  if (metric === 'gower') return bothPresent === 0 ? 1 : (bothPresent - matches) / bothPresent;
  // Every record has at least one value (records.ts), so the union is never empty.
  return 1 - matches / (presentA + presentB - matches);
}

export function distanceMatrix(encoded: EncodedRecords, metric: DistanceName): Condensed {
  const { n } = encoded;
  const d = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) d[k++] = pairDistance(encoded, metric, i, j);
  }
  return { n, d };
}
