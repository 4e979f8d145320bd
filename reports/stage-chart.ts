// The HTML chart of a staged-deployment simulation: overhead against completion time per
// protocol, and faulty/upgraded machines over time. chart.js and the data are inlined, so the
// file opens offline and nothing is fetched.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SimParams } from '../analysis/stage/params.ts';
import type { SimResult } from '../analysis/stage/simulate.ts';
import { compare, comparisonTable } from '../analysis/stage/summary.ts';

const colours = { nostaging: '#d62728', parallel: '#1f77b4', sequential: '#2ca02c' } as const;

export async function stageChartHtml(params: SimParams, results: SimResult[]): Promise<string> {
  // The package exports no path to its UMD build, so find it next to the CommonJS entry.
  const entry = createRequire(import.meta.url).resolve('chart.js');
  const chartJs = await readFile(join(dirname(entry), 'chart.umd.js'), 'utf8');
  const data = {
    params,
    colours,
    results: results.map((r) => ({ protocol: r.protocol, overhead: r.overhead.machines, completionTime: r.completionTime, series: r.series })),
  };
  const rows = compare(results);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench stage: staged deployment simulation</title>
<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:right}
.chart{height:360px;margin:2em 0}</style></head>
<body>
<h1>Staged deployment: ${params.machines.toLocaleString('en-US')} machines</h1>
${htmlTable(rows)}
<div class="chart"><canvas id="tradeoff"></canvas></div>
<div class="chart"><canvas id="faulty"></canvas></div>
<div class="chart"><canvas id="upgraded"></canvas></div>
<details><summary>parameters</summary><pre>${escapeHtml(JSON.stringify(params, null, 2))}</pre></details>
<script>${chartJs.replaceAll('</script', '<\\/script')}</script>
<script>
const data = ${JSON.stringify(data).replaceAll('<', '\\u003c')};
const days = (m) => m / 1440;
new Chart(document.getElementById('tradeoff'), {
  type: 'scatter',
  data: { datasets: data.results.filter((r) => r.completionTime !== null).map((r) => ({
    label: r.protocol, backgroundColor: data.colours[r.protocol], pointRadius: 8,
    data: [{ x: days(r.completionTime), y: r.overhead }] })) },
  options: { maintainAspectRatio: false, plugins: { title: { display: true, text: 'Upgrade overhead against completion time' } },
    scales: { x: { title: { display: true, text: 'completion time (days)' } },
              y: { type: 'logarithmic', title: { display: true, text: 'machines that got a faulty upgrade' } } } },
});
for (const [id, key, title] of [['faulty', 'faultyMachines', 'Machines that got a faulty upgrade, over time'],
                                ['upgraded', 'upgraded', 'Machines running a faultless upgrade, over time']]) {
  new Chart(document.getElementById(id), {
    type: 'line',
    data: { datasets: data.results.map((r) => ({ label: r.protocol, borderColor: data.colours[r.protocol], pointRadius: 0,
      data: r.series.time.map((t, i) => ({ x: days(t), y: r.series[key][i] })) })) },
    options: { maintainAspectRatio: false, parsing: false, plugins: { title: { display: true, text: title } },
      scales: { x: { type: 'linear', title: { display: true, text: 'days' } }, y: { title: { display: true, text: 'machines' } } } },
  });
}
</script>
</body></html>
`;
}

function htmlTable(rows: ReturnType<typeof compare>): string {
  const [header, , ...body] = comparisonTable(rows)
    .split('\n')
    .map((line) => line.slice(2, -2).split(' | '));
  const cells = (tag: string, row: string[]) => `<tr>${row.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table>${cells('th', header)}${body.map((r) => cells('td', r)).join('')}</table>`;
}

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
