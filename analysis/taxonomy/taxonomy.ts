// The whole analysis as one pure function of the fault records: distances, tree, cut, validity,
// agreement with the reference labels, and the description of each cluster.
import { adjustedRandIndex, type Confusion, confusion, purity } from './agreement.ts';
import { type ClusterDescription, describeClusters } from './describe.ts';
import { type Condensed, type DistanceName, distanceMatrix, encode } from './distance.ts';
import { cluster, defaultEngine, type EngineName } from './engines.ts';
import { cut, cutHeight, type Linkage, type LinkageName } from './linkage.ts';
import type { FaultTable } from './records.ts';
import { copheneticCorrelation, silhouetteByK } from './validity.ts';

export interface TaxonomyOptions {
  k: number;
  linkage: LinkageName;
  distance: DistanceName;
  /** Default: agnes for field-study sizes, the nearest-neighbour chain above. */
  engine?: EngineName;
}

export interface Agreement {
  ari: number;
  purity: number;
  confusion: Confusion;
}

export interface TaxonomyResult {
  table: FaultTable;
  options: Required<TaxonomyOptions>;
  distances: Condensed;
  tree: Linkage;
  /** Cluster of each record, 0-based in dendrogram order. */
  clusters: Int32Array;
  cutHeight: number;
  cophenetic: number;
  silhouette: Record<number, number>;
  agreement: Agreement | null;
  descriptions: ClusterDescription[];
}

/** Seconds spent in each phase of the analysis, for the benchmark. */
export type PhaseTimes = Record<'distances' | 'tree' | 'cut' | 'cophenetic' | 'silhouette' | 'describe', number>;

export function runTaxonomy(table: FaultTable, options: TaxonomyOptions, times?: Partial<PhaseTimes>): TaxonomyResult {
  const timed = <T>(phase: keyof PhaseTimes, run: () => T): T => {
    const start = performance.now();
    const value = run();
    if (times) times[phase] = (performance.now() - start) / 1000;
    return value;
  };
  const resolved = { ...options, engine: options.engine ?? defaultEngine(table.records.length) };
  const distances = timed('distances', () => distanceMatrix(encode(table), resolved.distance));
  const tree = timed('tree', () => cluster(distances, resolved.linkage, resolved.engine));
  const clusters = timed('cut', () => cut(tree, resolved.k));
  const labels = table.columns.label === undefined ? null : table.records.map((record) => record.label!);
  const matrix = labels && confusion(clusters, labels);
  const cophenetic = timed('cophenetic', () => copheneticCorrelation(distances, tree));
  const silhouette = timed('silhouette', () => silhouetteByK(distances, tree));
  const descriptions = timed('describe', () => describeClusters(table, distances, clusters));
  return {
    table,
    options: resolved,
    distances,
    tree,
    clusters,
    cutHeight: cutHeight(tree, resolved.k),
    cophenetic,
    silhouette,
    agreement: matrix && { ari: adjustedRandIndex(matrix), purity: purity(matrix), confusion: matrix },
    descriptions,
  };
}

/** The `--json` document, exactly these keys; NaN (undefined figures) become null. */
export function taxonomyJson(result: TaxonomyResult) {
  const figure = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    k: result.options.k,
    ari: result.agreement ? figure(result.agreement.ari) : null,
    purity: result.agreement ? figure(result.agreement.purity) : null,
    cophenetic: figure(result.cophenetic),
    silhouette: Object.fromEntries(Object.entries(result.silhouette).map(([k, s]) => [k, figure(s)])),
    clusters: result.descriptions,
  };
}
