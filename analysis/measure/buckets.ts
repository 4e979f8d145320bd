/**
 * The run's timeline cut into fixed buckets (100 ms by default), in both of its views: by send
 * time (requests due, and how many of them were good: what users asked for then and got) and by
 * completion time (answers that came back in it). The two differ after a stall: the backlog of
 * requests due during it comes back at once when it ends. Pure functions of the samples.
 */
import * as hdr from 'hdr-histogram-js';
import { completed, succeeded, type Sample } from './timeline.ts';
import { isGood } from './outages.ts';

export interface Bucket {
  /** Start of the bucket, ms on the run clock. */
  start: number;
  /** Requests whose intended send time falls in it... */
  due: number;
  /** ...and how many of those were good (succeeded within the latency cut-off). */
  good: number;
  /** Answers that came back in it (completion time), successful or not. */
  ok: number;
  failed: number;
  /** Latency of the successful requests due in it. */
  latency: hdr.Histogram;
}

export interface BucketOptions {
  /** Bucket width in ms (default 100). */
  width?: number;
  /** First and last instant covered (default: the samples' span). */
  from?: number;
  to?: number;
  /** The latency cut-off of a good request (default: none, every success is good). */
  maxLatencyMs?: number;
}

/** Latencies are recorded in microseconds, up to one hour, with 3 significant digits. */
export const newHistogram = (packed = false) =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: packed ? 'packed' : 64, useWebAssembly: false });

export const recordMs = (h: hdr.Histogram, ms: number) => h.recordValue(Math.max(1, Math.round(ms * 1000)));

export function bucketize(samples: readonly Sample[], options: BucketOptions = {}): Bucket[] {
  const width = options.width ?? 100;
  const maxLatency = options.maxLatencyMs ?? Infinity;
  const from = options.from ?? samples.reduce((m, s) => Math.min(m, s.intended), Infinity);
  if (!Number.isFinite(from)) return [];
  const to = options.to ?? samples.reduce((m, s) => Math.max(m, completed(s)), from);
  const n = Math.max(1, Math.ceil((to - from) / width));
  const buckets: Bucket[] = Array.from({ length: n }, (_, i) => ({ start: from + i * width, due: 0, good: 0, ok: 0, failed: 0, latency: newHistogram(true) }));
  const at = (t: number) => buckets[Math.floor((t - from) / width)];
  for (const s of samples) {
    const due = at(s.intended);
    if (due) {
      due.due++;
      if (isGood(s, maxLatency)) due.good++;
      if (succeeded(s)) recordMs(due.latency, s.latency);
    }
    const done = at(completed(s));
    if (done) {
      if (succeeded(s)) done.ok++;
      else done.failed++;
    }
  }
  return buckets;
}

/** A bucket as it is written to the journal (histograms summarised). */
export interface BucketRecord {
  start_ms: number;
  due: number;
  good: number;
  ok: number;
  failed: number;
  p50_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
}

export function bucketRecord(b: Bucket): BucketRecord {
  const has = b.latency.totalCount > 0;
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    start_ms: Math.round(b.start),
    due: b.due,
    good: b.good,
    ok: b.ok,
    failed: b.failed,
    p50_ms: has ? ms(b.latency.getValueAtPercentile(50)) : null,
    p99_ms: has ? ms(b.latency.getValueAtPercentile(99)) : null,
    max_ms: has ? ms(b.latency.maxValue) : null,
  };
}
