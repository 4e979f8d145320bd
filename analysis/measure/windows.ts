/**
 * Windows of the run cut at the upgrade's marks, and what users saw in each: successful
 * throughput, error rate, latency percentiles, outages.
 *
 * The orchestrator marks the phases `upgrade` (the procedure starts) and `cool-down` (it ended);
 * `before` is the load's start to `upgrade`, `during` is `upgrade` to `cool-down`, `after` is
 * `cool-down` to the load's end. Without the marks the whole load is one `before` window.
 */
import { newHistogram, recordMs } from './buckets.ts';
import { isGood, type Outage } from './outages.ts';
import { succeeded, type RunEvent, type Sample } from './timeline.ts';
import { round } from '../round.ts';

export type WindowName = 'before' | 'during' | 'after' | 'all';

export interface Window {
  name: WindowName;
  start: number;
  end: number;
}

export function windowsFromMarks(events: readonly RunEvent[], loadStart: number, loadEnd: number): Window[] {
  const mark = (name: string) => events.find((e) => e.kind === 'phase' && e.name === name)?.t;
  const upgrade = mark('upgrade');
  const coolDown = mark('cool-down');
  const all: Window = { name: 'all', start: loadStart, end: loadEnd };
  if (upgrade === undefined) return [{ name: 'before', start: loadStart, end: loadEnd }, all];
  const upgradeEnd = Math.min(coolDown ?? loadEnd, loadEnd);
  return [
    { name: 'before', start: loadStart, end: Math.min(upgrade, loadEnd) },
    { name: 'during', start: Math.min(upgrade, loadEnd), end: upgradeEnd },
    { name: 'after', start: upgradeEnd, end: loadEnd },
    all,
  ];
}

export interface WindowStats {
  name: WindowName;
  start_s: number;
  end_s: number;
  requests: number;
  /** Good requests: succeeded within the latency cut-off. */
  ok: number;
  /** Requests that were not good (failed, or answered after the cut-off). */
  errors: number;
  error_rate: number | null;
  /** Successful requests per second over the whole window (null under 1 s). */
  throughput_rps: number | null;
  /** Successful requests per second over the window's time outside outages. */
  throughput_up_rps: number | null;
  latency_ms: {
    p50: number | null;
    p90: number | null;
    p99: number | null;
    /** p99.9 and p99.99 (absent in journals written before bench kept them). */
    p99_9?: number | null;
    p99_99?: number | null;
    max: number | null;
    samples: number;
  };
  outages: number;
  outage_s: number;
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const inside = (t: number, w: { start: number; end: number }) => t >= w.start && t < w.end;

/**
 * What users saw in one window: requests are counted by their intended send time; a request is
 * ok when it was good (succeeded within `maxLatencyMs`); latency percentiles are those of the
 * successful requests. Times in the result are seconds relative to `origin` (the load's start).
 */
export function windowStats(samples: readonly Sample[], window: Window, outageList: readonly Pick<Outage, 'start' | 'end'>[], origin = 0, maxLatencyMs = Infinity): WindowStats {
  const histogram = newHistogram();
  let requests = 0;
  let ok = 0;
  let okUp = 0;
  for (const s of samples) {
    if (!inside(s.intended, window)) continue;
    requests++;
    if (succeeded(s)) recordMs(histogram, s.latency);
    if (!isGood(s, maxLatencyMs)) continue;
    ok++;
    if (!outageList.some((o) => inside(s.intended, o))) okUp++;
  }
  const seconds = (window.end - window.start) / 1000;
  const outageMs = outageList.reduce((sum, o) => sum + overlap(o, window), 0);
  const upSeconds = seconds - outageMs / 1000;
  const has = histogram.totalCount > 0;
  const ms = (us: number) => round(us / 1000);
  return {
    name: window.name,
    start_s: round((window.start - origin) / 1000),
    end_s: round((window.end - origin) / 1000),
    requests,
    ok,
    errors: requests - ok,
    error_rate: requests > 0 ? round((requests - ok) / requests, 5) : null,
    throughput_rps: seconds >= 1 ? round(ok / seconds) : null,
    throughput_up_rps: upSeconds > 0.5 ? round(okUp / upSeconds) : null,
    latency_ms: {
      p50: has ? ms(histogram.getValueAtPercentile(50)) : null,
      p90: has ? ms(histogram.getValueAtPercentile(90)) : null,
      p99: has ? ms(histogram.getValueAtPercentile(99)) : null,
      p99_9: has ? ms(histogram.getValueAtPercentile(99.9)) : null,
      p99_99: has ? ms(histogram.getValueAtPercentile(99.99)) : null,
      max: has ? ms(histogram.maxValue) : null,
      samples: histogram.totalCount,
    },
    outages: outageList.filter((o) => overlap(o, window) > 0).length,
    outage_s: round(outageMs / 1000),
  };
}
