/**
 * The campaign section of the HTML report: what was merged, the (strategy, class, kind, point)
 * cells, a kind x injection point heatmap per strategy (a coloured table: it reads without
 * JavaScript, and --figures screenshots it), the fault classes compared between strategies, and
 * the baselines. Numbers come from analysis/statistics/campaign.ts.
 */
import type { CampaignCell, CampaignSummary, ClassComparison, Heatmap, HeatmapValue, MedianEstimate } from '../analysis/statistics/campaign.ts';
import type { Comparison } from '../analysis/statistics/stats.ts';
import { type Child, cols, fmt, h, type Html, table } from './html-tables.ts';

/** How often a cell's runs showed a fault-caused impact, in four shades (the Markdown uses the squares). */
export const shareBins = [
  { label: 'never', test: (s: number) => s === 0, colour: '#dafbe1', text: '#1b1f24', square: '🟩' },
  { label: 'in under half the runs', test: (s: number) => s > 0 && s < 0.5, colour: '#ffd33d', text: '#1b1f24', square: '🟨' },
  { label: 'in half the runs or more', test: (s: number) => s >= 0.5 && s < 1, colour: '#fb8f44', text: '#1b1f24', square: '🟧' },
  { label: 'in every run', test: (s: number) => s === 1, colour: '#cf222e', text: '#ffffff', square: '🟥' },
] as const;
export const binOf = (share: number) => shareBins.find((b) => b.test(share)) ?? shareBins[shareBins.length - 1]!;

/** `median [lo, hi]` (CI of the median), or the single value, or n/a. */
export function estimate(e: MedianEstimate, digits: number): string {
  if (e.n === 0) return 'n/a';
  return e.ci95 ? `${fmt(e.median, digits)} [${fmt(e.ci95[0], digits)}, ${fmt(e.ci95[1], digits)}]` : fmt(e.median, digits);
}

const tallyText = (t: Record<string, number>, of: number) =>
  Object.entries(t)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}/${of}`)
    .join(', ');

/** The runs of a cell: counted of total, and what did not count. */
export function runsText(r: CampaignCell['runs']): string {
  const left = [r.incomplete ? `${r.incomplete} incomplete` : '', r.invalid ? `${r.invalid} invalid` : ''].filter(Boolean).join(', ');
  return `${r.counted}/${r.total}${left ? ` (${left})` : ''}`;
}

export function cellRow(c: CampaignCell): string[] {
  return [
    c.strategy,
    c.fault_class,
    c.fault_kind,
    c.at,
    runsText(c.runs),
    tallyText(c.outcomes, c.runs.total - c.runs.incomplete) || 'none complete',
    c.runs.counted === 0 ? 'n/a' : tallyText(c.impacts, c.runs.counted) || 'none',
    c.runs.counted === 0 ? 'n/a' : `${c.slo.fail}/${c.runs.counted}`,
    estimate(c.outage_s, 1),
    estimate(c.lost_writes, 0),
  ];
}
export const cellHead = [
  'strategy',
  'fault class',
  'kind',
  'injected at',
  'runs counted/all',
  'upgrade outcome',
  'fault-caused impacts',
  'SLO broken',
  'outage s: median [95% CI]',
  'lost writes: median [95% CI]',
];

/** The text of a heatmap square: the median outage and how many runs had an impact. */
export function heatmapText(v: HeatmapValue): string {
  if (v.n === 0) return 'no run counted';
  return `${fmt(v.median_outage_s, 1)} s · ${Math.round((v.impact_share ?? 0) * v.n)}/${v.n}`;
}

/** The PNG a heatmap becomes with --figures: <campaign>-heatmap-<strategy>, as run figures are named. */
export const heatmapFigure = (campaign: string, strategy: string) => `${campaign}-heatmap-${strategy}`.replace(/[^A-Za-z0-9._-]/g, '_');

export function heatmapTable(m: Heatmap, figure?: string): Html {
  const square = (v: HeatmapValue | null, row: Heatmap['rows'][number], at: string): Child => {
    if (!v) return h('td', { class: 'hm-none', title: `${row.fault_kind} does not apply at ${at} (or was not run)` }, '');
    if (v.impact_share === null) return h('td', { class: 'hm-cell', style: 'background:#ffffff;color:#57606a' }, heatmapText(v));
    const bin = binOf(v.impact_share);
    return h(
      'td',
      {
        class: 'hm-cell',
        style: `background:${bin.colour};color:${bin.text}`,
        title: `${m.strategy}, ${row.fault_kind} at ${at}: fault-caused impact ${bin.label}; median outage ${fmt(v.median_outage_s, 1)} s over ${v.n} run(s)`,
      },
      heatmapText(v),
    );
  };
  return h(
    'table',
    { class: 'heatmap', 'data-heatmap': m.strategy, 'data-figure': figure },
    h('caption', {}, `${m.strategy}: fault kind × injection point`),
    h('tr', {}, h('th', {}, 'class / kind \\ injected at'), ...m.columns.map((c) => h('th', { class: 'hm-col' }, c))),
    ...m.rows.map((row, i) => h('tr', {}, h('th', {}, `${row.fault_class} / ${row.fault_kind}`), ...m.columns.map((at, j) => square(m.values[i]![j]!, row, at)))),
  );
}

export function heatmapLegend(): Html {
  const swatch = (colour: string) => h('span', { class: 'sw', style: `background:${colour};border:1px solid #d0d7de` });
  return h(
    'p',
    { class: 'legend-note' },
    'Each square: the median outage seconds · runs with a fault-caused impact / runs counted (complete and valid). Shade: a fault-caused impact ',
    shareBins.flatMap((b) => [swatch(b.colour), b.label]),
    '; hatched: the kind does not apply at that point (or was not run).',
  );
}

const pValue = (c: Comparison) => (c.mann_whitney ? `${fmt(c.mann_whitney.p, 3)} (${c.mann_whitney.method})` : 'n/a');
const delta = (c: Comparison) => (c.cliffs_delta === null ? 'n/a' : `${fmt(c.cliffs_delta, 2)} (${c.magnitude})`);
const verdict = (c: Comparison) => (c.significant ? 'yes' : (c.note ?? 'no'));

export const comparisonHead = [
  'fault class',
  'A',
  'B',
  'kinds compared',
  'n A/B',
  'outage s: median A / B',
  "outage: Cliff's delta (B vs A)",
  'outage: Mann-Whitney p',
  'outage: significant',
  'lost writes: median A / B',
  "lost writes: Cliff's delta",
  'lost writes: p',
  'lost writes: significant',
];
export function comparisonRow(c: ClassComparison): string[] {
  const o = c.outage_s;
  const w = c.lost_writes;
  return [
    c.fault_class,
    c.a,
    c.b,
    c.kinds.join(', ') + (c.left_out.length ? ` (left out, run by one only: ${c.left_out.join(', ')})` : ''),
    `${o.n_a}/${o.n_b}`,
    `${fmt(o.median_a, 1)} / ${fmt(o.median_b, 1)}`,
    delta(o),
    pValue(o),
    verdict(o),
    `${fmt(w.median_a, 0)} / ${fmt(w.median_b, 0)}`,
    delta(w),
    pValue(w),
    verdict(w),
  ];
}

export const baselineHead = ['strategy', 'baselines counted/all', 'outage s: median [95% CI]', 'outage s: range', 'lost writes: median [95% CI]', 'with any impact', 'SLO broken'];
export function baselineRow(b: CampaignSummary['baselines'][number]): string[] {
  return [
    b.strategy,
    runsText(b.runs),
    estimate(b.outage_s, 1),
    b.outage_s.n === 0 ? 'n/a' : `${fmt(b.outage_s.min, 1)}–${fmt(b.outage_s.max, 1)}`,
    estimate(b.lost_writes, 0),
    `${b.with_impact}/${b.runs.counted}`,
    `${b.slo_fail}/${b.runs.counted}`,
  ];
}

/** Plan ids, the first ten of a long list. */
const few = (ids: readonly string[]) => (ids.length <= 10 ? ids.join(', ') : `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more`);

/** What was merged, and what of the plan is missing. */
export function mergeText(s: CampaignSummary): string {
  const r = s.runs;
  const parts = [
    `${r.journals} journal(s) of campaign ${s.campaign}: ${r.plan_ids} run(s) of its plan (${r.fault_runs} fault run(s), ${r.baselines} baseline(s))`,
    r.duplicates_folded ? `${r.duplicates_folded} duplicate(s) of a plan id folded (the complete run kept)` : 'no duplicates',
    `${r.counted} counted (complete and valid), ${r.incomplete} incomplete, ${r.invalid} invalid`,
  ];
  const missing = s.missing_baselines.length ? ` Baselines the fault runs were measured against but missing here: ${few(s.missing_baselines)}.` : '';
  const c = s.coverage;
  const plan = c
    ? ` Against the plan (plan.json): ${c.complete} of ${c.planned} planned runs complete${c.missing.length ? `; no journal for ${few(c.missing)}` : ''}${c.incomplete.length ? `; only incomplete: ${few(c.incomplete)}` : ''}.`
    : ' No plan.json found beside the runs: what is missing from the plan is not known.';
  return `${parts.join('; ')}.${plan}${missing}`;
}

export const campaignCss = `
table.heatmap td.hm-cell{text-align:center;font-variant-numeric:tabular-nums;white-space:nowrap}
table.heatmap td.hm-none{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#eaeef2 4px,#eaeef2 6px)}
table.heatmap th.hm-col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal}
table.heatmap caption{text-align:left;font-weight:600;padding:.2em 0}
`;

export function campaignSection(s: CampaignSummary): Html {
  const numeric = cols(0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
  return h(
    'div',
    { class: 'campaign', 'data-campaign': s.campaign },
    h('h3', {}, `Campaign ${s.campaign}`),
    h('p', { class: 'meta' }, mergeText(s)),
    h('h4', {}, 'Per strategy, fault class, kind and injection point'),
    h(
      'p',
      { class: 'legend-note' },
      'Impacts: fault-caused only, in how many counted runs each was seen. Upgrade outcome: over the complete runs. Medians over the counted runs; 95% CI: percentile bootstrap of the median (2000 resamples, seed 1), shown from two runs on.',
    ),
    h('div', { class: 'campaign-cells' }, table(cellHead, s.cells.map(cellRow), numeric)),
    h('h4', {}, 'Heatmaps: fault kind × injection point'),
    heatmapLegend(),
    s.heatmaps.map((m) => h('div', { class: 'heatmap-wrap' }, heatmapTable(m, heatmapFigure(s.campaign, m.strategy)))),
    h('h4', {}, 'Strategies compared per fault class'),
    h(
      'p',
      { class: 'legend-note' },
      "Over the counted fault runs of the class's kinds that both strategies ran (any injection point). Cliff's delta of B against A: negative when B has the smaller outages. Two-sided Mann-Whitney U; significant: p < 0.05 and a delta that is not negligible.",
    ),
    s.comparisons.length === 0 ? h('p', {}, 'One strategy only: nothing to compare.') : table(comparisonHead, s.comparisons.map(comparisonRow)),
    h('h4', {}, 'Baselines (no fault: the bench’s own noise)'),
    s.baselines.length === 0 ? h('p', {}, 'No baseline among these runs.') : table(baselineHead, s.baselines.map(baselineRow), cols(0, 0, 1, 1, 1, 1, 1)),
  );
}
