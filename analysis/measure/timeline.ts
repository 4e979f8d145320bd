/**
 * The raw record of a run, on one monotonic clock (milliseconds since the run's start): every
 * request the load sent, every event (phases, step boundaries, fault inject/revert), and every
 * write the system acknowledged. analysis/ reads these as pure data. Each is a zod schema, a leaf
 * of the journal contract (journal-schema.ts), and the type it gives.
 */
import { z } from 'zod';

/**
 * What a request asked for, one kind per share of the scenario's `workload.mix`: `read` (a seeded
 * page's view), `edit` (api.php), `history` (a page's action=history), `search`
 * (Special:Search), `recent-changes` (Special:RecentChanges). `heavy-read` is kept so that older
 * journals still parse: before the mix had `recent_changes`, 5% of page views went to
 * Special:RecentChanges or Special:AllPages under that kind; the load no longer sends it.
 */
export const requestKinds = ['read', 'heavy-read', 'edit', 'history', 'search', 'recent-changes'] as const;
export type RequestKind = (typeof requestKinds)[number];

/**
 * What a request came back with, as a user would see it; `error-page` is a MediaWiki error page
 * (or api.php error) served with HTTP 200.
 */
export const outcomes = ['2xx', '3xx', '4xx', '5xx', 'refused', 'reset', 'timeout', 'error-page'] as const;
export type Outcome = (typeof outcomes)[number];

/**
 * A sample's times are milliseconds on the run's clock, kept to the microsecond: the clock means
 * no more, and a full double takes six times longer to write into requests.ndjson than its
 * shortest microsecond form (1.3 against 0.2 µs a line; the load writes one per request).
 */
export const toMicrosecond = (ms: number) => Math.round(ms * 1000) / 1000;

/** A run's clock holds the longest load a scenario may ask for (12 h) and the 10 min it may be extended by. */
const runClockMs = z
  .number()
  .min(0)
  .max(13 * 3_600_000);

/** One request, one line of requests.ndjson. */
export const sampleSchema = z.object({
  /** When the request was due (open loop) or sent (closed loop). */
  intended: runClockMs,
  /** When it was actually sent. */
  sent: runClockMs,
  /** Milliseconds from `intended` to the end of the answer (or the failure); the client gives up after at most 60 s. */
  latency: z.number().min(0).max(3_600_000),
  kind: z.enum(requestKinds),
  outcome: z.enum(outcomes),
  status: z.number().optional(),
  /** Which frontend answered, when HAProxy says (from its log) or the page does. */
  server: z.string().optional(),
  /** The load's request number (sent as `bench_req=` so HAProxy's log line can be matched). */
  id: z.number().optional(),
  /** For failures: the error code, MediaWiki error or socket error, in a few words. */
  detail: z.string().optional(),
});
export type Sample = z.output<typeof sampleSchema>;

/** When the answer (or the failure) came: the time a user stopped waiting. */
export const completed = (s: Sample) => s.intended + s.latency;

export const succeeded = (s: Sample) => s.outcome === '2xx' || s.outcome === '3xx';

export const eventKinds = ['phase', 'step-start', 'step-end', 'fault-inject', 'fault-revert', 'note'] as const;
export type EventKind = (typeof eventKinds)[number];

export const runEventSchema = z.object({
  t: z.number(),
  kind: z.enum(eventKinds),
  /** Phase name (warm-up, upgrade, cool-down, checks), step name, or fault kind. */
  name: z.string(),
  /** For step-end: ok or failed; for faults: whether the injection or revert worked. */
  outcome: z.enum(['ok', 'failed', 'aborted']).optional(),
  detail: z.string().optional(),
});
export type RunEvent = z.output<typeof runEventSchema>;

/**
 * What an edit did: created a page of its own, appended a section to a seeded page, or rewrote a
 * seeded page's whole text.
 */
export const editOps = ['create', 'append', 'rewrite'] as const;
export type EditOp = (typeof editOps)[number];

/** A write the system acknowledged: what must be readable afterwards. */
export const ledgerEntrySchema = z.object({
  token: z.string(),
  page: z.string(),
  t: z.number(),
  status: z.number(),
  revisionId: z.number().optional(),
  /** Absent in journals written before edits appended and rewrote: those all created a page. */
  op: z.enum(editOps).optional(),
});
export type LedgerEntry = z.output<typeof ledgerEntrySchema>;
