/**
 * measureRun: from the raw record of a run (samples, events) to what is reported: buckets,
 * outage windows, per-window statistics. Pure: `bench report` can re-run it on stored files.
 */
import { bucketize, bucketRecord, outages, type BucketRecord, type OutageOptions } from './buckets.ts';
import { windowsFromMarks, windowStats, type WindowStats } from './windows.ts';
import { median } from 'simple-statistics';
import { succeeded, type RunEvent, type Sample } from '../../harness/timeline.ts';

export * from './buckets.ts';
export * from './windows.ts';
export * from './impacts.ts';

export interface RunRecord {
  samples: readonly Sample[];
  events: readonly RunEvent[];
  /** The load's first intended send and its planned end, ms on the run clock. */
  loadStart: number;
  loadEnd: number;
  loop: 'open' | 'closed';
}

export interface MeasureOptions {
  bucketMs?: number;
  outageThreshold?: number;
  minOutageMs?: number;
}

export interface Measurement {
  bucket_ms: number;
  outage_threshold: number;
  min_outage_ms: number;
  buckets: BucketRecord[];
  /** Seconds relative to the load's start. */
  outages: Array<{ start_s: number; end_s: number; duration_s: number }>;
  outage_s: number;
  windows: WindowStats[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function measureRun(record: RunRecord, options: MeasureOptions = {}): Measurement {
  const bucketMs = options.bucketMs ?? 100;
  const outageOptions: OutageOptions = { loop: record.loop, threshold: options.outageThreshold ?? 0.2, minDurationMs: options.minOutageMs ?? 500 };
  // Buckets cover the load and the answers that came back after it (until the last one).
  const lastAnswer = record.samples.reduce((m, s) => Math.max(m, s.intended + s.latency), record.loadEnd);
  const okLatencies = record.samples.filter(succeeded).map((s) => s.latency);
  const typical = okLatencies.length > 0 ? median(okLatencies) : 0;
  const buckets = bucketize(record.samples, { width: bucketMs, from: record.loadStart, to: lastAnswer, expectedShiftMs: typical });
  // Only the load's own time can be an outage: after its end nothing is due any more.
  const found = outages(buckets, outageOptions).map((o) => ({ ...o, end: Math.min(o.end, record.loadEnd), duration: Math.min(o.end, record.loadEnd) - o.start })).filter((o) => o.duration > 0);
  const windows = windowsFromMarks(record.events, record.loadStart, record.loadEnd).map((w) => windowStats(record.samples, w, found, record.loadStart));
  return {
    bucket_ms: bucketMs,
    outage_threshold: outageOptions.threshold!,
    min_outage_ms: outageOptions.minDurationMs!,
    buckets: buckets.map(bucketRecord),
    outages: found.map((o) => ({ start_s: round((o.start - record.loadStart) / 1000), end_s: round((o.end - record.loadStart) / 1000), duration_s: round(o.duration / 1000) })),
    outage_s: round(found.reduce((sum, o) => sum + o.duration, 0) / 1000),
    windows,
  };
}
