/**
 * measureRun: from the raw record of a run (samples, events) to what is reported: buckets,
 * outage windows, per-window statistics. Pure: `bench report` can re-run it on stored files.
 */
import { bucketize, bucketRecord, type BucketRecord } from './buckets.ts';
import { defaultMinOutageMs, defaultMinOutageRequests, outageWindows } from './outages.ts';
import { windowsFromMarks, windowStats, type WindowStats } from './windows.ts';
import type { RunEvent, Sample } from './timeline.ts';
import { round } from '../round.ts';

export * from './buckets.ts';
export * from './outages.ts';
export * from './windows.ts';
export * from './impacts.ts';
export * from './writes.ts';
export * from './findings.ts';

export interface RunRecord {
  samples: readonly Sample[];
  events: readonly RunEvent[];
  /** The load's first intended send and its planned end, ms on the run clock. */
  loadStart: number;
  loadEnd: number;
  /** The scenario's `slo.max_latency`: a success slower than this is not good. */
  maxLatencyMs: number;
}

export interface MeasureOptions {
  bucketMs?: number;
  minOutageMs?: number;
  minOutageRequests?: number;
}

export interface Measurement {
  bucket_ms: number;
  max_latency_ms: number;
  min_outage_ms: number;
  min_outage_requests: number;
  buckets: BucketRecord[];
  /** Seconds relative to the load's start. */
  outages: Array<{ start_s: number; end_s: number; duration_s: number }>;
  outage_s: number;
  windows: WindowStats[];
}

export function measureRun(record: RunRecord, options: MeasureOptions = {}): Measurement {
  const bucketMs = options.bucketMs ?? 100;
  const minOutageMs = options.minOutageMs ?? defaultMinOutageMs;
  const minOutageRequests = options.minOutageRequests ?? defaultMinOutageRequests;
  const { samples, maxLatencyMs, loadStart, loadEnd } = record;
  // Buckets cover the load and the answers that came back after it (until the last one).
  const lastAnswer = samples.reduce((m, s) => Math.max(m, s.intended + s.latency), loadEnd);
  const buckets = bucketize(samples, { width: bucketMs, from: loadStart, to: lastAnswer, maxLatencyMs });
  const found = outageWindows(samples, { maxLatencyMs, minDurationMs: minOutageMs, minRequests: minOutageRequests, loadEnd });
  const windows = windowsFromMarks(record.events, loadStart, loadEnd).map((w) => windowStats(samples, w, found, loadStart, maxLatencyMs));
  return {
    bucket_ms: bucketMs,
    max_latency_ms: maxLatencyMs,
    min_outage_ms: minOutageMs,
    min_outage_requests: minOutageRequests,
    buckets: buckets.map(bucketRecord),
    outages: found.map((o) => ({ start_s: round((o.start - loadStart) / 1000), end_s: round((o.end - loadStart) / 1000), duration_s: round(o.duration / 1000) })),
    outage_s: round(found.reduce((sum, o) => sum + o.duration, 0) / 1000),
    windows,
  };
}
