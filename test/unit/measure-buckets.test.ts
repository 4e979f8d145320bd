// Buckets, outage windows and window statistics on literal, hand-checked timelines.
import { describe, expect, it } from 'vitest';
import { bucketize, measureRun, outageWindows, windowStats } from '../../analysis/measure/index.ts';
import type { RunEvent, Sample } from '../../analysis/measure/timeline.ts';

const ok = (intended: number, latency: number, kind: Sample['kind'] = 'read'): Sample => ({ intended, sent: intended, latency, kind, outcome: '2xx', status: 200 });
const fail = (intended: number, latency: number, outcome: Sample['outcome'] = 'refused'): Sample => ({ intended, sent: intended, latency, kind: 'read', outcome });

/** An open-loop load: one request every `every` ms from `from` to `to`, answered in `latency` ms. */
const steady = (from: number, to: number, every: number, latency: (t: number) => number, outcome: (t: number) => Sample['outcome'] = () => '2xx'): Sample[] => {
  const out: Sample[] = [];
  for (let t = from; t < to; t += every) out.push({ intended: t, sent: t, latency: latency(t), kind: 'read', outcome: outcome(t), status: outcome(t) === '2xx' ? 200 : undefined });
  return out;
};

describe('bucketize', () => {
  it('counts due and good by intended time, answers by completion time, latency of successes by intended time', () => {
    const samples = [ok(10, 20), ok(50, 130), fail(90, 5), ok(150, 400)];
    const b = bucketize(samples, { width: 100, from: 0, to: 600, maxLatencyMs: 300 });
    expect(b.map((x) => x.start)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(b.map((x) => x.due)).toEqual([3, 1, 0, 0, 0, 0]);
    // 150 + 400 ms succeeded after the 300 ms cut-off: due, successful, not good.
    expect(b.map((x) => x.good)).toEqual([2, 0, 0, 0, 0, 0]);
    // completions: 30 (ok), 180 (ok), 95 (failed), 550 (ok)
    expect(b.map((x) => x.ok)).toEqual([1, 1, 0, 0, 0, 1]);
    expect(b.map((x) => x.failed)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(b[0]!.latency.totalCount).toBe(2);
    expect(b[0]!.latency.maxValue / 1000).toBeCloseTo(130, 0);
    expect(b[1]!.latency.getValueAtPercentile(50) / 1000).toBeCloseTo(400, 0);
  });
});

const measure = (samples: Sample[], loadEnd: number, maxLatencyMs = 2000) => measureRun({ samples, events: [], loadStart: 0, loadEnd, maxLatencyMs });

describe('outage windows by send time', () => {
  // 25 req/s, 40 ms answers; from 10 s nothing answers for `pause` ms: requests due then (or in
  // flight) are answered when it ends, or time out at the 2 s cut-off as the load client does.
  const paused = (pause: number, cutOff = 2000) =>
    steady(
      0,
      30_000,
      40,
      (t) => {
        const wait = t + 40 >= 10_000 && t < 10_000 + pause ? 10_000 + pause - t + 40 : 40;
        return Math.min(wait, cutOff);
      },
      (t) => (t + 40 >= 10_000 && t < 10_000 + pause && 10_000 + pause - t + 40 > cutOff ? 'timeout' : '2xx'),
    );

  it('a 5 s pause of the ingress is one window of 5 s, although requests due in its last 2 s were served late', () => {
    const m = measure(paused(5000), 30_000);
    expect(m.outages).toHaveLength(1);
    expect(m.outages[0]!.start_s).toBeCloseTo(10, 1);
    expect(m.outages[0]!.duration_s).toBeGreaterThanOrEqual(4.9);
    expect(m.outages[0]!.duration_s).toBeLessThanOrEqual(5.1);
    expect(m.outage_s).toBe(m.outages[0]!.duration_s);
    const all = m.windows.find((w) => w.name === 'all')!;
    expect(all.latency_ms.max).toBeGreaterThan(1900);
  });

  it('a 3 s pause is one window of 3 s; a pause shorter than the cut-off is latency, not an outage', () => {
    const three = measure(paused(3000), 30_000);
    expect(three.outages.map((o) => o.duration_s)).toHaveLength(1);
    expect(Math.abs(three.outages[0]!.duration_s - 3)).toBeLessThanOrEqual(0.1);
    const short = measure(paused(800), 30_000);
    expect(short.outages).toEqual([]);
    expect(short.windows.find((w) => w.name === 'all')!.errors).toBe(0);
    expect(short.windows.find((w) => w.name === 'all')!.latency_ms.max).toBeGreaterThan(780);
  });

  it('the backlog draining after a stall is good service, not a second window', () => {
    // Served 1.1-1.5 s late after a 5 s pause (as seen on the testbed): all within the cut-off.
    const samples = [
      ...steady(0, 10_000, 50, () => 40),
      ...steady(
        10_000,
        15_000,
        50,
        () => 3000,
        () => 'timeout',
      ),
      ...steady(15_000, 17_000, 50, (t) => 1500 - (t - 15_000) / 5),
      ...steady(17_000, 30_000, 50, () => 40),
    ];
    const m = measure(samples, 30_000);
    expect(m.outages).toHaveLength(1);
    expect(m.outages[0]!.start_s).toBe(10);
    expect(m.outages[0]!.end_s).toBeCloseTo(16.5, 1);
  });

  it('refused requests for 3 s: one window of 3 s; a fault-free load has none', () => {
    const refused = steady(
      0,
      20_000,
      50,
      () => 30,
      (t) => (t >= 5_000 && t < 8_000 ? 'refused' : '2xx'),
    );
    const m = measure(refused, 20_000);
    expect(m.outages.map((o) => [o.start_s, o.end_s])).toEqual([[5, 8.03]]);
    expect(
      measure(
        steady(0, 20_000, 50, (t) => 30 + ((t * 7) % 90)),
        20_000,
      ).outages,
    ).toEqual([]);
  });

  it('one of two frontends failing (every other request) is no outage', () => {
    const m = measure(
      steady(
        0,
        20_000,
        50,
        () => 30,
        (t) => (t >= 5_000 && t < 15_000 && (t / 50) % 2 === 0 ? '5xx' : '2xx'),
      ),
      20_000,
    );
    expect(m.outages).toEqual([]);
    expect(m.windows.find((w) => w.name === 'all')!.errors).toBe(100);
  });

  it('a window needs 500 ms and 3 not-good requests in a row', () => {
    const samples = steady(
      0,
      10_000,
      50,
      () => 20,
      (t) => (t >= 3_000 && t < 3_300 ? '5xx' : '2xx'),
    );
    expect(measure(samples, 10_000).outages).toEqual([]);
    expect(outageWindows(samples, { maxLatencyMs: 2000, loadEnd: 10_000, minDurationMs: 200 })).toEqual([{ start: 3000, end: 3320, duration: 320, requests: 6 }]);
    // At 1 req/s one failed request spans a second: still an error, not an outage.
    const slow = steady(
      0,
      10_000,
      1000,
      () => 20,
      (t) => (t === 4000 ? '5xx' : '2xx'),
    );
    expect(measure(slow, 10_000).outages).toEqual([]);
  });

  it('a success slower than the cut-off is not good; a window open at the load end closes there', () => {
    const late = steady(0, 10_000, 100, (t) => (t >= 6_000 ? 2500 : 40));
    const m = measure(late, 10_000);
    expect(m.outages).toEqual([{ start_s: 6, end_s: 10, duration_s: 4 }]);
    expect(m.windows.find((w) => w.name === 'all')!.errors).toBe(40);
  });

  it('at a low rate, a step up in latency is not an outage (from a real 6 req/s run)', () => {
    // Seen on the testbed: 300 ms of sleep added at 13 s; answers arrive 280 ms later from then on.
    expect(
      measure(
        steady(1, 25_000, 1000 / 6, (t) => (t < 13_000 ? 110 : 390)),
        25_000,
      ).outages,
    ).toEqual([]);
  });

  it('closed loop: a stalled connection sends nothing, its time-out is the bad request', () => {
    // 4 connections, 20 ms answers; from 2 s on, 1 s of nothing, each connection's request
    // times out at a 500 ms cut-off, the next one is answered when the stall ends at 3 s.
    const samples = [...steady(0, 2_000, 5, () => 20), ...[0, 1, 2, 3].flatMap((c) => [fail(2_000 + c, 500, 'timeout'), ok(2_500 + c, 500)]), ...steady(3_000, 5_000, 5, () => 20)];
    const m = measure(samples, 5_000, 500);
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
    const samples = steady(
      0,
      10_000,
      100,
      (t) => (t >= 4_000 && t < 7_000 ? 300 : 50),
      (t) => (t >= 4_000 && t < 5_000 ? '5xx' : '2xx'),
    );
    const m = measureRun({ samples, events, loadStart: 0, loadEnd: 10_000, maxLatencyMs: 2000 });
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
    const m = measureRun({ samples: [ok(0, 10)], events: [], loadStart: 0, loadEnd: 1000, maxLatencyMs: 2000 });
    expect(m.windows.map((x) => x.name)).toEqual(['before', 'all']);
  });
});
