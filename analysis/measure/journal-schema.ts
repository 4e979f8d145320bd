/**
 * The run journal, results/<run-id>/journal.json (format bench-journal/1, written by
 * harness/run.ts through reports/journal.ts), and its requests.ndjson, as the reports read them:
 * strict on the fields the reports use (their types, the format version), silent about fields
 * they do not read, and open to what older journals lack or killed runs never wrote. Unknown
 * fields are dropped at parse time. One schema, so that the writer can be typed by it too.
 */
import { z } from 'zod';
import { impactNames } from './impacts.ts';

const journalFormat = 'bench-journal/1';

const nullableNumber = z.number().nullable();
const verdict = z.enum(['pass', 'fail', 'unknown']);

const outage = z.object({ start_s: z.number(), end_s: z.number(), duration_s: z.number() });

/** Written by analysis/measure/buckets.ts; `good` is missing in journals before verdicts by send time. */
const bucket = z.object({
  start_ms: z.number(),
  due: z.number(),
  good: z.number().optional(),
  ok: z.number(),
  failed: z.number(),
  p50_ms: nullableNumber,
  p99_ms: nullableNumber,
  max_ms: nullableNumber,
});
export type JournalBucket = z.output<typeof bucket>;

const windowStats = z.object({
  name: z.enum(['before', 'during', 'after', 'all']),
  start_s: z.number(),
  end_s: z.number(),
  requests: z.number(),
  ok: z.number(),
  errors: z.number(),
  error_rate: nullableNumber,
  throughput_rps: nullableNumber,
  throughput_up_rps: nullableNumber,
  latency_ms: z.object({ p50: nullableNumber, p90: nullableNumber, p99: nullableNumber, max: nullableNumber, samples: z.number() }),
  outages: z.number(),
  outage_s: z.number(),
});

const measurement = z.object({
  bucket_ms: z.number().positive(),
  buckets: z.array(bucket),
  outages: z.array(outage),
  outage_s: z.number(),
  windows: z.array(windowStats),
});
export type JournalMeasurement = z.output<typeof measurement>;

const runEventSchema = z.object({
  t: z.number(),
  kind: z.enum(['phase', 'step-start', 'step-end', 'fault-inject', 'fault-revert', 'note']),
  name: z.string(),
  outcome: z.enum(['ok', 'failed', 'aborted']).optional(),
  detail: z.string().optional(),
});

const slo = z.object({
  verdict,
  checks: z.array(z.object({ name: z.enum(['availability', 'p99', 'lost_writes']), verdict, value: nullableNumber, limit: z.number(), detail: z.string() })),
});

/** The scenario as the run parsed it (durations in ms): what the reports label runs with; the rest is kept. */
const parsedScenario = z.looseObject({
  name: z.string().optional(),
  testbed: z.object({ from: z.string().optional(), to: z.string().optional() }).optional(),
  upgrade: z.object({ strategy: z.string().optional() }).optional(),
  fault: z.object({ class: z.string(), kind: z.string() }).optional(),
  slo: z.object({ max_latency: z.number().positive().optional() }).optional(),
});

export const journalSchema = z.object({
  format: z.literal(journalFormat, { error: `the format ${journalFormat} (a journal of another bench version, or not a journal)` }),
  run_id: z.string().optional(),
  complete: z.boolean(),
  role: z.enum(['run', 'baseline']).optional(),
  phase: z.string().optional(),
  error: z.string().optional(),
  interrupted: z.boolean().optional(),
  started_at: z.string().optional(),
  baseline_run_id: z.string().optional(),
  scenario: z.object({ name: z.string().optional(), parsed: parsedScenario.optional() }).optional(),
  events: z.array(runEventSchema).optional(),
  load: z.object({ planned_s: z.number().optional() }).optional(),
  upgrade: z
    .object({
      strategy: z.string().optional(),
      outcome: z.string().optional(),
      steps: z.array(z.object({ name: z.string(), start_s: z.number(), end_s: z.number(), outcome: z.string().optional() })).optional(),
      faults: z.array(z.object({ kind: z.string(), colour: z.string().optional() })).optional(),
    })
    .optional(),
  valid: z.boolean().optional(),
  invalid_reasons: z.array(z.string()).optional(),
  self_check: z.object({ warnings: z.array(z.string()).optional() }).optional(),
  slo: slo.optional(),
  impacts: z.array(z.object({ name: z.enum(impactNames), cause: z.enum(['upgrade', 'fault']).optional(), evidence: z.array(z.string()) })).optional(),
  findings: z.array(z.object({ name: z.string(), cause: z.enum(['standing', 'upgrade', 'fault']), severity: z.enum(['low', 'medium', 'high']), evidence: z.string() })).optional(),
  // The run's summary has more (writes, outages, impacts by name); the reports read these.
  summary: z
    .looseObject({
      requests: z.number().optional(),
      errors: z.number().optional(),
      outage_s: z.number().optional(),
      lost_writes: nullableNumber.optional(),
      latency_ms: z.looseObject({ p99: nullableNumber.optional() }).optional(),
      throughput_rps: nullableNumber.optional(),
    })
    .optional(),
  measurement: measurement.optional(),
});
export type Journal = z.output<typeof journalSchema>;

/** A run's clock holds the longest load a scenario may ask for (12 h) and the 10 min it may be extended by. */
const runClockMs = z
  .number()
  .min(0)
  .max(13 * 3_600_000);

/** One line of requests.ndjson (analysis/measure/timeline.ts's Sample, written by reports/journal.ts). */
export const sampleSchema = z.object({
  intended: runClockMs,
  sent: runClockMs,
  // The load client gives up after slo.max_latency (at most 60 s); latency histograms end at 1 h.
  latency: z.number().min(0).max(3_600_000),
  kind: z.enum(['read', 'heavy-read', 'edit']),
  outcome: z.enum(['2xx', '3xx', '4xx', '5xx', 'refused', 'reset', 'timeout', 'error-page']),
  status: z.number().optional(),
  server: z.string().optional(),
  id: z.number().optional(),
  detail: z.string().optional(),
});

/** The first problem of a parse, as `field.path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`;
}
