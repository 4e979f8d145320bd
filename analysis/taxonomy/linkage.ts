// The tree both clustering engines produce, in SciPy's linkage layout: leaves are 0..n-1, merge m
// creates cluster n + m, merges sorted by height. Cutting, leaf order and cophenetic heights
// all work on this one shape.

export const linkageNames = ['average', 'complete', 'single', 'ward'] as const;
export type LinkageName = (typeof linkageNames)[number];

export interface Merge {
  a: number;
  b: number;
  height: number;
  /** Leaves under the new cluster. */
  size: number;
}

export interface Linkage {
  n: number;
  merges: Merge[];
}

/**
 * Lance-Williams update: the distance from cluster k to the union of i and j. The formulas are
 * ml-hclust's, so both engines compute the same heights up to rounding; `ward`
 * is its `ward2`, the usual Ward criterion on distances (SciPy's `ward`), not its `ward`, which
 * applies the squared-distance formula to plain distances.
 */
export function lanceWilliams(linkage: LinkageName): (dKI: number, dKJ: number, dIJ: number, ni: number, nj: number, nk: number) => number {
  switch (linkage) {
    case 'single':
      return (dKI, dKJ) => Math.min(dKI, dKJ);
    case 'complete':
      return (dKI, dKJ) => Math.max(dKI, dKJ);
    case 'average':
      return (dKI, dKJ, _dIJ, ni, nj) => (ni / (ni + nj)) * dKI + (nj / (ni + nj)) * dKJ;
    case 'ward':
      return (dKI, dKJ, dIJ, ni, nj, nk) => {
        const ai = (ni + nk) / (ni + nj + nk);
        const aj = (nj + nk) / (ni + nj + nk);
        const b = -nk / (ni + nj + nk);
        return Math.sqrt(ai * dKI * dKI + aj * dKJ * dKJ + b * dIJ * dIJ);
      };
  }
}

/**
 * Builds a linkage from merges given as pairs of *any* leaf in each merged cluster, in any
 * order (as the nearest-neighbour chain finds them): sorts by height (stable) and names the
 * clusters with a union-find, as SciPy's `linkage` does.
 */
export function linkageFromLeafPairs(n: number, pairs: Array<{ x: number; y: number; height: number }>): Linkage {
  const sorted = pairs.map((pair, order) => ({ ...pair, order })).sort((p, q) => p.height - q.height || p.order - q.order);
  const parent = new Int32Array(2 * n - 1).map((_, i) => i);
  const size = new Int32Array(2 * n - 1).fill(1);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const merges = sorted.map(({ x, y, height }, m) => {
    const a = find(x);
    const b = find(y);
    const id = n + m;
    parent[a] = id;
    parent[b] = id;
    size[id] = size[a]! + size[b]!;
    return { a: Math.min(a, b), b: Math.max(a, b), height, size: size[id]! };
  });
  return { n, merges };
}

/** Leaves in dendrogram order (each merge's a-side above its b-side), so that branches never cross. */
export function leafOrder(linkage: Linkage): number[] {
  const { n, merges } = linkage;
  if (n === 1) return [0];
  const order: number[] = [];
  const stack = [n + merges.length - 1];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node < n) order.push(node);
    else {
      const { a, b } = merges[node - n]!;
      stack.push(b, a);
    }
  }
  return order;
}

/**
 * Cuts the tree into k clusters by undoing its k-1 highest merges. Clusters are numbered 0..k-1
 * in dendrogram order (top to bottom), so tables and the figure list them alike.
 */
export function cut(linkage: Linkage, k: number): Int32Array {
  const { n, merges } = linkage;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer in 1..${n}, got ${k}`);
  const parent = new Int32Array(2 * n - 1).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let m = 0; m < n - k; m++) {
    const { a, b } = merges[m]!;
    parent[find(a)] = n + m;
    parent[find(b)] = n + m;
  }
  const labels = new Int32Array(n).fill(-1);
  const numberOf = new Map<number, number>();
  for (const leaf of leafOrder(linkage)) {
    const root = find(leaf);
    if (!numberOf.has(root)) numberOf.set(root, numberOf.size);
    labels[leaf] = numberOf.get(root)!;
  }
  return labels;
}

/** The height at which the cut into k clusters is drawn: halfway between the merges it separates. */
export function cutHeight(linkage: Linkage, k: number): number {
  const { n, merges } = linkage;
  const below = n - k - 1 >= 0 ? merges[n - k - 1]!.height : 0;
  const above = merges[n - k]?.height ?? below;
  return (below + above) / 2;
}
