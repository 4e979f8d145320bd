/**
 * `bench report`: one self-contained HTML file. The page is a fixed template; the run data is
 * injected as JSON (<script type="application/json">) and chart.js is inlined from
 * node_modules/chart.js/dist/chart.umd.js, so opening the file fetches nothing.
 *
 * What it shows, per run: successful and failed answers per second, p50/p99 latency per second
 * (upgrade steps as blue bands with their names, fault windows shaded in their kind's colour, outages grey), the
 * latency distribution; then the outage windows, the impact matrix (strategy x fault class),
 * statistics over repeated trials and strategy comparisons, and per-trial details.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunView } from '../analysis/statistics/journal-view.ts';
import { compareStrategies, groupTrials, impactMatrix } from '../analysis/statistics/trials.ts';

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

export function renderHtml(runs: RunView[], options: { title?: string; now?: Date } = {}): string {
  const data = reportData(runs, options.now);
  const title = options.title ?? `bench report: ${[...new Set(runs.map((r) => r.scenario))].join(', ')}`;
  const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta" id="meta"></p>
<nav id="toc"></nav>
<section id="summary"><h2>Runs</h2><div id="runs-table"></div></section>
<section id="matrix"><h2>Impact matrix (strategy &times; fault class)</h2><div id="matrix-table"></div></section>
<section id="trials"><h2>Statistics over trials</h2><div id="trials-table"></div><h3>Strategies compared per fault class</h3><div id="comparisons-table"></div></section>
<section id="details"><h2>Per-run timelines and details</h2><div id="run-details"></div></section>
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
.chart{position:relative;height:260px}
.legend-note{font-size:12px;color:#57606a}
.sw{display:inline-block;width:12px;height:10px;margin:0 3px 0 8px;vertical-align:middle}
ul.evidence{margin:.2em 0 .2em 1.2em;padding:0}
`;

/** The page's own script: reads the injected data and draws. Runs in the browser. */
const page = String.raw`
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('bench-data').textContent);
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  };
  const fmt = (x, d) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d === undefined ? 1 : d));
  const verdict = (v) => el('span', { class: v }, v.toUpperCase());
  const table = (head, rows, numeric) => el('table', {}, el('tr', {}, ...head.map((h) => el('th', {}, h))), ...rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', numeric && numeric[i] ? { class: 'num' } : {}, c)))));
  const COLORS = { ok: '#2da44e', failed: '#cf222e', p50: '#0969da', p99: '#8250df', step: 'rgba(9,105,218,0.10)', stepLine: 'rgba(9,105,218,0.8)', fault: 'rgba(207,34,46,0.16)', outage: 'rgba(87,96,106,0.22)' };

  document.getElementById('meta').textContent = data.runs.length + ' run(s), generated ' + data.generated_at + '. Times are seconds since the load started.';

  // Shaded spans: outages (grey), fault windows (red), upgrade steps (blue bands, named).
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
      // Each fault window in its kind's colour, as light as the others.
      for (const f of opts.run.faults) band(f.start_s, f.end_s, f.colour ? f.colour + '33' : COLORS.fault);
      ctx.font = '10px system-ui, sans-serif';
      opts.run.steps.forEach((s, i) => {
        band(s.start_s, s.end_s, COLORS.step);
        const px = x.getPixelForValue(s.start_s);
        if (px < area.left || px > area.right) return;
        ctx.strokeStyle = COLORS.stepLine; ctx.lineWidth = 1; ctx.setLineDash([4, 3]);
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke(); ctx.setLineDash([]);
        if (opts.labels) { ctx.fillStyle = COLORS.stepLine; ctx.fillText(s.name, px + 2, area.top + 10 + (i % 3) * 11); }
      });
      ctx.restore();
    },
  };
  Chart.register(spans);
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;

  const xScale = (run) => ({ type: 'linear', min: 0, max: Math.max(run.load_end_s, run.timeline.length ? run.timeline[run.timeline.length - 1].t + 1 : 1), title: { display: true, text: 'seconds since load start' } });
  const chartBox = (id, cls) => el('div', { class: 'chart' + (cls ? ' ' + cls : '') }, el('canvas', { id: id, 'data-chart': '1' }));

  // Runs table
  document.getElementById('runs-table').append(table(
    ['run', 'role', 'scenario', 'strategy', 'fault', 'state', 'SLO', 'requests', 'errors', 'outage s', 'p99 ms', 'ok req/s', 'lost writes', 'impacts'],
    data.runs.map((r) => [el('a', { href: '#run-' + r.run_id }, r.run_id), r.role, r.scenario, r.strategy, r.fault_kind ? r.fault_class + '/' + r.fault_kind : 'none', r.complete ? 'complete' : el('span', { class: 'unknown' }, 'INCOMPLETE'), verdict(r.slo.verdict), r.metrics.requests, r.metrics.errors, fmt(r.metrics.outage_s), fmt(r.metrics.p99_ms, 0), fmt(r.metrics.throughput_rps), r.metrics.lost_writes === null ? 'n/a' : r.metrics.lost_writes, r.impacts.map((i) => i.name).join(', ') || 'none']),
    [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0]));

  // Impact matrix
  const m = data.matrix;
  const cell = (s, f) => m.cells.find((c) => c.strategy === s && c.fault_class === f);
  document.getElementById('matrix-table').append(m.cells.length === 0 ? el('p', {}, 'No upgrade runs.') : table(
    ['strategy \\ fault class', ...m.faultClasses],
    m.strategies.map((s) => [s, ...m.faultClasses.map((f) => {
      const c = cell(s, f);
      if (!c) return '';
      const names = Object.entries(c.impacts).map(([k, v]) => k + ' ' + v + '/' + c.runs);
      return el('div', {}, names.length ? names.join(', ') : 'no impact (' + c.runs + ' run' + (c.runs > 1 ? 's' : '') + ')', c.slo_fail ? el('div', { class: 'fail' }, 'SLO broken in ' + c.slo_fail + '/' + c.runs) : null, c.slo_unknown ? el('div', { class: 'unknown' }, 'SLO unknown in ' + c.slo_unknown + '/' + c.runs) : null);
    })])));

  // Trials
  const metricLabel = { outage_s: 'outage (s)', errors: 'errors', lost_writes: 'lost writes', p99_ms: 'p99 (ms)', throughput_rps: 'ok req/s' };
  const statRow = (g, k) => { const s = g.stats[k]; return [g.scenario + (g.role === 'baseline' ? ' (baseline)' : ''), metricLabel[k], s.n, fmt(s.mean, 2), fmt(s.median, 2), fmt(s.sd, 2), s.ci95 ? '[' + fmt(s.ci95[0], 2) + ', ' + fmt(s.ci95[1], 2) + ']' : 'n/a (n<2)']; };
  document.getElementById('trials-table').append(
    el('p', { class: 'legend-note' }, 'Over complete, valid runs only. 95% CI: percentile bootstrap of the mean (2000 resamples, seed 1).'),
    table(['scenario', 'metric', 'n', 'mean', 'median', 'sd', 'bootstrap 95% CI'], data.trials.flatMap((g) => Object.keys(metricLabel).every((k) => g.stats[k].n === 0) ? [[g.scenario + (g.role === 'baseline' ? ' (baseline)' : ''), 'no complete, valid run (' + g.excluded.length + ' left out)', 0, '', '', '', '']] : Object.keys(metricLabel).map((k) => statRow(g, k))), [0, 0, 1, 1, 1, 1, 0]));
  document.getElementById('comparisons-table').append(data.comparisons.length === 0 ? el('p', {}, 'Only one strategy per fault class: nothing to compare.') : table(
    ['fault class', 'A', 'B', 'metric', 'n A/B', 'median A', 'median B', "Cliff's delta (B vs A)", 'Mann-Whitney p', 'significant'],
    data.comparisons.map((c) => [c.fault_class, c.a, c.b, metricLabel[c.metric], c.comparison.n_a + '/' + c.comparison.n_b, fmt(c.comparison.median_a, 2), fmt(c.comparison.median_b, 2), c.comparison.cliffs_delta === null ? 'n/a' : fmt(c.comparison.cliffs_delta, 2) + ' (' + c.comparison.magnitude + ')', c.comparison.mann_whitney ? fmt(c.comparison.mann_whitney.p, 3) + ' (' + c.comparison.mann_whitney.method + ')' : 'n/a', c.comparison.significant ? 'yes' : (c.comparison.note || 'no')])));

  // One swatch per fault window, in its kind's colour (a generic one for journals without it).
  const faultLegend = (run) => {
    const kinds = [...new Map(run.faults.map((f) => [f.name, f.colour])).entries()];
    if (kinds.length === 0) return [el('span', { class: 'sw', style: 'background:' + COLORS.fault }), 'fault active'];
    return kinds.flatMap(([name, colour]) => [el('span', { class: 'sw', style: 'background:' + (colour ? colour + '33' : COLORS.fault) }), 'fault ' + name]);
  };

  // Per-run details
  const details = document.getElementById('run-details');
  data.runs.forEach((run, i) => {
    const box = el('div', { class: 'run', id: 'run-' + run.run_id });
    box.append(el('h3', {}, run.run_id + ' — ' + run.scenario + ' (' + run.role + ', ' + run.strategy + ', ' + run.from + ' → ' + run.to + ')'));
    if (!run.complete) box.append(el('div', { class: 'banner', 'data-incomplete': '1' }, 'INCOMPLETE: this run did not reach its end (stopped in phase ' + run.phase + (run.interrupted ? ', interrupted' : '') + (run.error ? ': ' + run.error.split('\n')[0] : '') + '). Figures are recomputed from the requests recorded so far; no SLO verdict.'));
    if (run.complete && !run.valid) box.append(el('div', { class: 'banner' }, 'INVALID run: ' + run.invalid_reasons.join('; ')));
    for (const w of run.warnings) box.append(el('div', { class: 'banner' }, 'Warning: ' + w));
    box.append(el('p', { class: 'legend-note' }, 'Shading:', el('span', { class: 'sw', style: 'background:' + COLORS.step }), 'upgrade step', ...faultLegend(run), el('span', { class: 'sw', style: 'background:' + COLORS.outage }), 'outage'));
    const charts = el('div', { class: 'charts' }, chartBox('tp-' + i, 'wide'), chartBox('lat-' + i), chartBox('dist-' + i));
    box.append(charts);
    box.append(el('h4', {}, 'SLO ', verdict(run.slo.verdict)), table(['check', 'verdict', 'detail'], run.slo.checks.map((c) => [c.name, verdict(c.verdict), c.detail])));
    box.append(el('h4', {}, 'Outage windows'), run.outages.length === 0 ? el('p', {}, 'none') : table(['start s', 'end s', 'duration s'], run.outages.map((o) => [fmt(o.start_s), fmt(o.end_s), fmt(o.duration_s)]), [1, 1, 1]));
    box.append(el('h4', {}, 'Upgrade steps (' + run.upgrade_outcome + ') and faults'), table(['what', 'name', 'start s', 'end s', 'outcome'], [...run.steps.map((s) => ['step', s.name, fmt(s.start_s), fmt(s.end_s), s.outcome || '']), ...run.faults.map((f) => ['fault', f.name, fmt(f.start_s), fmt(f.end_s), f.outcome || f.detail || ''])], [0, 0, 1, 1, 0]));
    box.append(el('h4', {}, 'Windows'), table(['window', 'from s', 'to s', 'requests', 'errors', 'ok req/s', 'p50 ms', 'p99 ms', 'outage s'], run.windows.map((w) => [w.name, fmt(w.start_s), fmt(w.end_s), w.requests, w.errors, fmt(w.throughput_rps), fmt(w.latency_ms.p50, 0), fmt(w.latency_ms.p99, 0), fmt(w.outage_s)]), [0, 1, 1, 1, 1, 1, 1, 1, 1]));
    box.append(el('h4', {}, 'Impacts'), run.impacts.length === 0 ? el('p', {}, 'none') : el('ul', { class: 'evidence' }, ...run.impacts.map((im) => el('li', {}, el('b', {}, im.name), ' (cause: ' + im.cause + ')', el('ul', { class: 'evidence' }, ...im.evidence.map((e) => el('li', {}, e)))))));
    box.append(el('h4', {}, 'Security findings'), run.findings.length === 0 ? el('p', {}, 'none') : table(['finding', 'severity', 'cause', 'evidence'], run.findings.map((f) => [f.name, f.severity, f.cause, f.evidence])));
    details.append(box);

    const tl = run.timeline;
    new Chart(document.getElementById('tp-' + i), {
      type: 'line',
      data: { datasets: [
        { label: 'successful answers/s', data: tl.map((p) => ({ x: p.t, y: p.ok })), borderColor: COLORS.ok, backgroundColor: COLORS.ok, pointRadius: 0, stepped: true, borderWidth: 1.5 },
        { label: 'failed answers/s', data: tl.map((p) => ({ x: p.t, y: p.failed })), borderColor: COLORS.failed, backgroundColor: COLORS.failed, pointRadius: 0, stepped: true, borderWidth: 1.5 },
        { label: 'good requests/s by send time', data: tl.map((p) => ({ x: p.t, y: p.good })), borderColor: COLORS.ok, backgroundColor: COLORS.ok, borderDash: [4, 3], pointRadius: 0, stepped: true, borderWidth: 1 },
      ] },
      options: { plugins: { benchSpans: { run: run, labels: true }, title: { display: true, text: 'Answers by completion time (solid) and good requests by send time (dashed)' } }, scales: { x: xScale(run), y: { beginAtZero: true, title: { display: true, text: 'answers per second' } } } },
    });
    new Chart(document.getElementById('lat-' + i), {
      type: 'line',
      data: { datasets: [
        { label: 'p50 ms', data: tl.map((p) => ({ x: p.t, y: p.p50_ms })), borderColor: COLORS.p50, backgroundColor: COLORS.p50, pointRadius: 1, borderWidth: 1.5 },
        { label: 'p99 ms (upper bound)', data: tl.map((p) => ({ x: p.t, y: p.p99_ms })), borderColor: COLORS.p99, backgroundColor: COLORS.p99, pointRadius: 1, borderWidth: 1.5 },
      ] },
      options: { plugins: { benchSpans: { run: run }, title: { display: true, text: 'Latency of successful requests, by send time (gaps: none succeeded)' } }, scales: { x: xScale(run), y: { type: 'logarithmic', title: { display: true, text: 'ms' } } } },
    });
    const hist = run.latency_histogram;
    const labels = hist ? hist.map((b) => (b.le_ms === null || b.le_ms > 1e9 ? '> 30000' : '≤ ' + b.le_ms)) : tl.filter((p) => p.p50_ms !== null).map((p) => String(p.t));
    new Chart(document.getElementById('dist-' + i), {
      type: 'bar',
      data: { labels: labels, datasets: [hist
        ? { label: 'successful requests', data: hist.map((b) => b.count), backgroundColor: COLORS.p50 }
        : { label: 'p50 per second (no requests.ndjson)', data: tl.filter((p) => p.p50_ms !== null).map((p) => p.p50_ms), backgroundColor: COLORS.p50 }] },
      options: { plugins: { title: { display: true, text: 'Latency distribution (ms)' } }, scales: { y: { beginAtZero: true } } },
    });
  });
  document.body.setAttribute('data-rendered', String(data.runs.length));
})();
`;
