// The two clustering engines behind one call. ml-hclust's `agnes` is the reference for
// field-study sizes; it rebuilds the distance matrix at every merge (O(n³): 1,000 records take
// seconds, 10,000 about an hour), so larger inputs go to the nearest-neighbour chain.
import { agnes, type Cluster } from 'ml-hclust';
import { type Condensed, condensedIndex } from './distance.ts';
import { type Linkage, type LinkageName, linkageFromLeafPairs } from './linkage.ts';
import { nnChain } from './nn-chain.ts';

export const engineNames = ['agnes', 'nn-chain'] as const;
export type EngineName = (typeof engineNames)[number];

/** Up to this many records the default engine is agnes (under a second). */
export const agnesDefaultLimit = 500;

export function defaultEngine(n: number): EngineName {
  return n <= agnesDefaultLimit ? 'agnes' : 'nn-chain';
}

export function cluster(distances: Condensed, linkage: LinkageName, engine: EngineName): Linkage {
  if (distances.n < 2) return { n: distances.n, merges: [] };
  return engine === 'agnes' ? agnesLinkage(distances, linkage) : nnChain(distances, linkage);
}

function agnesLinkage(distances: Condensed, linkage: LinkageName): Linkage {
  const { n, d } = distances;
  const full = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : d[condensedIndex(n, i, j)]!)));
  // ml-hclust's `ward` applies the squared-distance formula to plain distances; `ward2` is Ward.
  const root = agnes(full, { method: linkage === 'ward' ? 'ward2' : linkage, isDistanceMatrix: true });

  // Each internal node becomes a merge of one leaf from either side; children come before
  // parents (post-order), which the stable sort by height keeps for equal heights.
  const pairs: Array<{ x: number; y: number; height: number }> = [];
  const anyLeaf = new Map<Cluster, number>();
  const stack: Array<{ node: Cluster; visited: boolean }> = [{ node: root, visited: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.node.isLeaf) {
      anyLeaf.set(top.node, top.node.index);
    } else if (top.visited) {
      const [left, right] = top.node.children as [Cluster, Cluster];
      anyLeaf.set(top.node, anyLeaf.get(left)!);
      pairs.push({ x: anyLeaf.get(left)!, y: anyLeaf.get(right)!, height: top.node.height });
    } else {
      stack.push({ node: top.node, visited: true }, ...top.node.children.map((node) => ({ node, visited: false })).reverse());
    }
  }
  return linkageFromLeafPairs(n, pairs);
}
