import { sampleCorrelation, silhouette as referenceSilhouette } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, confusion, purity } from '../../analysis/taxonomy/agreement.ts';
import { condensedIndex, distanceMatrix, distanceNames, encode } from '../../analysis/taxonomy/distance.ts';
import { cluster, engineNames } from '../../analysis/taxonomy/engines.ts';
import { cut, linkageNames } from '../../analysis/taxonomy/linkage.ts';
import { runTaxonomy } from '../../analysis/taxonomy/taxonomy.ts';
import { copheneticCorrelation, silhouette } from '../../analysis/taxonomy/validity.ts';
import { plantedTable, random, randomEuclidean } from '../taxonomy-synthetic.ts';

describe('planted clusters are recovered', () => {
  const table = plantedTable({ k: 4, perCluster: 20, features: 10, noise: 2, seed: 9 });
  for (const linkage of linkageNames) {
    for (const distance of distanceNames) {
      for (const engine of engineNames) {
        it(`${linkage} linkage, ${distance} distance, ${engine}`, () => {
          const result = runTaxonomy(table, { k: 4, linkage, distance, engine });
          expect(result.agreement!.ari).toBe(1);
          expect(result.agreement!.purity).toBe(1);
          expect(result.descriptions.map((d) => d.size)).toEqual([20, 20, 20, 20]);
        });
      }
    }
  }

  it('shows k = 4 as the natural cut, a faithful tree, and the planted codes as characteristic', () => {
    const result = runTaxonomy(table, { k: 4, linkage: 'average', distance: 'gower' });
    const best = Object.entries(result.silhouette).sort(([, x], [, y]) => y - x)[0]!;
    expect(best[0]).toBe('4');
    expect(result.silhouette[4]).toBeGreaterThan(0.6);
    expect(result.cophenetic).toBeGreaterThan(0.9);
    for (const description of result.descriptions) {
      const planted = description.label!.replace('class', 'v');
      expect(description.labelShare).toBe(1);
      expect(description.features[0]!.value).toBe(planted);
      expect(description.sources).toEqual({ even: 10, odd: 10 });
      expect(description.examples).toHaveLength(3);
    }
  });

  it('finds no structure in random records (low silhouette, chance-level ARI)', () => {
    const next = random(11);
    const noise = plantedTable({ k: 4, perCluster: 20, features: 10, noise: 0, seed: 1 });
    for (const record of noise.records) record.values = record.values.map(() => `v${Math.floor(next() * 4)}`);
    const result = runTaxonomy(noise, { k: 4, linkage: 'average', distance: 'gower' });
    expect(Math.max(...Object.values(result.silhouette))).toBeLessThan(0.2);
    expect(Math.abs(result.agreement!.ari)).toBeLessThan(0.1);
  });
});

describe('distances', () => {
  const table = {
    features: ['a', 'b', 'c', 'd'],
    records: [
      { id: 'x', row: 1, values: ['1', '1', '1', '1'] },
      { id: 'y', row: 2, values: ['1', '1', '1', '2'] },
      { id: 'z', row: 3, values: ['1', '', '2', '2'] },
    ],
  };
  it('gower: share of differing codes among the features both records have', () => {
    const { d, n } = distanceMatrix(encode(table), 'gower');
    expect(d[condensedIndex(n, 0, 1)]).toBe(1 / 4);
    expect(d[condensedIndex(n, 0, 2)]).toBe(2 / 3);
    expect(d[condensedIndex(n, 1, 2)]).toBe(1 / 3);
  });
  it('jaccard: over the one-hot items set in either record', () => {
    const { d, n } = distanceMatrix(encode(table), 'jaccard');
    expect(d[condensedIndex(n, 0, 1)]).toBeCloseTo(1 - 3 / 5, 12);
    expect(d[condensedIndex(n, 0, 2)]).toBeCloseTo(1 - 1 / 6, 12);
  });
});

describe('validity figures', () => {
  it('silhouette matches simple-statistics on Euclidean points, singletons included', () => {
    const { points, distances } = randomEuclidean(40, 3, 5);
    const labels = Int32Array.from({ length: 40 }, (_, i) => (i === 39 ? 3 : i % 3));
    const perPoint = referenceSilhouette(points, [...labels]);
    expect(silhouette(distances, labels)).toBeCloseTo(perPoint.reduce((s, x) => s + x, 0) / 40, 10);
  });

  it('cophenetic correlation matches a direct Pearson r of distances and merge heights', () => {
    const { distances } = randomEuclidean(30, 3, 6);
    const tree = cluster(distances, 'average', 'nn-chain');
    const cophenetic: number[] = [];
    for (let i = 0; i < 30; i++) {
      for (let j = i + 1; j < 30; j++) {
        // The height at which i and j first share a cluster.
        const m = tree.merges.findIndex((_, m) => {
          const labels = cut(tree, 30 - m - 1);
          return labels[i] === labels[j];
        });
        cophenetic.push(tree.merges[m]!.height);
      }
    }
    expect(copheneticCorrelation(distances, tree)).toBeCloseTo(sampleCorrelation([...distances.d], cophenetic), 10);
  });

  it('cophenetic correlation is 1 for an ultrametric', () => {
    // Two pairs at 1 and 2, everything else at 5: the tree reproduces the distances exactly.
    const distances = { n: 4, d: Float64Array.from([1, 5, 5, 5, 5, 2]) };
    expect(copheneticCorrelation(distances, cluster(distances, 'average', 'agnes'))).toBeCloseTo(1, 12);
  });
});

describe('agreement', () => {
  const ari = (clusters: number[], labels: string[]) => adjustedRandIndex(confusion(clusters, labels));
  it('ARI: 1 for the same partition under other names, known values otherwise', () => {
    expect(ari([0, 0, 1, 1, 2], ['b', 'b', 'a', 'a', 'c'])).toBe(1);
    // Reference values from scikit-learn's adjusted_rand_score documentation.
    expect(ari([0, 0, 1, 2], ['0', '0', '1', '1'])).toBeCloseTo(0.5714285714285714, 12);
    expect(ari([0, 1, 0, 1], ['0', '0', '1', '1'])).toBeCloseTo(-0.5, 12);
  });
  it('purity and the confusion matrix', () => {
    const table = confusion([0, 0, 0, 1, 1], ['2', '2', '10', '10', '10']);
    expect(table.labels).toEqual(['2', '10']);
    expect(table.counts).toEqual([
      [2, 1],
      [0, 2],
    ]);
    expect(purity(table)).toBe(4 / 5);
  });
});
