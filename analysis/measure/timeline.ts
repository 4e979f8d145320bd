/**
 * The raw record of a run, on one monotonic clock (milliseconds since the run's start): every
 * request the load sent, every event (phases, step boundaries, fault inject/revert), and every
 * write the system acknowledged. analysis/ reads these as pure data.
 */

export type RequestKind = 'read' | 'heavy-read' | 'edit';

/** What a request came back with, as a user would see it. */
export type Outcome =
  | '2xx'
  | '3xx'
  | '4xx'
  | '5xx'
  | 'refused'
  | 'reset'
  | 'timeout'
  /** A MediaWiki error page (or api.php error) served with HTTP 200. */
  | 'error-page';

/**
 * A sample's times are milliseconds on the run's clock, kept to the microsecond: the clock means
 * no more, and a full double takes six times longer to write into requests.ndjson than its
 * shortest microsecond form (1.3 against 0.2 µs a line; the load writes one per request).
 */
export const toMicrosecond = (ms: number) => Math.round(ms * 1000) / 1000;

export interface Sample {
  /** When the request was due (open loop) or sent (closed loop). */
  intended: number;
  /** When it was actually sent. */
  sent: number;
  /** Milliseconds from `intended` to the end of the answer (or the failure). */
  latency: number;
  kind: RequestKind;
  outcome: Outcome;
  status?: number;
  /** Which frontend answered, when HAProxy says (from its log) or the page does. */
  server?: string;
  /** The load's request number (sent as `bench_req=` so HAProxy's log line can be matched). */
  id?: number;
  /** For failures: the error code, MediaWiki error or socket error, in a few words. */
  detail?: string;
}

/** When the answer (or the failure) came: the time a user stopped waiting. */
export const completed = (s: Sample) => s.intended + s.latency;

export const succeeded = (s: Sample) => s.outcome === '2xx' || s.outcome === '3xx';

export type EventKind = 'phase' | 'step-start' | 'step-end' | 'fault-inject' | 'fault-revert' | 'note';

export interface RunEvent {
  t: number;
  kind: EventKind;
  /** Phase name (warm-up, upgrade, cool-down, checks), step name, or fault kind. */
  name: string;
  /** For step-end: ok or failed; for faults: where it acted. */
  outcome?: 'ok' | 'failed' | 'aborted';
  detail?: string;
}

/** A write the system acknowledged: what must be readable afterwards. */
export interface LedgerEntry {
  token: string;
  page: string;
  t: number;
  status: number;
  revisionId?: number;
}
