// Agglomerative clustering by the nearest-neighbour chain (Murtagh 1983; Müllner 2011, as in
// SciPy's `linkage`): O(n²) time over one condensed distance matrix, exact for the reducible
// linkages (single, complete, average, Ward). The chain follows nearest neighbours until two
// clusters are each other's nearest; reducibility guarantees that merging them early yields the
// same tree as merging globally closest pairs first.
import { type Condensed, condensedIndex } from './distance.ts';
import { type Linkage, type LinkageName, lanceWilliams, linkageFromLeafPairs } from './linkage.ts';

export function nnChain(distances: Condensed, linkage: LinkageName): Linkage {
  const { n } = distances;
  // The working copy is overwritten by Lance-Williams updates; the caller keeps its matrix.
  const d = Float64Array.from(distances.d);
  const update = lanceWilliams(linkage);
  const size = new Float64Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  // Doubly linked list of active slots, so the search skips merged ones.
  const next = new Int32Array(n + 1).map((_, i) => i + 1);
  const prev = new Int32Array(n + 1).map((_, i) => i - 1);
  let head = 0;
  const remove = (x: number) => {
    active[x] = 0;
    if (prev[x]! >= 0) next[prev[x]!] = next[x]!;
    else head = next[x]!;
    prev[next[x]!] = prev[x]!;
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
      // Prefer the chain's previous element on ties, or the chain could cycle.
      y = length > 1 ? chain[length - 2]! : -1;
      dxy = y >= 0 ? d[condensedIndex(n, x, y)]! : Infinity;
      // Slots before x sit in x's column (stride shrinks by one per row), slots after it in
      // x's row (contiguous): walking them apart keeps the index arithmetic out of the loop.
      const column = x - 1; // condensedIndex(n, z, x) = rowStart(z) + column - z
      let z = head;
      for (; z < x; z = next[z]!) {
        const dz = d[n * z - (z * (z + 1)) / 2 + column - z]!;
        if (dz < dxy) {
          dxy = dz;
          y = z;
        }
      }
      const row = n * x - (x * (x + 1)) / 2 - x - 1; // condensedIndex(n, x, z) = row + z
      for (z = next[x]!; z < n; z = next[z]!) {
        const dz = d[row + z]!;
        if (dz < dxy) {
          dxy = dz;
          y = z;
        }
      }
      if (length > 1 && y === chain[length - 2]) break;
      chain[length++] = y;
    }
    length -= 2;

    // The union lives on in slot i.
    const [i, j] = x > y ? [x, y] : [y, x];
    for (let k = head; k < n; k = next[k]!) {
      if (k === i || k === j) continue;
      const ki = condensedIndex(n, k, i);
      d[ki] = update(d[ki]!, d[condensedIndex(n, k, j)]!, dxy, size[i]!, size[j]!, size[k]!);
    }
    size[i] = size[i]! + size[j]!;
    remove(j);
    pairs.push({ x: i, y: j, height: dxy });
  }
  return linkageFromLeafPairs(n, pairs);
}
