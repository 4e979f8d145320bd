/**
 * The reports' adapter to results/<run-id>/journal.json (its contract: ../measure/journal-schema.ts): one flat, typed view per run, whether the run
 * finished or was killed. A journal with `complete: false` has no summary or measurement yet;
 * they are then recomputed from requests.ndjson with the same pure measureRun the run uses.
 *
 * `toRunView` is pure (journal object + samples in, view out); `readRunViews` does the file work.
 */
import { measureRun, type AttributedFinding, type Impact, type Measurement, type SloResult, type WindowStats } from '../measure/index.ts';
import { sampleSchema, succeeded, type RunEvent, type Sample } from '../measure/timeline.ts';
import { firstIssue, type Journal, type JournalBucket } from '../measure/journal-schema.ts';
import { round } from '../round.ts';

export interface Span {
  name: string;
  start_s: number;
  end_s: number;
  outcome?: string;
  detail?: string;
  /** A fault's window: its kind's chart colour. */
  colour?: string;
}

export interface TimelinePoint {
  /** Start of the second, relative to the load's start. */
  t: number;
  /** Answers that came back in the second (completion time)... */
  ok: number;
  failed: number;
  /** ...and requests due in it that were good (send time). */
  good: number;
  p50_ms: number | null;
  p99_ms: number | null;
}

export interface RunView {
  run_id: string;
  dir: string;
  complete: boolean;
  /** Why the run ended early, when it did. */
  error?: string;
  interrupted: boolean;
  phase: string;
  role: 'run' | 'baseline';
  scenario: string;
  baseline_run_id?: string;
  /** A campaign's run: the campaign and the run's id in its plan. */
  campaign?: string;
  plan_id?: string;
  strategy: string;
  /** 'none' for a fault-free scenario (and for baselines). */
  fault_class: string;
  fault_kind: string | null;
  /** The step the fault was injected at (null without a fault). */
  fault_at: string | null;
  from: string;
  to: string;
  started_at?: string;
  valid: boolean;
  invalid_reasons: string[];
  /** The load generator's self-check warnings (a busy host...). */
  warnings: string[];
  slo: SloResult;
  upgrade_outcome: string;
  impacts: Impact[];
  /** Security findings with their cause and severity (empty in journals before they were kept). */
  findings: AttributedFinding[];
  metrics: {
    requests: number;
    errors: number;
    outage_s: number;
    lost_writes: number | null;
    p99_ms: number | null;
    throughput_rps: number | null;
  };
  outages: Array<{ start_s: number; end_s: number; duration_s: number }>;
  steps: Span[];
  faults: Span[];
  phases: Span[];
  windows: WindowStats[];
  timeline: TimelinePoint[];
  /** Latency of successful requests, log-spaced bins (ms), when requests.ndjson was there. */
  latency_histogram: Array<{ le_ms: number; count: number }> | null;
  load_end_s: number;
}

const unknownSlo = (why: string): SloResult => ({
  verdict: 'unknown',
  checks: [
    { name: 'availability', verdict: 'unknown', value: null, limit: NaN, detail: why },
    { name: 'p99', verdict: 'unknown', value: null, limit: NaN, detail: why },
  ],
});

/** One second per point: answers counted where they came back, latency of requests due then. */
export function perSecond(buckets: readonly JournalBucket[], bucketMs: number): TimelinePoint[] {
  const per = Math.max(1, Math.round(1000 / bucketMs));
  const out: TimelinePoint[] = [];
  for (let i = 0; i < buckets.length; i += per) {
    const group = buckets.slice(i, i + per);
    const p50s = group
      .map((b) => b.p50_ms)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    const p99s = group.map((b) => b.p99_ms).filter((x): x is number => x !== null);
    out.push({
      t: round(Math.max(0, group[0]!.start_ms) / 1000, 1),
      ok: group.reduce((s, b) => s + b.ok, 0),
      failed: group.reduce((s, b) => s + b.failed, 0),
      good: group.reduce((s, b) => s + b.good, 0),
      p50_ms: p50s.length ? p50s[Math.floor(p50s.length / 2)]! : null,
      // The largest bucket p99: an upper bound of the second's p99.
      p99_ms: p99s.length ? Math.max(...p99s) : null,
    });
  }
  return out;
}

export function latencyHistogram(samples: readonly Sample[]): Array<{ le_ms: number; count: number }> {
  const edges = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, Infinity];
  const counts = edges.map(() => 0);
  for (const s of samples) if (succeeded(s)) counts[edges.findIndex((e) => s.latency <= e)]!++;
  return edges.map((le_ms, i) => ({ le_ms, count: counts[i]! }));
}

/**
 * Pairs fault-inject with its fault-revert; one never reverted lasts to the load's end. A failed
 * injection never took effect: neither it nor the revert of its rollback is a span.
 */
export function faultSpans(events: readonly RunEvent[], endS: number, colours: Readonly<Record<string, string>> = {}): Span[] {
  const open = new Map<string, RunEvent>();
  const spans: Span[] = [];
  const colourOf = (name: string) => (colours[name] ? { colour: colours[name] } : {});
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    if (e.kind === 'fault-inject' && e.outcome !== 'failed') open.set(e.name, e);
    if (e.kind === 'fault-revert' && open.has(e.name)) {
      const start = open.get(e.name);
      open.delete(e.name);
      spans.push({ name: e.name, start_s: round(start!.t / 1000), end_s: round(e.t / 1000), detail: start!.detail, ...colourOf(e.name) });
    }
  }
  for (const [name, e] of open)
    spans.push({ name, start_s: round(e.t / 1000), end_s: Math.max(round(e.t / 1000), endS), detail: e.detail, outcome: 'not reverted during the load', ...colourOf(name) });
  return spans.sort((a, b) => a.start_s - b.start_s);
}

function stepSpans(journal: Journal, events: readonly RunEvent[]): Span[] {
  const steps = journal.upgrade?.steps;
  if (steps && steps.length > 0) return steps.map((s) => ({ name: s.name, start_s: s.start_s, end_s: s.end_s, outcome: s.outcome }));
  const open = new Map<string, number>();
  const out: Span[] = [];
  for (const e of events) {
    if (e.kind === 'step-start') open.set(e.name, e.t);
    if (e.kind === 'step-end') {
      out.push({ name: e.name, start_s: round((open.get(e.name) ?? e.t) / 1000), end_s: round(e.t / 1000), outcome: e.outcome });
      open.delete(e.name);
    }
  }
  for (const [name, t] of open) out.push({ name, start_s: round(t / 1000), end_s: round(t / 1000), outcome: 'unfinished' });
  return out;
}

function phaseSpans(events: readonly RunEvent[], endS: number): Span[] {
  const phases = events.filter((e) => e.kind === 'phase').sort((a, b) => a.t - b.t);
  return phases.map((p, i) => ({ name: p.name, start_s: round(p.t / 1000), end_s: i + 1 < phases.length ? round(phases[i + 1]!.t / 1000) : endS }));
}

/** The view of one journal; `samples` (requests.ndjson) are used for what the journal lacks. */
export function toRunView(journal: Journal, samples: readonly Sample[] | null, dir = ''): RunView {
  const parsed = journal.scenario.parsed;
  const events: RunEvent[] = journal.events ?? [];
  const done = journal.complete ? journal : undefined;
  const died = journal.complete ? undefined : journal;
  let measurement: Measurement | undefined = done?.measurement;
  if (!measurement && samples && samples.length > 0) {
    // The load ended when the run was killed: just after the last request it sent.
    const loadEnd = samples.reduce((m, s) => Math.max(m, s.intended), 0) + 1;
    measurement = measureRun({ samples, events, loadStart: 0, loadEnd, maxLatencyMs: parsed.slo.max_latency });
  }
  const all = measurement?.windows.find((w) => w.name === 'all');
  const loadEnd = all?.end_s ?? journal.load?.planned_s ?? 0;
  const fault = journal.role === 'baseline' ? undefined : parsed.fault;
  const why = died ? `incomplete run (stopped in phase ${died.phase}${died.error ? `: ${died.error.split('\n')[0]}` : ''})` : '';
  return {
    run_id: journal.run_id,
    dir,
    complete: journal.complete,
    error: died?.error,
    interrupted: died?.interrupted === true,
    phase: journal.phase,
    role: journal.role,
    scenario: journal.scenario.name,
    baseline_run_id: journal.baseline_run_id,
    campaign: journal.campaign,
    plan_id: journal.plan_id,
    strategy: journal.upgrade?.strategy ?? parsed.upgrade.strategy,
    fault_class: fault?.class ?? 'none',
    fault_kind: fault?.kind ?? null,
    fault_at: fault?.at ?? null,
    from: parsed.testbed.from,
    to: parsed.testbed.to,
    started_at: journal.started_at,
    valid: done?.valid ?? false,
    invalid_reasons: done ? done.invalid_reasons : [why],
    warnings: done?.self_check.warnings ?? [],
    slo: done ? done.slo : unknownSlo(why),
    upgrade_outcome: journal.upgrade?.outcome ?? 'unfinished',
    impacts: done?.impacts ?? [],
    findings: done?.findings ?? [],
    metrics: {
      requests: done?.summary.requests ?? all?.requests ?? 0,
      errors: done?.summary.errors ?? all?.errors ?? 0,
      outage_s: done?.summary.outage_s ?? measurement?.outage_s ?? 0,
      lost_writes: done?.summary.lost_writes ?? null,
      p99_ms: done ? done.summary.latency_ms.p99 : (all?.latency_ms.p99 ?? null),
      throughput_rps: done ? done.summary.throughput_rps : (all?.throughput_rps ?? null),
    },
    outages: measurement?.outages ?? [],
    steps: stepSpans(journal, events),
    faults: faultSpans(events, loadEnd, Object.fromEntries((journal.upgrade?.faults ?? []).map((f) => [f.kind, f.colour]))),
    phases: phaseSpans(events, loadEnd),
    windows: measurement?.windows ?? [],
    timeline: measurement ? perSecond(measurement.buckets, measurement.bucket_ms) : [],
    latency_histogram: samples ? latencyHistogram(samples) : null,
    load_end_s: loadEnd,
  };
}

/**
 * The samples of requests.ndjson, each line checked; a line that is not one is bad input naming
 * the line, except a last line cut short without its newline: a killed run leaves that.
 */
export function parseNdjson(text: string, file = 'requests.ndjson'): Sample[] {
  const out: Sample[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (i === lines.length - 1) return;
      throw new Error(`${file}:${i + 1}: not a JSON line (${(error as Error).message})`);
    }
    const sample = sampleSchema.safeParse(value);
    if (!sample.success) throw new Error(`${file}:${i + 1}: not a request sample: ${firstIssue(sample.error)}`);
    out.push(sample.data);
  });
  return out;
}
