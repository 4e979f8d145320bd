// The simulated population: machines in clusters, the problems of the upgrade and which clusters
// they affect, and per-machine timings. It depends on the parameters and the seed only, never on
// the protocol, so every protocol deploys to the very same machines.
import type { SimParams } from './params.ts';
import { randomInt, seededRandom } from './random.ts';

export interface Population {
  machines: number;
  /** Machines per cluster, largest first; cluster i holds a contiguous block of machine ids. */
  clusterSizes: number[];
  /** First machine id of each cluster (plus the total at the end). */
  clusterStart: Int32Array;
  /** The cluster the fingerprints put each machine in (what staging goes by). */
  assigned: Uint16Array;
  /** The cluster whose environment a machine really has (what problems go by). */
  actual: Uint16Array;
  /** Multiplier of each machine's install or test time. */
  timeFactor: Float32Array;
  /** The order in which machines ask for the upgrade once it is offered to them. */
  order: Int32Array;
  /** Per cluster, the mask of problems that break the upgrade there. */
  affects: Uint32Array;
  /** Per cluster, the mask of its problems that testing at its representatives catches. */
  caught: Uint32Array;
  problemClusters: number[][];
  misplaced: number;
}

export function clusterSizesOf(params: SimParams): number[] {
  if (params.clusterSizes) return [...params.clusterSizes].sort((a, b) => b - a);
  const weights = Array.from({ length: params.clusters }, (_, i) => 1 / (i + 1) ** params.clusterSkew);
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((params.machines * w) / total)));
  // Rounding leftovers go to the largest cluster (sizes are at least 1, so it may give some back).
  sizes[0] += params.machines - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

export function isRepresentative(population: Population, machine: number, representatives: number): boolean {
  return machine - population.clusterStart[population.assigned[machine]] < representatives;
}

export function buildPopulation(params: SimParams): Population {
  const random = seededRandom(params.seed);
  const clusterSizes = clusterSizesOf(params);
  const clusters = clusterSizes.length;
  const machines = clusterSizes.reduce((a, b) => a + b, 0);

  const problemClusters =
    params.problemClusters?.map((cs) => [...new Set(cs)].sort((a, b) => a - b)) ?? Array.from({ length: params.problems }, () => sample(clusters, params.clustersPerProblem, random));
  const affects = new Uint32Array(clusters);
  const caught = new Uint32Array(clusters);
  problemClusters.forEach((cs, p) => {
    for (const c of cs) {
      affects[c] |= 1 << p;
      if (random() < params.testCoverage) caught[c] |= 1 << p;
    }
  });

  const clusterStart = new Int32Array(clusters + 1);
  for (let c = 0; c < clusters; c++) clusterStart[c + 1] = clusterStart[c] + clusterSizes[c];
  const assigned = new Uint16Array(machines);
  for (let c = 0; c < clusters; c++) assigned.fill(c, clusterStart[c], clusterStart[c + 1]);

  // Representatives are placed right by definition: they are what a cluster is tested on.
  const actual = assigned.slice();
  let misplaced = 0;
  if (params.misplaced > 0 && clusters > 1) {
    for (let m = 0; m < machines; m++) {
      if (m - clusterStart[assigned[m]] < params.representatives) continue;
      if (random() < params.misplaced) {
        const other = randomInt(random, clusters - 1);
        actual[m] = other >= assigned[m] ? other + 1 : other;
        misplaced++;
      }
    }
  }

  const timeFactor = new Float32Array(machines);
  for (let m = 0; m < machines; m++) timeFactor[m] = 1 + params.installJitter * (2 * random() - 1);

  const order = new Int32Array(machines);
  for (let i = 0; i < machines; i++) order[i] = i;
  for (let i = machines - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }

  return { machines, clusterSizes, clusterStart, assigned, actual, timeFactor, order, affects, caught, problemClusters, misplaced };
}

/** k distinct integers of [0, n), ascending. */
function sample(n: number, k: number, random: () => number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(random, n - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}
