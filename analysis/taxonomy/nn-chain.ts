// Agglomerative clustering by the nearest-neighbour chain (Murtagh 1983; Müllner 2011, as in
// SciPy's `linkage`): O(n²) time over one condensed distance matrix, exact for the reducible
// linkages (single, complete, average, Ward). The chain follows nearest neighbours until two
// clusters are each other's nearest; reducibility guarantees that merging them early yields the
// same tree as merging globally closest pairs first.
//
// Speed (10,000 records = 50 million pairs, 400 MB per matrix): a nearest-neighbour search
// reads one row of the condensed matrix (contiguous) and one column (one cache line and one page
// per element), and the chain needs about 3n searches. So each active cluster keeps its nearest
// neighbour in a cache, kept exact by the Lance-Williams update loop (which visits every active
// cluster anyway), and a full search runs only when a merge may have made the cached one wrong.
// The cached neighbour is the one a full search would find (the smallest index among the
// closest, or the chain's previous element when it is among the closest), so the tree is the
// same, ties included, as without the cache.
import type { Condensed } from './distance.ts';
import { type Linkage, type LinkageName, lanceWilliams, linkageFromLeafPairs } from './linkage.ts';

export function nnChain(distances: Condensed, linkage: LinkageName): Linkage {
  const { n } = distances;
  // The working copy is overwritten by Lance-Williams updates; the caller keeps its matrix.
  const d = distances.d.slice();
  const update = lanceWilliams(linkage);
  const size = new Float64Array(n).fill(1);
  // Doubly linked list of active slots, so loops skip merged ones.
  const next = new Int32Array(n + 1).map((_, i) => i + 1);
  const prev = new Int32Array(n + 1).map((_, i) => i - 1);
  let head = 0;
  const remove = (x: number) => {
    if (prev[x]! >= 0) next[prev[x]!] = next[x]!;
    else head = next[x]!;
    prev[next[x]!] = prev[x]!;
  };
  // rowStart[z] + w is the position of pair (z, w), z < w (SciPy's pdist layout); a table, as
  // the formula costs more than the lookup in the n² update loop. Int32 suffices: a matrix of
  // more than 2³¹ entries (n > 65,536) could not be allocated anyway.
  const rowStart = Int32Array.from({ length: n }, (_, z) => n * z - (z * (z + 1)) / 2 - z - 1);

  // nearest[x]: the smallest-index closest active cluster to x, at distance nearestD[x]; -1 when
  // unknown (a merge took it away or moved it further), to be found by a search; nearestD[x]
  // then stays a lower bound on x's nearest distance.
  const nearest = new Int32Array(n).fill(-1);
  const nearestD = new Float64Array(n).fill(Infinity);
  // Initial neighbours in one pass in memory order. Each x sees its candidates in increasing
  // index order (column entries z < x in earlier rows, then its own row), so a strict `<`
  // keeps the smallest index among ties.
  for (let x = 0, k = 0; x < n; x++) {
    let best = nearestD[x]!;
    let bestAt = nearest[x]!;
    for (let z = x + 1; z < n; z++, k++) {
      const dz = d[k]!;
      if (dz < best) {
        best = dz;
        bestAt = z;
      }
      if (dz < nearestD[z]!) {
        nearestD[z] = dz;
        nearest[z] = x;
      }
    }
    nearestD[x] = best;
    nearest[x] = bestAt;
  }

  /**
   * Finds x's neighbour: the smallest-index closest active cluster. nearestD[x] is a lower bound
   * on the distance even when the neighbour is unknown, so the first cluster found at that
   * distance ends a scan (with tied distances, usually after a few reads). x's row (z > x) is
   * contiguous and read first; its column (z < x) costs a cache miss per read, and nearestD[z],
   * a lower bound on every distance from z, skips the reads that cannot beat the best so far.
   * Column entries win ties, having the smaller index.
   */
  const search = (x: number) => {
    const bound = nearestD[x]!;
    let best = Infinity;
    let bestAt = -1;
    const row = rowStart[x]!;
    for (let z = next[x]!; z < n; z = next[z]!) {
      const dz = d[row + z]!;
      if (dz < best) {
        best = dz;
        bestAt = z;
        if (dz <= bound) break;
      }
    }
    let fromColumn = false;
    for (let z = head; z < x; z = next[z]!) {
      const lower = nearestD[z]!;
      if (lower > best || (lower === best && fromColumn)) continue;
      const dz = d[rowStart[z]! + x]!;
      if (dz < best || (dz === best && !fromColumn)) {
        best = dz;
        bestAt = z;
        fromColumn = true;
        if (dz <= bound) break;
      }
    }
    nearest[x] = bestAt;
    nearestD[x] = best;
  };

  const pairs: Array<{ x: number; y: number; height: number }> = [];
  const chain = new Int32Array(n);
  let length = 0;
  for (let merged = 0; merged < n - 1; merged++) {
    if (length === 0) chain[length++] = head;
    let x: number;
    let y: number;
    let dxy: number;
    for (;;) {
      x = chain[length - 1]!;
      if (nearest[x]! < 0) search(x);
      y = nearest[x]!;
      dxy = nearestD[x]!;
      // Prefer the chain's previous element when it is among the closest, or the chain could
      // cycle (this is what a search that starts from it and replaces only on `<` finds).
      if (length > 1) {
        const w = chain[length - 2]!;
        const dxw = d[x < w ? rowStart[x]! + w : rowStart[w]! + x]!;
        if (dxw === dxy) {
          y = w;
          break;
        }
      }
      chain[length++] = y;
    }
    length -= 2;

    // The union lives on in slot i; j goes. Each remaining k gets its new distance to i and its
    // cached neighbour checked: only i changed (further, nearer or, on rounding, equal) and j left.
    const [i, j] = x > y ? [x, y] : [y, x];
    remove(j);
    const rowI = rowStart[i]!;
    const rowJ = rowStart[j]!;
    const ni = size[i]!;
    const nj = size[j]!;
    let best = Infinity;
    let bestAt = -1;
    for (let k = head; k < n; k = next[k]!) {
      if (k === i) continue;
      const ki = k < i ? rowStart[k]! + i : rowI + k;
      const kj = k < j ? rowStart[k]! + j : rowJ + k;
      const dk = update(d[ki]!, d[kj]!, dxy, ni, nj, size[k]!);
      d[ki] = dk;
      // k's candidates, in increasing index order, give i's neighbour as a search would.
      if (dk < best) {
        best = dk;
        bestAt = k;
      }
      // Keep k's cache exact, or mark it unknown with nearestD[k] a lower bound: distances from
      // k changed only to i (any direction) and to j (gone).
      const old = nearest[k]!;
      const oldD = nearestD[k]!;
      if (dk < oldD || (dk === oldD && old >= 0 && i < old)) {
        nearest[k] = i; // nearer than any other: i is the (smallest-index) closest
        nearestD[k] = dk;
      } else if (old === j || (old === i && dk !== oldD)) {
        nearest[k] = -1; // unknown, but no other is nearer than oldD
      }
    }
    nearest[i] = bestAt;
    nearestD[i] = best;
    size[i] = ni + nj;
    pairs.push({ x: i, y: j, height: dxy });
  }
  return linkageFromLeafPairs(n, pairs);
}
