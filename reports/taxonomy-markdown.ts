// The taxonomy report as Markdown: settings, validity, agreement with the labels, cluster table.
import type { TaxonomyResult } from '../analysis/taxonomy/taxonomy.ts';

const shownSources = 3;

export function taxonomyMarkdown(result: TaxonomyResult): string {
  const { table, options, agreement } = result;
  const lines: string[] = [];
  lines.push(`# Fault taxonomy of ${cell(table.file)}`, '');
  lines.push(
    `${table.records.length} records, ${table.features.length} features (${table.features.map(code).join(', ')}); ` +
      `distance ${options.distance}, linkage ${options.linkage}, engine ${options.engine}, cut into k = ${options.k} clusters ` +
      `at height ${fixed(result.cutHeight)}.` +
      (table.codebook ? ` Codes checked against ${cell(table.codebook.title)}.` : ''),
    '',
  );

  lines.push('## Validity', '');
  lines.push(`Cophenetic correlation of the tree: **${fixed(result.cophenetic)}** (1 = the dendrogram keeps every pairwise distance).`, '');
  const ks = Object.keys(result.silhouette);
  if (ks.length > 0) {
    const best = Math.max(...Object.values(result.silhouette).filter(Number.isFinite));
    lines.push(`| k | ${ks.join(' | ')} |`, `|---|${ks.map(() => '---:').join('|')}|`);
    lines.push(`| mean silhouette | ${ks.map((k) => (result.silhouette[Number(k)] === best ? `**${fixed(best)}**` : fixed(result.silhouette[Number(k)]!))).join(' | ')} |`, '');
  }

  if (agreement) {
    lines.push(`## Agreement with the reference labels (${code(table.columns.label!)})`, '');
    lines.push(`Adjusted Rand index **${fixed(agreement.ari)}**, purity **${fixed(agreement.purity)}**.`, '');
    const { labels, counts } = agreement.confusion;
    lines.push(`| cluster | ${labels.map(cell).join(' | ')} |`, `|---|${labels.map(() => '---:').join('|')}|`);
    counts.forEach((row, c) => lines.push(`| ${c + 1} | ${row.join(' | ')} |`));
    lines.push('');
  }

  lines.push('## Clusters', '');
  const labelled = agreement !== null;
  lines.push(
    `| cluster | size |${labelled ? ' majority label |' : ''} characteristic features (share in cluster vs overall) | sources | typical records |`,
    `|---:|---:|${labelled ? '---|' : ''}---|---|---|`,
  );
  for (const d of result.descriptions) {
    const features = d.features.map((f) => `${code(`${f.feature}=${f.value}`)} ${percent(f.share)} vs ${percent(f.overall)}`).join('<br>');
    const sources = Object.entries(d.sources);
    const sourceText =
      sources
        .slice(0, shownSources)
        .map(([source, count]) => `${cell(source)} ${count}`)
        .join(', ') + (sources.length > shownSources ? `, +${sources.length - shownSources} more` : '');
    const majority = labelled ? ` ${cell(d.label!)} (${percent(d.labelShare!)}) |` : '';
    lines.push(`| ${d.cluster} | ${d.size} |${majority} ${features || '—'} | ${sourceText || '—'} | ${d.examples.map(cell).join(', ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const percent = (x: number) => `${Math.round(x * 100)}%`;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (text: string) => `\`${cell(text)}\``;
