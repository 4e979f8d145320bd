// The dendrogram as a standalone SVG: leaves on the left, merge height growing to the right,
// branches coloured by cluster, the cut drawn as a dashed line. Large trees are truncated to
// their top merges (SciPy's `truncate_mode='lastp'`), each hidden subtree drawn as one leaf.
import type { TaxonomyResult } from '../analysis/taxonomy/taxonomy.ts';

const maxLeaves = 150;
const rowHeight = 13;
const labelWidth = 300;
const plotWidth = 560;
const margin = { top: 44, right: 30, bottom: 44 };
// Tableau 10, the palette most readers know.
const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function taxonomyDendrogram(result: TaxonomyResult): string {
  const { tree, table, options } = result;
  const { n, merges } = tree;
  const shown = Math.min(n, Math.max(maxLeaves, options.k));
  const firstShownMerge = n - shown; // merges from here up are drawn; below, subtrees collapse
  const clusterOf = result.clusters;
  const heightOf = (node: number) => (node < n ? 0 : merges[node - n]!.height);
  const sizeOf = (node: number) => (node < n ? 1 : merges[node - n]!.size);
  const anyLeaf = (node: number) => {
    while (node >= n) node = merges[node - n]!.a;
    return node;
  };
  const isDrawnMerge = (node: number) => node >= n + firstShownMerge;
  // A node lies inside one cluster when it was merged below the cut.
  const colourOf = (node: number) => (node < n + (n - options.k) ? palette[clusterOf[anyLeaf(node)]! % palette.length]! : '#555');

  const maxHeight = Math.max(heightOf(n + merges.length - 1), Number.EPSILON);
  const x = (height: number) => labelWidth + (height / maxHeight) * plotWidth;
  const y = new Map<number, number>();
  const elements: string[] = [];
  let row = 0;

  const root = n === 1 ? 0 : n + merges.length - 1;
  // Post-order without recursion: a deep chain (single linkage) would overflow the stack.
  const stack: Array<{ node: number; visited: boolean }> = [{ node: root, visited: false }];
  while (stack.length > 0) {
    const { node, visited } = stack.pop()!;
    if (!isDrawnMerge(node)) {
      const at = margin.top + (row++ + 0.5) * rowHeight;
      y.set(node, at);
      elements.push(
        `<text x="${labelWidth - 6}" y="${at + 4}" text-anchor="end" fill="${colourOf(node)}">${escapeXml(leafLabel(result, node))}</text>`,
        line(labelWidth, at, x(heightOf(node)), at, colourOf(node)),
      );
    } else if (!visited) {
      const { a, b } = merges[node - n]!;
      stack.push({ node, visited: true }, { node: b, visited: false }, { node: a, visited: false });
    } else {
      const { a, b, height } = merges[node - n]!;
      const [ya, yb] = [y.get(a)!, y.get(b)!];
      y.set(node, (ya + yb) / 2);
      elements.push(line(x(heightOf(a)), ya, x(height), ya, colourOf(a)), line(x(heightOf(b)), yb, x(height), yb, colourOf(b)), line(x(height), ya, x(height), yb, colourOf(node)));
    }
  }

  const plotBottom = margin.top + row * rowHeight;
  const width = labelWidth + plotWidth + margin.right;
  const heightPx = plotBottom + margin.bottom;
  const cutX = x(result.cutHeight);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * maxHeight);
  const truncated = shown < n ? `, top ${shown - 1} merges (${n} records)` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${heightPx}" viewBox="0 0 ${width} ${heightPx}" font-family="monospace" font-size="10">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="18" font-size="13" font-family="sans-serif">${escapeXml(`Dendrogram of ${table.file}: ${options.linkage} linkage, ${options.distance} distance${truncated}`)}</text>`,
    `<text x="10" y="34" font-size="11" font-family="sans-serif" fill="#555">${escapeXml(`Dashed line: cut into k = ${options.k} clusters; leaves: id [label]; colour: cluster`)}</text>`,
    ...elements,
    `<line x1="${cutX}" y1="${margin.top - 6}" x2="${cutX}" y2="${plotBottom}" stroke="#d62728" stroke-dasharray="5,4"/>`,
    `<line x1="${labelWidth}" y1="${plotBottom + 4}" x2="${labelWidth + plotWidth}" y2="${plotBottom + 4}" stroke="#333"/>`,
    ...ticks.map((t) => `<text x="${x(t)}" y="${plotBottom + 18}" text-anchor="middle">${t.toFixed(2)}</text>`),
    `<text x="${labelWidth + plotWidth / 2}" y="${plotBottom + 34}" text-anchor="middle" font-family="sans-serif">merge height (${escapeXml(options.distance)} distance, ${escapeXml(options.linkage)} linkage)</text>`,
    '</svg>',
    '',
  ].join('\n');

  function line(x1: number, y1: number, x2: number, y2: number, colour: string) {
    return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${colour}"/>`;
  }
  function leafLabel(result: TaxonomyResult, node: number) {
    if (node >= n) return `(${sizeOf(node)} records)`;
    const record = result.table.records[node]!;
    return record.label === undefined ? record.id : `${record.id} [${record.label}]`;
  }
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
