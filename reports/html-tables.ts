/**
 * The HTML report's text, rendered on the server: every table (runs, impact matrix, trial
 * statistics, strategy comparisons, each run's details) as escaped HTML, so the page reads with
 * JavaScript off. The charts are the only thing the page's script draws, into the canvases placed
 * here (each names its run and chart in data attributes).
 */
import type { RunView, Span } from '../analysis/statistics/journal-view.ts';
import type { Describe } from '../analysis/statistics/stats.ts';
import type { compareStrategies, groupTrials, impactMatrix, MetricName } from '../analysis/statistics/trials.ts';

/** Markup that is already escaped. */
export interface Html {
  readonly html: string;
}
export type Child = Html | string | number | null | undefined | false | readonly Child[];

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const render = (c: Child): string => (c === null || c === undefined || c === false ? '' : Array.isArray(c) ? c.map(render).join('') : typeof c === 'object' ? (c as Html).html : escapeHtml(String(c)));

/** One element; text children and attribute values are escaped. */
export function h(tag: string, attrs: Record<string, string | number | undefined> = {}, ...children: Child[]): Html {
  const attributes = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
    .join('');
  return { html: `<${tag}${attributes}>${render(children)}</${tag}>` };
}

export const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits));
const verdict = (v: string) => h('span', { class: v }, v.toUpperCase());

/** A table; `numeric[i]` right-aligns column i. */
export function table(head: readonly string[], rows: readonly (readonly Child[])[], numeric: readonly boolean[] = []): Html {
  return h('table', {}, h('tr', {}, ...head.map((x) => h('th', {}, x))), ...rows.map((r) => h('tr', {}, ...r.map((c, i) => h('td', numeric[i] ? { class: 'num' } : {}, c)))));
}
export const cols = (...numeric: (0 | 1)[]) => numeric.map((n) => n === 1);

export const chartColours = {
  ok: '#2da44e',
  failed: '#cf222e',
  p50: '#0969da',
  p99: '#8250df',
  step: 'rgba(9,105,218,0.10)',
  stepLine: 'rgba(9,105,218,0.8)',
  fault: 'rgba(207,34,46,0.16)',
  outage: 'rgba(87,96,106,0.22)',
};
/** A fault window's shade: its kind's colour, as light as the others. */
export const faultShade = (f: Pick<Span, 'colour'>) => (f.colour ? `${f.colour}33` : chartColours.fault);

export function runsTable(runs: readonly RunView[]): Html {
  return table(
    ['run', 'role', 'scenario', 'strategy', 'fault', 'state', 'SLO', 'requests', 'errors', 'outage s', 'p99 ms', 'ok req/s', 'lost writes', 'impacts'],
    runs.map((r) => [
      h('a', { href: `#run-${r.run_id}` }, r.run_id),
      r.role,
      r.scenario,
      r.strategy,
      r.fault_kind ? `${r.fault_class}/${r.fault_kind}` : 'none',
      r.complete ? 'complete' : h('span', { class: 'unknown' }, 'INCOMPLETE'),
      verdict(r.slo.verdict),
      r.metrics.requests,
      r.metrics.errors,
      fmt(r.metrics.outage_s),
      fmt(r.metrics.p99_ms, 0),
      fmt(r.metrics.throughput_rps),
      r.metrics.lost_writes === null ? 'n/a' : r.metrics.lost_writes,
      r.impacts.map((i) => i.name).join(', ') || 'none',
    ]),
    cols(0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0),
  );
}

/** A size over a cell's runs: the value of one run, the median and range of several. */
function size(d: Describe, unit: string, digits: number): string {
  if (d.n === 0) return 'n/a';
  const v = (x: number | null) => `${fmt(x, digits)}${unit}`;
  return d.n === 1 ? v(d.median) : `median ${v(d.median)} (${v(d.min)}–${v(d.max)})`;
}

export function matrixTable(m: ReturnType<typeof impactMatrix>): Html {
  if (m.cells.length === 0) return h('p', {}, 'No upgrade runs.');
  const cellOf = (s: string, f: string) => m.cells.find((c) => c.strategy === s && c.fault_class === f);
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'legend-note' },
      'Each cell: how many of its runs showed each impact; then the outage seconds and lost writes over its complete, valid runs (one run: its value; several: median and range).',
    ),
    table(
      ['strategy \\ fault class', ...m.faultClasses],
      m.strategies.map((s) => [
        s,
        ...m.faultClasses.map((f) => {
          const c = cellOf(s, f);
          if (!c) return '';
          const names = Object.entries(c.impacts).map(([k, v]) => `${k} ${v}/${c.runs}`);
          return h(
            'div',
            { 'data-cell': `${s} x ${f}` },
            h('div', {}, names.length ? names.join(', ') : `no impact (${c.runs} run${c.runs > 1 ? 's' : ''})`),
            h('div', { class: 'sizes' }, c.outage_s.n === 0 ? 'no complete, valid run to size' : `outage ${size(c.outage_s, ' s', 1)}, lost writes ${size(c.lost_writes, '', 0)} (n=${c.outage_s.n})`),
            c.slo_fail ? h('div', { class: 'fail' }, `SLO broken in ${c.slo_fail}/${c.runs}`) : null,
            c.slo_unknown ? h('div', { class: 'unknown' }, `SLO unknown in ${c.slo_unknown}/${c.runs}`) : null,
          );
        }),
      ]),
    ),
  );
}

const metricLabel: Record<MetricName, string> = { outage_s: 'outage (s)', errors: 'errors', lost_writes: 'lost writes', p99_ms: 'p99 (ms)', throughput_rps: 'ok req/s' };
const metrics = Object.keys(metricLabel) as MetricName[];

export function trialsTable(trials: ReturnType<typeof groupTrials>): Html {
  const name = (g: (typeof trials)[number]) => g.scenario + (g.role === 'baseline' ? ' (baseline)' : '');
  return h(
    'div',
    {},
    h('p', { class: 'legend-note' }, 'Over complete, valid runs only. 95% CI: percentile bootstrap of the mean (2000 resamples, seed 1).'),
    table(
      ['scenario', 'metric', 'n', 'mean', 'median', 'sd', 'bootstrap 95% CI'],
      trials.flatMap((g) =>
        metrics.every((k) => g.stats[k].n === 0)
          ? [[name(g), `no complete, valid run (${g.excluded.length} left out)`, 0, '', '', '', '']]
          : metrics.map((k) => {
              const s = g.stats[k];
              return [name(g), metricLabel[k], s.n, fmt(s.mean, 2), fmt(s.median, 2), fmt(s.sd, 2), s.ci95 ? `[${fmt(s.ci95[0], 2)}, ${fmt(s.ci95[1], 2)}]` : 'n/a (n<2)'];
            }),
      ),
      cols(0, 0, 1, 1, 1, 1, 0),
    ),
  );
}

export function comparisonsTable(comparisons: ReturnType<typeof compareStrategies>): Html {
  if (comparisons.length === 0) return h('p', {}, 'Only one strategy per fault class: nothing to compare.');
  return table(
    ['fault class', 'A', 'B', 'metric', 'n A/B', 'median A', 'median B', "Cliff's delta (B vs A)", 'Mann-Whitney p', 'significant'],
    comparisons.map(({ fault_class, a, b, metric, comparison: c }) => [
      fault_class,
      a,
      b,
      metricLabel[metric],
      `${c.n_a}/${c.n_b}`,
      fmt(c.median_a, 2),
      fmt(c.median_b, 2),
      c.cliffs_delta === null ? 'n/a' : `${fmt(c.cliffs_delta, 2)} (${c.magnitude})`,
      c.mann_whitney ? `${fmt(c.mann_whitney.p, 3)} (${c.mann_whitney.method})` : 'n/a',
      c.significant ? 'yes' : (c.note ?? 'no'),
    ]),
  );
}

/** The charts of one run, in the order the page draws them; `figure` names the exported file. */
export const chartKinds = [
  { kind: 'answers', wide: true, caption: 'answers per second (solid: by completion time; dashed: good requests by send time)' },
  { kind: 'latency', wide: false, caption: 'p50/p99 latency of successful requests per second (by send time)' },
  { kind: 'latency-distribution', wide: false, caption: 'latency distribution of successful requests' },
] as const;
export type ChartKind = (typeof chartKinds)[number]['kind'];
/** A file name from a run id and a chart: what is not a letter, digit, dot, dash or underscore becomes '_'. */
export const figureName = (runId: string, kind: ChartKind) => `${runId.replace(/[^A-Za-z0-9._-]/g, '_')}-${kind}`;

function shadingLegend(run: RunView): Child[] {
  const swatch = (colour: string) => h('span', { class: 'sw', style: `background:${colour}` });
  const kinds = [...new Map(run.faults.map((f) => [f.name, f])).values()];
  const faults = kinds.length === 0 ? [swatch(chartColours.fault), 'fault active'] : kinds.flatMap((f) => [swatch(faultShade(f)), `fault ${f.name}`]);
  return ['Shading:', swatch(chartColours.step), 'upgrade step', ...faults, swatch(chartColours.outage), 'outage'];
}

export function runDetails(run: RunView, index: number): Html {
  const banners: Child[] = [
    run.complete
      ? null
      : h(
          'div',
          { class: 'banner', 'data-incomplete': '1' },
          `INCOMPLETE: this run did not reach its end (stopped in phase ${run.phase}${run.interrupted ? ', interrupted' : ''}${run.error ? `: ${run.error.split('\n')[0]}` : ''}). Figures are recomputed from the requests recorded so far; no SLO verdict.`,
        ),
    run.complete && !run.valid ? h('div', { class: 'banner' }, `INVALID run: ${run.invalid_reasons.join('; ')}`) : null,
    ...run.warnings.map((w) => h('div', { class: 'banner' }, `Warning: ${w}`)),
  ];
  const charts = chartKinds.map(({ kind, wide, caption }) =>
    h(
      'div',
      { class: wide ? 'chart wide' : 'chart' },
      // A canvas's content shows only where scripts do not run.
      h(
        'canvas',
        { id: `${kind}-${index}`, 'data-chart': kind, 'data-run': index, 'data-figure': figureName(run.run_id, kind) },
        h('p', { class: 'no-script' }, `Chart (needs JavaScript): ${caption}.`),
      ),
    ),
  );
  const spanRows = [
    ...run.steps.map((s, i) => [i + 1, 'step', s.name, fmt(s.start_s), fmt(s.end_s), s.outcome ?? '']),
    ...run.faults.map((f) => ['', 'fault', f.name, fmt(f.start_s), fmt(f.end_s), f.outcome ?? f.detail ?? '']),
  ];
  return h(
    'div',
    { class: 'run', id: `run-${run.run_id}` },
    h('h3', {}, `${run.run_id} — ${run.scenario} (${run.role}, ${run.strategy}, ${run.from} → ${run.to})`),
    banners,
    h('p', { class: 'legend-note' }, shadingLegend(run)),
    h('div', { class: 'charts' }, charts),
    h('h4', {}, 'SLO ', verdict(run.slo.verdict)),
    table(
      ['check', 'verdict', 'detail'],
      run.slo.checks.map((c) => [c.name, verdict(c.verdict), c.detail]),
    ),
    h('h4', {}, 'Outage windows'),
    run.outages.length === 0
      ? h('p', {}, 'none')
      : table(
          ['start s', 'end s', 'duration s'],
          run.outages.map((o) => [fmt(o.start_s), fmt(o.end_s), fmt(o.duration_s)]),
          cols(1, 1, 1),
        ),
    h('h4', {}, `Upgrade steps (${run.upgrade_outcome}) and faults`),
    h('p', { class: 'legend-note' }, 'A step whose name does not fit above its line in the chart is labelled there with its number (#).'),
    table(['#', 'what', 'name', 'start s', 'end s', 'outcome'], spanRows, cols(1, 0, 0, 1, 1, 0)),
    h('h4', {}, 'Windows'),
    table(
      ['window', 'from s', 'to s', 'requests', 'errors', 'ok req/s', 'p50 ms', 'p99 ms', 'outage s'],
      run.windows.map((w) => [w.name, fmt(w.start_s), fmt(w.end_s), w.requests, w.errors, fmt(w.throughput_rps), fmt(w.latency_ms.p50, 0), fmt(w.latency_ms.p99, 0), fmt(w.outage_s)]),
      cols(0, 1, 1, 1, 1, 1, 1, 1, 1),
    ),
    h('h4', {}, 'Impacts'),
    run.impacts.length === 0
      ? h('p', {}, 'none')
      : h(
          'ul',
          { class: 'evidence' },
          run.impacts.map((im) =>
            h(
              'li',
              {},
              h('b', {}, im.name),
              ` (cause: ${im.cause})`,
              h(
                'ul',
                { class: 'evidence' },
                im.evidence.map((e) => h('li', {}, e)),
              ),
            ),
          ),
        ),
    h('h4', {}, 'Security findings'),
    run.findings.length === 0
      ? h('p', {}, 'none')
      : table(
          ['finding', 'severity', 'cause', 'evidence'],
          run.findings.map((f) => [f.name, f.severity, f.cause, f.evidence]),
        ),
  );
}
