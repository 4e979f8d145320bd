/**
 * Availability judged per request, by its intended send time: what a user who wanted the page
 * then got. A request is good when it succeeded within the scenario's `slo.max_latency`, the
 * time a user waits before giving up. An outage window is a stretch of send time in which no
 * request was good: it opens at the send time of the first request of a run of not-good
 * requests and closes when service came back, at the earliest completion of a good request sent
 * after them. A stall whose answers come late but within the cut-off is latency, never an
 * outage; the backlog that drains after a stall is good service, not a second outage.
 */
import { completed, succeeded, type Sample } from './timeline.ts';

export interface Outage {
  start: number;
  end: number;
  duration: number;
  /** Requests due in the window that were not good. */
  requests: number;
}

export interface OutageOptions {
  /** A success slower than this (ms from its intended send time) is not good. */
  maxLatencyMs: number;
  /** Shorter windows are not outages (default 500 ms): a blip is an error, not lost service. */
  minDurationMs?: number;
  /** Fewer not-good requests in a row are not an outage (default 3): one failed request is an error. */
  minRequests?: number;
  /** Nothing is due after the load's end: a window still open then closes there. */
  loadEnd: number;
}

export const defaultMinOutageMs = 500;
export const defaultMinOutageRequests = 3;

export const isGood = (s: Sample, maxLatencyMs: number) => succeeded(s) && s.latency <= maxLatencyMs;

export function outageWindows(samples: readonly Sample[], o: OutageOptions): Outage[] {
  const minDuration = o.minDurationMs ?? defaultMinOutageMs;
  const minRequests = o.minRequests ?? defaultMinOutageRequests;
  const bySend = samples.filter((s) => s.intended < o.loadEnd).sort((a, b) => a.intended - b.intended);
  // comeback[i]: the earliest completion of a good request at or after index i in send order.
  const comeback = new Array<number>(bySend.length + 1).fill(Infinity);
  for (let i = bySend.length - 1; i >= 0; i--) {
    const s = bySend[i]!;
    comeback[i] = Math.min(comeback[i + 1]!, isGood(s, o.maxLatencyMs) ? completed(s) : Infinity);
  }
  const windows: Outage[] = [];
  let i = 0;
  while (i < bySend.length) {
    if (isGood(bySend[i]!, o.maxLatencyMs)) {
      i++;
      continue;
    }
    const first = i;
    while (i < bySend.length && !isGood(bySend[i]!, o.maxLatencyMs)) i++;
    const start = bySend[first]!.intended;
    const end = Math.min(comeback[i]!, o.loadEnd);
    // Each stretch qualifies on its own: a lone time-out while the backlog drains is no outage.
    if (end - start < minDuration || i - first < minRequests) continue;
    const last = windows.at(-1);
    // A slow good answer can close a window after the next one began: they are one window.
    if (last && start <= last.end) {
      last.end = Math.max(last.end, end);
      last.duration = last.end - last.start;
      last.requests += i - first;
    } else windows.push({ start, end, duration: end - start, requests: i - first });
  }
  return windows;
}
