/**
 * `bench report`: one self-contained HTML file. Its text and every table are rendered here
 * (./html-tables.ts), so the page reads with JavaScript off; the page's script only draws the
 * charts, from the run data injected as JSON (<script type="application/json">) with chart.js
 * inlined from node_modules/chart.js/dist/chart.umd.js, so opening the file fetches nothing.
 *
 * What it shows, per run: successful and failed answers per second, p50/p99 latency per second
 * (upgrade steps as blue bands with their names, fault windows shaded in their kind's colour, outages grey), the
 * latency distribution; then the outage windows, the impact matrix (strategy x fault class),
 * statistics over repeated trials and strategy comparisons, and per-trial details. Runs of a
 * campaign get its merged report first (./campaign-html.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunView } from '../analysis/statistics/journal-view.ts';
import { compareStrategies, groupTrials, impactMatrix } from '../analysis/statistics/trials.ts';
import { type CampaignPlanFile, campaignSummaries } from '../analysis/statistics/campaign.ts';
import { campaignCss, campaignSection } from './campaign-html.ts';
import { chartColours, comparisonsTable, escapeHtml, h, type Html, matrixTable, runDetails, runsTable, trialsTable } from './html-tables.ts';
import { placeLabelsSource } from './step-labels.ts';

export interface ReportData {
  generated_at: string;
  runs: RunView[];
  trials: ReturnType<typeof groupTrials>;
  comparisons: ReturnType<typeof compareStrategies>;
  matrix: ReturnType<typeof impactMatrix>;
}

export function reportData(runs: RunView[], now = new Date()): ReportData {
  return { generated_at: now.toISOString(), runs, trials: groupTrials(runs), comparisons: compareStrategies(runs), matrix: impactMatrix(runs) };
}

let chartJs: string | undefined;
export function chartJsSource(): string {
  // chart.js's exports map hides dist/chart.umd.js: resolve its CommonJS entry (dist/chart.cjs) and go from there.
  const main = createRequire(import.meta.url).resolve('chart.js');
  chartJs ??= readFileSync(join(dirname(main), 'chart.umd.js'), 'utf8');
  return chartJs;
}

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
const inlineScript = (source: string) => source.replace(/<\/script/gi, '<\\/script');

/** Charts drawn at a fixed size (CSS pixels) instead of the page's fluid grid: for figure export. */
export interface FigureSize {
  widthPx: number;
  heightPx: number;
}

export function renderHtml(runs: RunView[], options: { title?: string; now?: Date; figureSize?: FigureSize; plans?: CampaignPlanFile[] } = {}): string {
  const data = reportData(runs, options.now);
  const title = options.title ?? `bench report: ${[...new Set(runs.map((r) => r.scenario))].join(', ')}`;
  const figureCss = options.figureSize ? `body{max-width:none}.charts{display:block}.chart{width:${options.figureSize.widthPx}px;height:${options.figureSize.heightPx}px;margin:0 0 8px}` : '';
  const section = (id: string, heading: string, ...content: Html[]) => h('section', { id }, h('h2', {}, heading), content);
  // Runs of a campaign (bench sweep): its merged report comes first.
  const campaigns = campaignSummaries(runs, options.plans);
  const body = [
    h('h1', {}, title),
    h('p', { class: 'meta', id: 'meta' }, `${runs.length} run(s), generated ${data.generated_at}. Times are seconds since the load started.`),
    h(
      'nav',
      { id: 'toc' },
      'Sections: ',
      campaigns.length > 0 ? [h('a', { href: '#campaign' }, 'campaign'), ' · '] : null,
      h('a', { href: '#summary' }, 'runs'),
      ' · ',
      h('a', { href: '#matrix' }, 'impact matrix'),
      ' · ',
      h('a', { href: '#trials' }, 'statistics over trials'),
      ' · ',
      h('a', { href: '#details' }, 'per run'),
    ),
    ...(campaigns.length > 0 ? [section('campaign', 'Campaign report', ...campaigns.map(campaignSection))] : []),
    section('summary', 'Runs', h('div', { id: 'runs-table' }, runsTable(runs))),
    section('matrix', 'Impact matrix (strategy × fault class)', h('div', { id: 'matrix-table' }, matrixTable(data.matrix))),
    section(
      'trials',
      'Statistics over trials',
      h('div', { id: 'trials-table' }, trialsTable(data.trials)),
      h('h3', {}, 'Strategies compared per fault class'),
      h('div', { id: 'comparisons-table' }, comparisonsTable(data.comparisons)),
    ),
    section('details', 'Per-run timelines and details', h('div', { id: 'run-details' }, runs.map(runDetails))),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${css}${campaignCss}${figureCss}</style>
</head>
<body>
${body.map((x) => x.html).join('\n')}
<script type="application/json" id="bench-data">${scriptJson(data)}</script>
<script>${inlineScript(chartJsSource())}</script>
<script>${inlineScript(page)}</script>
</body>
</html>
`;
}

const css = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#1b1f24}
h1{font-size:1.5em;margin-bottom:.2em} h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em} h3{margin-bottom:.3em}
.meta{color:#57606a}
table{border-collapse:collapse;margin:.5em 0;font-size:13px} th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top} th{background:#f6f8fa}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.unknown{color:#9a6700;font-weight:600}
.banner{background:#fff8c5;border:1px solid #d4a72c;padding:.5em .8em;margin:.5em 0;border-radius:4px}
.run{border:1px solid #d0d7de;border-radius:6px;padding:.6em 1em;margin:1em 0}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:12px} .charts .wide{grid-column:1 / span 2}
.chart{position:relative;height:260px;min-width:0}
.legend-note{font-size:12px;color:#57606a}
.sw{display:inline-block;width:12px;height:10px;margin:0 3px 0 8px;vertical-align:middle}
ul.evidence{margin:.2em 0 .2em 1.2em;padding:0}
.sizes{color:#57606a;font-size:12px}
.no-script{color:#57606a;font-style:italic;border:1px dashed #d0d7de;padding:.5em;margin:0}
`;

/** Step labels: font size and row height (CSS pixels), the space between two labels on a row, and how many rows at most. */
const label = { fontPx: 10, rowPx: 13, gapPx: 4, maxRows: 6 };

/**
 * The page's own script: draws the charts into the canvases the server placed (data-chart names
 * the chart, data-run the run). Runs in the browser. Each chart with step labels records the
 * boxes it drew them in (CSS pixels of its canvas) in data-label-boxes.
 */
const page = String.raw`
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('bench-data').textContent);
  const COLORS = ${JSON.stringify(chartColours)};
  const LABEL = ${JSON.stringify(label)};
  ${placeLabelsSource}

  // Shaded spans: outages (grey), fault windows (their kind's colour), upgrade steps (blue bands, dashed start lines),
  // drawn under the data; the steps' names over it.
  const spans = {
    id: 'benchSpans',
    beforeDatasetsDraw(chart, args, opts) {
      const x = chart.scales.x; const area = chart.chartArea; const ctx = chart.ctx;
      if (!x || !opts || !opts.run) return;
      const band = (s, e, color) => {
        const a = Math.max(area.left, x.getPixelForValue(s)); const b = Math.min(area.right, x.getPixelForValue(Math.max(e, s + 0.05)));
        if (b > a) { ctx.fillStyle = color; ctx.fillRect(a, area.top, b - a, area.bottom - area.top); }
      };
      ctx.save();
      for (const o of opts.run.outages) band(o.start_s, o.end_s, COLORS.outage);
      for (const f of opts.run.faults) band(f.start_s, f.end_s, f.colour ? f.colour + '33' : COLORS.fault);
      for (const s of opts.run.steps) {
        band(s.start_s, s.end_s, COLORS.step);
        const px = x.getPixelForValue(s.start_s);
        if (px < area.left || px > area.right) continue;
        ctx.strokeStyle = COLORS.stepLine; ctx.lineWidth = 1; ctx.setLineDash([4, 3]);
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke(); ctx.setLineDash([]);
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart, args, opts) {
      const x = chart.scales.x; const area = chart.chartArea; const ctx = chart.ctx;
      if (!x || !opts || !opts.run || !opts.labels) return;
      ctx.save();
      ctx.font = LABEL.fontPx + 'px system-ui, sans-serif'; ctx.textBaseline = 'top';
      const wanted = [];
      opts.run.steps.forEach((s, i) => {
        const px = x.getPixelForValue(s.start_s);
        if (px >= area.left && px <= area.right) wanted.push({ x: px + 2, full: s.name, short: String(i + 1) });
      });
      const rows = Math.max(1, Math.min(LABEL.maxRows, Math.floor(((area.bottom - area.top) * 0.45) / LABEL.rowPx)));
      const boxes = placeLabels(wanted, (t) => ctx.measureText(t).width + 2, area.left, area.right, rows, LABEL.gapPx).map((p) => {
        const box = { text: p.text, x: p.x, y: area.top + 1 + p.row * LABEL.rowPx, width: p.width, height: LABEL.rowPx - 1 };
        ctx.fillStyle = 'rgba(255,255,255,0.85)'; ctx.fillRect(box.x, box.y, box.width, box.height);
        ctx.fillStyle = COLORS.stepLine; ctx.fillText(p.text, box.x + 1, box.y + 1);
        return box;
      });
      chart.canvas.setAttribute('data-label-boxes', JSON.stringify(boxes));
      ctx.restore();
    },
  };
  Chart.register(spans);
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;

  const xScale = (run) => ({ type: 'linear', min: 0, max: Math.max(run.load_end_s, run.timeline.length ? run.timeline[run.timeline.length - 1].t + 1 : 1), title: { display: true, text: 'seconds since load start' } });

  const charts = {
    answers: (run) => ({
      type: 'line',
      data: { datasets: [
        { label: 'successful answers/s', data: run.timeline.map((p) => ({ x: p.t, y: p.ok })), borderColor: COLORS.ok, backgroundColor: COLORS.ok, pointRadius: 0, stepped: true, borderWidth: 1.5 },
        { label: 'failed answers/s', data: run.timeline.map((p) => ({ x: p.t, y: p.failed })), borderColor: COLORS.failed, backgroundColor: COLORS.failed, pointRadius: 0, stepped: true, borderWidth: 1.5 },
        { label: 'good requests/s by send time', data: run.timeline.map((p) => ({ x: p.t, y: p.good })), borderColor: COLORS.ok, backgroundColor: COLORS.ok, borderDash: [4, 3], pointRadius: 0, stepped: true, borderWidth: 1 },
      ] },
      options: { plugins: { benchSpans: { run: run, labels: true }, title: { display: true, text: 'Answers by completion time (solid) and good requests by send time (dashed)' } }, scales: { x: xScale(run), y: { beginAtZero: true, title: { display: true, text: 'answers per second' } } } },
    }),
    latency: (run) => ({
      type: 'line',
      data: { datasets: [
        { label: 'p50 ms', data: run.timeline.map((p) => ({ x: p.t, y: p.p50_ms })), borderColor: COLORS.p50, backgroundColor: COLORS.p50, pointRadius: 1, borderWidth: 1.5 },
        { label: 'p99 ms (upper bound)', data: run.timeline.map((p) => ({ x: p.t, y: p.p99_ms })), borderColor: COLORS.p99, backgroundColor: COLORS.p99, pointRadius: 1, borderWidth: 1.5 },
      ] },
      options: { plugins: { benchSpans: { run: run }, title: { display: true, text: 'Latency of successful requests, by send time (gaps: none succeeded)' } }, scales: { x: xScale(run), y: { type: 'logarithmic', title: { display: true, text: 'ms' } } } },
    }),
    'latency-distribution': (run) => {
      const hist = run.latency_histogram;
      const seconds = run.timeline.filter((p) => p.p50_ms !== null);
      return {
        type: 'bar',
        data: { labels: hist ? hist.map((b) => (b.le_ms === null || b.le_ms > 1e9 ? '> 30000' : '≤ ' + b.le_ms)) : seconds.map((p) => String(p.t)), datasets: [hist
          ? { label: 'successful requests', data: hist.map((b) => b.count), backgroundColor: COLORS.p50 }
          : { label: 'p50 per second (no requests.ndjson)', data: seconds.map((p) => p.p50_ms), backgroundColor: COLORS.p50 }] },
        options: { plugins: { title: { display: true, text: 'Latency distribution (ms)' } }, scales: { y: { beginAtZero: true } } },
      };
    },
  };
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) new Chart(canvas, charts[canvas.dataset.chart](data.runs[Number(canvas.dataset.run)]));
  document.body.setAttribute('data-rendered', String(data.runs.length));
})();
`;
