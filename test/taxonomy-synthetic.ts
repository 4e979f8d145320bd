// Synthetic fault records for the taxonomy tests and benchmark: planted clusters and random data.
import type { Condensed } from '../analysis/taxonomy/distance.ts';
import { seededRandom } from '../analysis/statistics/random.ts';
import type { FaultRecord, FaultTable } from '../analysis/taxonomy/records.ts';

/** Deterministic PRNG (mulberry32), so a failing case can be re-run. */
export const random = seededRandom;

/**
 * k planted clusters: each has a prototype (feature f of cluster c takes code `c`), and each
 * record copies its prototype with `noise` features set to a random other code. With few noisy
 * features, records are far closer to their own prototype than to any other.
 */
export function plantedTable(options: { k: number; perCluster: number; features: number; noise: number; seed: number }): FaultTable {
  const next = random(options.seed);
  const features = Array.from({ length: options.features }, (_, f) => `f${f}`);
  const codes = options.k + 3;
  const records: FaultRecord[] = [];
  for (let c = 0; c < options.k; c++) {
    for (let r = 0; r < options.perCluster; r++) {
      const values = features.map(() => `v${c}`);
      for (let m = 0; m < options.noise; m++) values[Math.floor(next() * options.features)] = `v${Math.floor(next() * codes)}`;
      records.push({ id: `c${c}-r${r}`, row: records.length + 1, label: `class${c}`, source: r % 2 ? 'odd' : 'even', values });
    }
  }
  return { file: 'planted', columns: { id: 'id', label: 'label', source: 'source' }, features, records };
}

/** Distances between random points in the unit cube: continuous, so no ties between merges. */
export function randomEuclidean(n: number, dimensions: number, seed: number): { points: number[][]; distances: Condensed } {
  const next = random(seed);
  const points = Array.from({ length: n }, () => Array.from({ length: dimensions }, next));
  const d = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) d[k++] = Math.hypot(...points[i]!.map((x, e) => x - points[j]![e]!));
  }
  return { points, distances: { n, d } };
}

/**
 * The benchmark's records: binary features (as in the measurement of agnes), k random
 * prototypes, each record its prototype with `flips` random bits flipped.
 */
export function binaryPlantedTable(options: { k: number; n: number; features: number; flips: number; seed: number }): FaultTable {
  const next = random(options.seed);
  const features = Array.from({ length: options.features }, (_, f) => `f${f}`);
  const prototypes = Array.from({ length: options.k }, () => features.map(() => (next() < 0.5 ? 1 : 0)));
  const records = Array.from({ length: options.n }, (_, i): FaultRecord => {
    const c = i % options.k;
    const bits = [...prototypes[c]!];
    for (let m = 0; m < options.flips; m++) bits[Math.floor(next() * options.features)]! ^= 1;
    return { id: `r${i}`, row: i + 1, label: `class${c}`, values: bits.map(String) };
  });
  return { file: 'synthetic', columns: { id: 'id', label: 'label' }, features, records };
}
