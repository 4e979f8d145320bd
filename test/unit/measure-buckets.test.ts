// Buckets, outage windows and window statistics on literal, hand-checked timelines.
import { describe, expect, it } from 'vitest';
import { bucketize, measureRun, outages, successRatios, windowStats } from '../../analysis/measure/index.ts';
import type { RunEvent, Sample } from '../../harness/timeline.ts';

const ok = (intended: number, latency: number, kind: Sample['kind'] = 'read'): Sample => ({ intended, sent: intended, latency, kind, outcome: '2xx', status: 200 });
const fail = (intended: number, latency: number, outcome: Sample['outcome'] = 'refused'): Sample => ({ intended, sent: intended, latency, kind: 'read', outcome });

/** An open-loop load: one request every `every` ms from `from` to `to`, answered in `latency` ms. */
const steady = (from: number, to: number, every: number, latency: (t: number) => number, outcome: (t: number) => Sample['outcome'] = () => '2xx'): Sample[] => {
  const out: Sample[] = [];
  for (let t = from; t < to; t += every) out.push({ intended: t, sent: t, latency: latency(t), kind: 'read', outcome: outcome(t), status: outcome(t) === '2xx' ? 200 : undefined });
  return out;
};

describe('bucketize', () => {
  it('counts due by intended time, answers by completion time, latency of successes by intended time', () => {
    const samples = [ok(10, 20), ok(50, 130), fail(90, 5), ok(150, 400)];
    const b = bucketize(samples, { width: 100, from: 0, to: 600 });
    expect(b.map((x) => x.start)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(b.map((x) => x.due)).toEqual([3, 1, 0, 0, 0, 0]);
    // completions: 30 (ok), 180 (ok), 95 (failed), 550 (ok)
    expect(b.map((x) => x.ok)).toEqual([1, 1, 0, 0, 0, 1]);
    expect(b.map((x) => x.failed)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(b[0]!.latency.totalCount).toBe(2);
    expect(b[0]!.latency.maxValue / 1000).toBeCloseTo(130, 0);
    expect(b[1]!.latency.getValueAtPercentile(50) / 1000).toBeCloseTo(400, 0);
  });

  it('shifts the expected answers by the typical latency', () => {
    const b = bucketize([ok(0, 10), ok(50, 10)], { width: 100, from: 0, to: 300, expectedShiftMs: 120 });
    expect(b.map((x) => x.expected)).toEqual([0, 2, 0]);
  });
});

describe('outages', () => {
  it('finds one window where HAProxy was paused for 5 s, as long as the pause', () => {
    // 25 req/s, 40 ms answers; from 10 s to 15 s nothing answers: requests in flight or due then
    // are answered at 15 s.
    const samples = steady(0, 30_000, 40, (t) => (t + 40 >= 10_000 && t < 15_000 ? 15_000 - t + 40 : 40));
    const m = measureRun({ samples, events: [], loadStart: 0, loadEnd: 30_000, loop: 'open' });
    expect(m.outages).toHaveLength(1);
    expect(m.outages[0]!.start_s).toBe(10);
    expect(m.outages[0]!.duration_s).toBeGreaterThanOrEqual(4.9);
    expect(m.outages[0]!.duration_s).toBeLessThanOrEqual(5.1);
    expect(m.outage_s).toBe(m.outages[0]!.duration_s);
    // The stalled requests succeeded in the end: no errors, but a p99 near 5 s.
    const all = m.windows.find((w) => w.name === 'all')!;
    expect(all.errors).toBe(0);
    expect(all.latency_ms.max).toBeGreaterThan(4900);
  });

  it('finds an outage of refused requests, and a fault-free load has none', () => {
    const refused = steady(0, 20_000, 50, () => 30, (t) => (t >= 5_000 && t < 8_000 ? 'refused' : '2xx'));
    const m = measureRun({ samples: refused, events: [], loadStart: 0, loadEnd: 20_000, loop: 'open' });
    expect(m.outages.map((o) => [o.start_s, o.end_s])).toEqual([[5, 8]]);
    const clean = measureRun({ samples: steady(0, 20_000, 50, (t) => 30 + ((t * 7) % 90)), events: [], loadStart: 0, loadEnd: 20_000, loop: 'open' });
    expect(clean.outages).toEqual([]);
  });

  it('ignores runs of bad buckets shorter than the minimum', () => {
    const samples = steady(0, 10_000, 50, () => 20, (t) => (t >= 3_000 && t < 3_300 ? '5xx' : '2xx'));
    const b = bucketize(samples, { width: 100, from: 0, to: 10_000, expectedShiftMs: 20 });
    expect(outages(b, { loop: 'open', minDurationMs: 500 })).toEqual([]);
    expect(outages(b, { loop: 'open', minDurationMs: 200 })).toEqual([{ start: 3000, end: 3300, duration: 300 }]);
  });

  it('a bucket with nothing due takes the state of the one before', () => {
    const b = bucketize([ok(0, 10), fail(100, 10), fail(300, 10), ok(400, 10)], { width: 100, from: 0, to: 500 });
    expect(successRatios(b, 'open')).toEqual([1, 0, null, 0, 1]);
    expect(outages(b, { loop: 'open', minDurationMs: 100 })).toEqual([{ start: 100, end: 400, duration: 300 }]);
  });

  it('at a low rate, a step up in latency is not an outage (from a real 6 req/s run)', () => {
    // Seen on the testbed: 300 ms of sleep added at 13 s; answers arrive 280 ms later from then on.
    const samples = steady(1, 25_000, 1000 / 6, (t) => (t < 13_000 ? 110 : 390));
    const m = measureRun({ samples, events: [], loadStart: 0, loadEnd: 25_000, loop: 'open' });
    expect(m.outages).toEqual([]);
    const b = bucketize([ok(0, 10), fail(100, 10), ok(150, 160)], { width: 100, from: 0, to: 400 });
    // bucket 3 has nothing due but an answer came in it: it does not continue the bad bucket 1.
    expect(successRatios(b, 'open')).toEqual([1, 0, null, null]);
    expect(outages(b, { loop: 'open', minDurationMs: 100 })).toEqual([{ start: 100, end: 300, duration: 200 }]);
  });

  it('closed loop: a bucket is out when its answers fall below the median answers per bucket', () => {
    // 4 answers per 100 ms, then nothing for 1 s.
    const samples = [...steady(0, 2_000, 25, () => 20), ...steady(3_000, 5_000, 25, () => 20)];
    const m = measureRun({ samples, events: [], loadStart: 0, loadEnd: 5_000, loop: 'closed' });
    expect(m.outages).toEqual([{ start_s: 2, end_s: 3, duration_s: 1 }]);
  });
});

describe('windows from the upgrade marks', () => {
  const events: RunEvent[] = [
    { t: 0, kind: 'phase', name: 'warm-up' },
    { t: 4_000, kind: 'phase', name: 'upgrade' },
    { t: 4_500, kind: 'step-start', name: 'migrate-schema' },
    { t: 7_000, kind: 'phase', name: 'cool-down' },
  ];
  it('cuts before/during/after and computes throughput, errors and percentiles in each', () => {
    const samples = steady(0, 10_000, 100, (t) => (t >= 4_000 && t < 7_000 ? 300 : 50), (t) => (t >= 4_000 && t < 5_000 ? '5xx' : '2xx'));
    const m = measureRun({ samples, events, loadStart: 0, loadEnd: 10_000, loop: 'open' });
    const [before, during, after, all] = m.windows;
    expect([before!.name, during!.name, after!.name, all!.name]).toEqual(['before', 'during', 'after', 'all']);
    expect([before!.start_s, before!.end_s, during!.end_s, after!.end_s]).toEqual([0, 4, 7, 10]);
    expect(before).toMatchObject({ requests: 40, ok: 40, errors: 0, throughput_rps: 10 });
    expect(before!.latency_ms.p50).toBeCloseTo(50, 0);
    expect(during).toMatchObject({ requests: 30, ok: 20, errors: 10, error_rate: 0.33333 });
    expect(during!.latency_ms.p50).toBeCloseTo(300, 0);
    expect(during!.throughput_rps).toBeCloseTo(20 / 3, 2);
    expect(after!.latency_ms.p99).toBeCloseTo(50, 0);
    expect(all!.requests).toBe(100);
  });

  it('without marks the whole load is one window', () => {
    const w = windowStats([ok(0, 10), ok(500, 30)], { name: 'before', start: 0, end: 1000 }, []);
    expect(w).toMatchObject({ requests: 2, ok: 2, throughput_rps: 2 });
    expect(w.latency_ms.max).toBeCloseTo(30, 1);
    const m = measureRun({ samples: [ok(0, 10)], events: [], loadStart: 0, loadEnd: 1000, loop: 'open' });
    expect(m.windows.map((x) => x.name)).toEqual(['before', 'all']);
  });
});
