/**
 * The outage so far, estimated live and cheaply (constant work per answer, on the load's path):
 * the outage measurement's rule (analysis/measure/outages.ts) applied to answers as they come,
 * in the order they complete rather than by send time. A run of at least `minRequests` answers
 * that were not good opens an outage at the earliest send time among them; the next good
 * answer closes it. The journal's measurement, made after the load, is the verdict.
 */
import { defaultMinOutageMs, defaultMinOutageRequests, isGood } from '../../analysis/measure/outages.ts';
import { completed, type Sample } from '../../analysis/measure/timeline.ts';

export interface OutageSoFar {
  /** Takes one answer (a sample, as the load reports it). */
  add(sample: Sample): void;
  /** Seconds of outage up to `now` (ms on the run's clock), the one still open included. */
  seconds(now: number): number;
}

export function outageSoFar(maxLatencyMs: number, o: { minMs?: number; minRequests?: number } = {}): OutageSoFar {
  const minMs = o.minMs ?? defaultMinOutageMs;
  const minRequests = o.minRequests ?? defaultMinOutageRequests;
  let closedMs = 0;
  let badInARow = 0;
  let openedAt = Infinity;
  const openMs = (until: number) => (badInARow >= minRequests && until - openedAt >= minMs ? until - openedAt : 0);
  return {
    add(sample) {
      if (isGood(sample, maxLatencyMs)) {
        closedMs += openMs(completed(sample));
        badInARow = 0;
        openedAt = Infinity;
      } else {
        badInARow++;
        openedAt = Math.min(openedAt, sample.intended);
      }
    },
    seconds: (now) => (closedMs + openMs(now)) / 1000,
  };
}
