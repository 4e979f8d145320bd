/**
 * The campaign section of the Markdown summary: the same tables as the HTML report's
 * (./campaign-html.ts), the heatmaps shaded with coloured squares.
 */
import type { CampaignSummary, Heatmap } from '../analysis/statistics/campaign.ts';
import { baselineHead, baselineRow, binOf, cellHead, cellRow, comparisonHead, comparisonRow, heatmapText, mergeText, shareBins } from './campaign-html.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const row = (values: readonly string[]) => `| ${values.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) => [row(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(row)];

export function heatmapMarkdown(m: Heatmap): string[] {
  return [
    `**${m.strategy}**: fault kind × injection point`,
    '',
    ...table(
      ['class / kind', ...m.columns],
      m.rows.map((r, i) => [
        `${r.fault_class} / ${r.fault_kind}`,
        ...m.values[i]!.map((v) => (v === null ? '' : v.impact_share === null ? heatmapText(v) : `${binOf(v.impact_share).square} ${heatmapText(v)}`)),
      ]),
    ),
    '',
  ];
}

export function campaignMarkdown(s: CampaignSummary): string[] {
  return [
    `### Campaign ${s.campaign}`,
    '',
    mergeText(s),
    '',
    '#### Per strategy, fault class, kind and injection point',
    '',
    'Impacts: fault-caused only, in how many counted (complete, valid) runs each was seen. Medians over the counted runs, 95% CI: percentile bootstrap of the median.',
    '',
    ...table(cellHead, s.cells.map(cellRow)),
    '',
    '#### Heatmaps',
    '',
    `Each square: median outage s · runs with a fault-caused impact / runs counted. ${shareBins.map((b) => `${b.square} ${b.label}`).join(', ')}; empty: does not apply (or not run).`,
    '',
    ...s.heatmaps.flatMap(heatmapMarkdown),
    '#### Strategies compared per fault class',
    '',
    ...(s.comparisons.length === 0
      ? ['One strategy only: nothing to compare.']
      : [
          "Over the counted fault runs of the class's kinds both strategies ran. Cliff's delta of B against A (negative: B smaller); two-sided Mann-Whitney U.",
          '',
          ...table(comparisonHead, s.comparisons.map(comparisonRow)),
        ]),
    '',
    '#### Baselines (no fault)',
    '',
    ...(s.baselines.length === 0 ? ['No baseline among these runs.'] : table(baselineHead, s.baselines.map(baselineRow))),
    '',
  ];
}
