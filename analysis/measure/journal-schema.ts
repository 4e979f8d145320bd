/**
 * The run journal's contract, results/<run-id>/journal.json, format bench-journal/2: one zod
 * schema that types the writer (reports/journal.ts, fed by harness/run.ts), checks every reader
 * (reports/journal-files.ts) and shapes `bench run --json`. A run in progress or killed writes
 * `complete: false` and what it had; a finished run writes everything. Readers refuse a journal
 * that does not match, naming the field; bench-journal/1 (bench 0.1 before this contract) is
 * refused as too old. The raw records (samples, events, ledger) are timeline.ts's schemas.
 *
 * Types computed in analysis/ are declared there with their comments; `sameType` below makes the
 * compiler fail when one of them and its schema part here drift apart.
 */
import { z } from 'zod';
import type { AttributedFinding } from './findings.ts';
import type { Impact, SloResult } from './impacts.ts';
import { impactNames } from './impacts.ts';
import type { Measurement } from './index.ts';
import { ledgerEntrySchema, outcomes, requestKinds, runEventSchema } from './timeline.ts';
import type { WindowStats } from './windows.ts';
import type { WritesByWindow } from './writes.ts';

export const journalFormat = 'bench-journal/2';
const previousFormats = ['bench-journal/1'];

const nullableNumber = z.number().nullable();
const verdict = z.enum(['pass', 'fail', 'unknown']);
const severity = z.enum(['low', 'medium', 'high']);
const outage = z.object({ start_s: z.number(), end_s: z.number(), duration_s: z.number() });
/** Of successful requests, ms; p99.9 and p99.99 are absent in journals written before bench kept them. */
const percentiles = z.object({ p50: nullableNumber, p90: nullableNumber, p99: nullableNumber, p99_9: nullableNumber.optional(), p99_99: nullableNumber.optional(), max: nullableNumber });

// What analysis/ computes: windows, buckets, the measurement, impacts, findings, SLO verdicts.

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
  latency_ms: percentiles.extend({ samples: z.number() }),
  outages: z.number(),
  outage_s: z.number(),
});

const bucket = z.object({
  start_ms: z.number(),
  due: z.number(),
  good: z.number(),
  ok: z.number(),
  failed: z.number(),
  p50_ms: nullableNumber,
  p99_ms: nullableNumber,
  max_ms: nullableNumber,
});
export type JournalBucket = z.output<typeof bucket>;

const measurement = z.object({
  bucket_ms: z.number().positive(),
  max_latency_ms: z.number(),
  min_outage_ms: z.number(),
  min_outage_requests: z.number(),
  buckets: z.array(bucket),
  outages: z.array(outage),
  outage_s: z.number(),
  windows: z.array(windowStats),
});

const impact = z.object({ name: z.enum(impactNames), cause: z.enum(['upgrade', 'fault']), evidence: z.array(z.string()) });
const finding = z.object({ name: z.string(), cause: z.enum(['standing', 'upgrade', 'fault']), severity, evidence: z.string() });
const sloResult = z.object({
  verdict,
  checks: z.array(z.object({ name: z.enum(['availability', 'p99', 'lost_writes', 'outage', 'errors', 'p50', 'throughput']), verdict, value: nullableNumber, limit: z.number(), detail: z.string() })),
});
const writesByWindow = z.object({ before: z.number(), during: z.number(), after_fault: nullableNumber, after: z.number(), at_risk: z.number() });

/** Fails to compile when A and B are not the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameType = <A, B>(same: Same<A, B>) => same;
sameType<z.output<typeof windowStats>, WindowStats>(true);
sameType<z.output<typeof measurement>, Measurement>(true);
sameType<z.output<typeof impact>, Impact>(true);
sameType<z.output<typeof finding>, AttributedFinding>(true);
sameType<z.output<typeof sloResult>, SloResult>(true);
sameType<z.output<typeof writesByWindow>, WritesByWindow>(true);

// What the harness records: the testbed, the load's self-check, the procedure, the checks.

/** The summary of a finished run, as `bench run` prints it and `--json` gives it. */
const summary = z.object({
  requests: z.number(),
  errors: z.number(),
  throughput_rps: nullableNumber,
  latency_ms: percentiles,
  outages: z.array(outage),
  outage_s: z.number(),
  acknowledged_writes: z.number(),
  /** Acknowledged from the upgrade's start (or the fault's injection) to the end. */
  writes_at_risk: z.number(),
  writes_by_window: writesByWindow,
  /** null: not measured (fewer than 10 writes at risk). */
  lost_writes: nullableNumber,
  changed_writes: nullableNumber,
  unknown_writes: z.number(),
  impacts: z.array(z.enum(impactNames)),
  security_findings: z.array(z.string()),
});
export type Summary = z.output<typeof summary>;

/** The upgrade's steps in seconds from the load's start. */
const upgrade = z.object({
  strategy: z.string(),
  outcome: z.enum(['none', 'completed', 'aborted', 'failed']),
  reason: z.string().optional(),
  steps: z.array(z.object({ name: z.string(), start_s: z.number(), end_s: z.number(), outcome: z.enum(['ok', 'failed']) })),
});
export type UpgradeSummary = z.output<typeof upgrade>;

const faultRecord = z.object({
  kind: z.string(),
  /** The kind's chart colour: the report shades its window with it. */
  colour: z.string(),
  at: z.string(),
  injectedAt: z.number(),
  injection: z.enum(['ok', 'failed']),
  description: z.string(),
  revertedAt: z.number().optional(),
  revertError: z.string().optional(),
});

const imagoReport = z.object({
  lag: z.array(z.object({ t: z.number(), pages: z.number(), seconds: z.number() })),
  compared: z.number(),
  differences: z.array(z.object({ title: z.string(), old: z.string().optional(), new: z.string().optional() })),
  quiescenceMs: z.number().optional(),
  pagesTransferred: z.number(),
});

/** The upgrade as the journal keeps it: the summary, the fault's record, Imago's report. */
const upgradeRecord = upgrade.extend({ faults: z.array(faultRecord), imago: imagoReport.optional() });

const selfCheck = z.object({
  loop: z.enum(['open', 'closed']),
  intended_rps: nullableNumber,
  achieved_rps: z.number(),
  send_lag_ms: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
  cpu: z.object({ mean: z.number(), max_5s: z.number() }),
  event_loop_delay_ms: z.object({ p99: z.number(), max: z.number() }),
  host: z.object({ load_avg_max: z.number(), cores: z.number() }),
  invalid: z.array(z.string()),
  warnings: z.array(z.string()),
});

const tailPercentiles = z.object({ p50: z.number(), p90: z.number(), p99: z.number() });
const agreement = z.object({
  kind: z.string(),
  matched: z.number(),
  bench_ms: tailPercentiles,
  haproxy_ms: tailPercentiles,
  diff: tailPercentiles,
  judged: z.array(z.enum(['p50', 'p90', 'p99'])),
});

const securityReport = z.object({
  findings: z.array(z.object({ name: z.string(), severity, evidence: z.string() })),
  probes: z.array(z.object({ name: z.string(), result: z.enum(['ok', 'finding', 'not-checked']), detail: z.string() })),
});

const readBack = z.object({
  acknowledged: z.number(),
  found: z.number(),
  /** Of `found`: writes a later edit of the same run replaced (absent in older journals). */
  superseded: z.number().optional(),
  lost: z.array(ledgerEntrySchema),
  changed: z.array(ledgerEntrySchema.extend({ text: z.string() })),
  unknown: z.array(ledgerEntrySchema.extend({ error: z.string() })),
});

const testbedRecord = z.object({
  primed: z.object({ pages: z.number(), seconds: z.number(), retries: z.number() }),
  version: z.string(),
  url: z.string(),
  frontends: z.number(),
  /** Seconds each phase of bringing it up took. */
  timings: z.record(z.string(), z.number()),
  /** Each container's image tag and id. */
  images: z.record(z.string(), z.string()),
});

const loadRecord = z.object({ loop: z.enum(['open', 'closed']), rate: nullableNumber, connections: nullableNumber, planned_s: z.number() });
const loadProgress = z.object({ sent: z.number(), answered: z.number(), errors: z.number(), inFlight: z.number(), edits: z.number() });
const failureBody = z.object({ kind: z.enum(requestKinds), status: z.number().optional(), outcome: z.enum(outcomes), body: z.string() });

/**
 * The scenario as the run parsed it (durations in ms). Its own schema (harness/scenario) is the
 * contract for its fields; here, what the reports label runs with, and the rest kept as is.
 */
const parsedScenario = z.looseObject({
  name: z.string(),
  testbed: z.looseObject({ from: z.string(), to: z.string() }),
  upgrade: z.looseObject({ strategy: z.string() }),
  fault: z.looseObject({ class: z.string(), kind: z.string(), at: z.string() }).optional(),
  slo: z.looseObject({ max_latency: z.number().positive() }),
});

const format = z.string().refine((f) => f === journalFormat, {
  error: (issue) =>
    previousFormats.includes(issue.input as string)
      ? `${String(issue.input)} is the format of an older bench; this one reads ${journalFormat} (run the scenario again, or read it with the bench that wrote it)`
      : `expected ${journalFormat} (a journal of another bench version, or not a journal)`,
});

/** What every journal has, from its first write on. */
const started = z.object({
  format,
  run_id: z.string(),
  role: z.enum(['run', 'baseline']),
  phase: z.string(),
  started_at: z.string(),
  updated_at: z.string(),
  baseline_run_id: z.string().optional(),
  /** A campaign's run: the campaign's name and the run's id in its plan (bench plan). */
  campaign: z.string().optional(),
  plan_id: z.string().optional(),
  scenario: z.object({ name: z.string(), file: z.string(), parsed: parsedScenario }),
});

/** What a run records as it goes: all there by the end, any of it missing in a killed run. */
const recorded = {
  events: z.array(runEventSchema),
  testbed: testbedRecord,
  load: loadRecord,
  load_progress: loadProgress,
  ledger: z.array(ledgerEntrySchema),
};

/** A run in progress, or one that died: what it got to. */
const unfinished = started.extend({
  complete: z.literal(false),
  error: z.string().optional(),
  interrupted: z.boolean().optional(),
  ...z.object(recorded).partial().shape,
  checks: z.object({ security_before: securityReport }).optional(),
  /** The procedure's record once it ended (the run died in the cool-down or the checks). */
  upgrade: upgradeRecord.optional(),
});

/** What a finished run adds: its result, and everything that was computed from. */
const result = {
  valid: z.boolean(),
  invalid_reasons: z.array(z.string()),
  summary,
  impacts: z.array(impact),
  /** Impacts found but not reported because the run is invalid. */
  unreported_impacts: z.array(z.enum(impactNames)).optional(),
  findings: z.array(finding),
  slo: sloResult,
  self_check: selfCheck,
  cross_check: z.array(agreement),
};
const outcome = z.object({
  ...result,
  upgrade: upgradeRecord,
  checks: z.object({ readback: readBack, security_before: securityReport, security: securityReport }),
  failure_bodies: z.array(failureBody),
  measurement,
});

const finished = started.extend({
  complete: z.literal(true),
  ...recorded,
  load_progress: loadProgress.optional(),
  ...outcome.shape,
});

export const journalSchema = z.discriminatedUnion('complete', [unfinished, finished], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected true (a finished run) or false (a run in progress, or one that died)' : undefined),
});
export type Journal = z.output<typeof journalSchema>;
export type FinishedJournal = Extract<Journal, { complete: true }>;

/** The fields a run writes (the journal writer adds format, run id, complete and the times). */
type Written<T> = Omit<z.input<T>, 'format' | 'run_id' | 'complete' | 'started_at' | 'updated_at'>;
export type JournalStart = Written<typeof started>;
export type JournalProgress = Partial<Written<typeof unfinished>>;
/** What a finished run writes last. */
export type JournalResult = z.input<typeof outcome>;

/** One run in `bench run --json`: the result, its windows, where its journal is. */
const runJson = z.object({
  run_id: z.string(),
  scenario: z.string(),
  file: z.string(),
  journal: z.string(),
  ...result,
  upgrade,
  windows: z.array(windowStats),
});
/** `bench run --json`: one entry per scenario run, with its baseline when it had a fault. */
export const runJsonSchema = z.array(runJson.extend({ baseline: runJson.optional() }));
export type RunJson = z.input<typeof runJsonSchema>[number];

/** The first problem of a parse, as `field.path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`;
}
