// Calibration (3): repeated fault-free runs agree with each other and report no impact, and
// the bench's latencies agree with HAProxy's own per-request timings (Ta, from its log) for the
// same requests, for page views and for api.php edits.
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import type { ScenarioResult } from '../../harness/run-result.ts';
import { runScenario } from '../../harness/run.ts';
import { calibrationScenario, progress, quietHost } from './measure-calibration.ts';

let docker: Engine;
beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35']), progress);
});

describe('repeated fault-free runs', () => {
  it('three runs report no impact, agree on throughput and p50, and agree with HAProxy within 10%', async () => {
    const runs: ScenarioResult[] = [];
    for (let i = 0; i < 3; i++) {
      progress(`host load average ${(await quietHost()).toFixed(1)}`);
      runs.push(
        await runScenario({ docker, scenario: calibrationScenario('calib-repeat', { rate: 10, duration: '30s', startAfter: '10s', seed: 21 }), file: 'test/docker/measure-repeat.test.ts', progress }),
      );
    }
    const rows = runs.map((r) => ({
      run: r.run_id,
      valid: r.valid,
      warnings: r.self_check.warnings.join('; '),
      requests: r.summary.requests,
      errors: r.summary.errors,
      rps: r.summary.throughput_rps,
      p50: r.summary.latency_ms.p50,
      p99: r.summary.latency_ms.p99,
      outage_s: r.summary.outage_s,
      impacts: (r.unreported_impacts ?? r.summary.impacts).join(','),
      cross: r.cross_check.map((a) => `${a.kind} p50 ${a.bench_ms.p50}/${a.haproxy_ms.p50} p99 ${a.bench_ms.p99}/${a.haproxy_ms.p99}`).join('; '),
    }));
    console.table(rows);
    const p50s = rows.map((r) => r.p50!);
    const rps = rows.map((r) => r.rps!);
    progress(`p50 mean ${mean(p50s).toFixed(1)} ms, sd ${sampleStandardDeviation(p50s).toFixed(1)}; throughput mean ${mean(rps).toFixed(2)} req/s, sd ${sampleStandardDeviation(rps).toFixed(2)}`);
    for (const r of runs) {
      expect(r.valid, r.invalid_reasons.join('; ')).toBe(true);
      expect(r.summary.impacts).toEqual([]);
      // A host hiccup can leave one minimal window (0.5 s at 6 req/s): within the outage tolerance.
      expect(r.summary.outage_s).toBeLessThanOrEqual(0.5);
      expect(r.summary.lost_writes).toBe(0);
      expect(r.summary.changed_writes).toBe(0);
      expect(r.slo.verdict).toBe('pass');
      for (const kind of ['read', 'edit']) {
        const a = r.cross_check.find((x) => x.kind === kind);
        expect(a, `${kind} requests matched in HAProxy's log`).toBeDefined();
        expect(a!.matched).toBeGreaterThan(kind === 'read' ? 100 : 8);
        // Only the percentiles the samples support (at least 10 samples beyond them).
        expect(a!.judged).toContain('p50');
        for (const p of a!.judged) expect(Math.abs(a!.diff[p]), `${kind} ${p} ${a!.bench_ms[p]} vs HAProxy ${a!.haproxy_ms[p]} (${a!.matched} samples)`).toBeLessThanOrEqual(0.1);
      }
    }
    // The runs agree: throughput within 2% of each other (open loop); p50 within a factor 2 (the
    // host is shared: measured 68-107 ms over three runs, sd 20 ms).
    expect(Math.max(...rps) / Math.min(...rps)).toBeLessThan(1.02);
    expect(Math.max(...p50s) / Math.min(...p50s)).toBeLessThan(2);
  });
});
