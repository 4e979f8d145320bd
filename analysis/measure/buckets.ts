/**
 * The run's timeline cut into fixed buckets (100 ms by default), and the outage windows found in
 * them. Pure functions of the recorded samples.
 *
 * A bucket counts
 * - `due`: requests whose intended send time falls in it (what users asked for then),
 * - `expected`: requests due one typical (median) latency before it, the answers that should
 *   come back in it,
 * - `ok` / `failed`: answers that *came back* in it (completion time = intended + latency),
 * - a latency histogram of the successful requests intended in it.
 *
 * Counting answers by completion time is what makes a stall visible: while HAProxy is paused no
 * answer comes back at all, although the requests sent meanwhile succeed once it resumes.
 */
import * as hdr from 'hdr-histogram-js';
import { median } from 'simple-statistics';
import { completed, succeeded, type Sample } from '../../harness/timeline.ts';

export interface Bucket {
  /** Start of the bucket, ms on the run clock. */
  start: number;
  due: number;
  /** Answers expected in it: requests due one typical latency earlier (open loop). */
  expected: number;
  ok: number;
  failed: number;
  latency: hdr.Histogram;
}

export interface BucketOptions {
  /** Bucket width in ms (default 100). */
  width?: number;
  /** First and last instant covered (default: the samples' span). */
  from?: number;
  to?: number;
  /** Typical latency (ms): a request due at t is expected to be answered at t + this. */
  expectedShiftMs?: number;
}

/** Latencies are recorded in microseconds, up to one hour, with 3 significant digits. */
export const newHistogram = (packed = false) =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: packed ? 'packed' : 64, useWebAssembly: false });

export const recordMs = (h: hdr.Histogram, ms: number) => h.recordValue(Math.max(1, Math.round(ms * 1000)));

export function bucketize(samples: readonly Sample[], options: BucketOptions = {}): Bucket[] {
  const width = options.width ?? 100;
  const from = options.from ?? samples.reduce((m, s) => Math.min(m, s.intended), Infinity);
  if (!Number.isFinite(from)) return [];
  const to = options.to ?? samples.reduce((m, s) => Math.max(m, completed(s)), from);
  const n = Math.max(1, Math.ceil((to - from) / width));
  const buckets: Bucket[] = Array.from({ length: n }, (_, i) => ({ start: from + i * width, due: 0, expected: 0, ok: 0, failed: 0, latency: newHistogram(true) }));
  const at = (t: number) => buckets[Math.floor((t - from) / width)];
  for (const s of samples) {
    const due = at(s.intended);
    if (due) due.due++;
    const expected = at(s.intended + (options.expectedShiftMs ?? 0));
    if (expected) expected.expected++;
    const done = at(completed(s));
    if (done) {
      if (succeeded(s)) done.ok++;
      else done.failed++;
    }
    if (due && succeeded(s)) recordMs(due.latency, s.latency);
  }
  return buckets;
}

export interface OutageOptions {
  /** A bucket is "out" when its success ratio is below this (default 0.2). */
  threshold?: number;
  /** Runs of out buckets shorter than this are not outages (default 500 ms). */
  minDurationMs?: number;
  /** open: expected answers per bucket = requests due a typical latency earlier; closed: the median answers per bucket. */
  loop: 'open' | 'closed';
}

export interface Outage {
  start: number;
  end: number;
  duration: number;
}

/**
 * The success ratio of each bucket: successful answers in it over the answers expected in it.
 * null when nothing was expected (an open-loop bucket with no request due): such a bucket takes
 * the state of the bucket before it, unless an answer came back in it (then it is not out).
 */
export function successRatios(buckets: readonly Bucket[], loop: 'open' | 'closed'): Array<number | null> {
  if (loop === 'open') return buckets.map((b) => (b.expected > 0 ? Math.min(1, b.ok / b.expected) : null));
  const answered = buckets.map((b) => b.ok + b.failed).filter((n) => n > 0);
  const expected = answered.length > 0 ? median(answered) : 0;
  return buckets.map((b) => (expected > 0 ? Math.min(1, b.ok / expected) : null));
}

/** Maximal runs of consecutive buckets whose success ratio is below the threshold. */
export function outages(buckets: readonly Bucket[], options: OutageOptions): Outage[] {
  const threshold = options.threshold ?? 0.2;
  const minDuration = options.minDurationMs ?? 500;
  const ratios = successRatios(buckets, options.loop);
  const found: Outage[] = [];
  let startIndex: number | undefined;
  let previousOut = false;
  const close = (endIndex: number) => {
    if (startIndex === undefined) return;
    const start = buckets[startIndex]!.start;
    const end = endIndex < buckets.length ? buckets[endIndex]!.start : buckets[buckets.length - 1]!.start + width(buckets);
    if (end - start >= minDuration) found.push({ start, end, duration: end - start });
    startIndex = undefined;
  };
  ratios.forEach((ratio, i) => {
    // A bucket with nothing expected is out only when the one before was and no answer came in it.
    const out = ratio === null ? previousOut && buckets[i]!.ok === 0 : ratio < threshold;
    if (out && startIndex === undefined) startIndex = i;
    if (!out && startIndex !== undefined) close(i);
    previousOut = out;
  });
  close(buckets.length);
  return found;
}

const width = (buckets: readonly Bucket[]) => (buckets.length > 1 ? buckets[1]!.start - buckets[0]!.start : 100);

/** A bucket as it is written to the journal (histograms summarised). */
export interface BucketRecord {
  start_ms: number;
  due: number;
  expected: number;
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
    expected: b.expected,
    ok: b.ok,
    failed: b.failed,
    p50_ms: has ? ms(b.latency.getValueAtPercentile(50)) : null,
    p99_ms: has ? ms(b.latency.getValueAtPercentile(99)) : null,
    max_ms: has ? ms(b.latency.maxValue) : null,
  };
}
