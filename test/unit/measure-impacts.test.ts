// Impact classification and SLO verdicts on literal measurements.
import { describe, expect, it } from 'vitest';
import { checkSlo, classifyImpacts, type RunMeasurement, type WindowStats } from '../../analysis/measure/index.ts';

const window = (name: WindowStats['name'], start_s: number, end_s: number, o: { rps?: number; p50?: number; p99?: number; errors?: number; outage_s?: number } = {}): WindowStats => {
  const seconds = end_s - start_s;
  const ok = Math.round((o.rps ?? 25) * seconds);
  const errors = o.errors ?? 0;
  return {
    name,
    start_s,
    end_s,
    requests: ok + errors,
    ok,
    errors,
    error_rate: errors / (ok + errors),
    throughput_rps: o.rps ?? 25,
    throughput_up_rps: o.rps ?? 25,
    latency_ms: { p50: o.p50 ?? 40, p90: 60, p99: o.p99 ?? 120, max: 300, samples: ok },
    outages: 0,
    outage_s: o.outage_s ?? 0,
  };
};

const run = (
  o: { during?: Parameters<typeof window>[3]; after?: Parameters<typeof window>[3]; outages?: RunMeasurement['outages']; lost?: number | null; changed?: number | null } = {},
): RunMeasurement => {
  const outages = o.outages ?? [];
  return {
    windows: [window('before', 0, 10), window('during', 10, 20, o.during), window('after', 20, 30, o.after), window('all', 0, 30)],
    outages,
    outage_s: outages.reduce((s, x) => s + x.duration_s, 0),
    writes: { acknowledged: 75, atRisk: 50, lost: o.lost === undefined ? 0 : o.lost, changed: o.changed === undefined ? 0 : o.changed },
  };
};

/** The impacts the fault caused (all of them without a baseline). */
const names = (m: RunMeasurement, baseline?: RunMeasurement) =>
  classifyImpacts(m, baseline)
    .filter((i) => !baseline || i.cause === 'fault')
    .map((i) => i.name);

describe('classifyImpacts', () => {
  it('a run like its baseline has no impact', () => {
    expect(names(run(), run())).toEqual([]);
    expect(names(run({ during: { p50: 55, p99: 200, rps: 24 } }), run())).toEqual([]);
    expect(names(run())).toEqual([]);
  });

  it('full outage: outage time beyond the baseline, with the windows as evidence', () => {
    const impacts = classifyImpacts(run({ outages: [{ start_s: 12, end_s: 17, duration_s: 5 }] }), run());
    expect(impacts.map((i) => i.name)).toEqual(['full-outage']);
    expect(impacts[0]!.evidence.join('\n')).toContain('from 12.0 s to 17.0 s (5.0 s)');
    // The same outage in the baseline (the strategy's own downtime) is not the fault's impact.
    const both = run({ outages: [{ start_s: 12, end_s: 17, duration_s: 5 }] });
    expect(names(both, both)).toEqual([]);
    expect(classifyImpacts(both, both).map((i) => [i.name, i.cause])).toEqual([['full-outage', 'upgrade']]);
    expect(classifyImpacts(both, undefined).map((i) => [i.name, i.cause])).toEqual([['full-outage', 'upgrade']]);
  });

  it('cause: fault when the baseline does not show the impact at all, even within the thresholds of it', () => {
    // The run's during window is 15% under its before window; the baseline's is 8% under (no
    // impact of its own): against each other only 7.6% apart, yet only the fault run has it.
    const impacts = classifyImpacts(run({ during: { rps: 21.25 } }), run({ during: { rps: 23 } }));
    expect(impacts.map((i) => [i.name, i.cause])).toEqual([['degraded-throughput', 'fault']]);
    expect(impacts[0]!.evidence.at(-1)).toBe('the fault-free baseline does not show it');
    // When the baseline shows it as well, it is the upgrade's.
    expect(classifyImpacts(run({ during: { rps: 21.25 } }), run({ during: { rps: 21.5 } })).map((i) => [i.name, i.cause])).toEqual([['degraded-throughput', 'upgrade']]);
  });

  it('degraded throughput: successful req/s outside outages 10% below the reference', () => {
    expect(names(run({ during: { rps: 20, errors: 50 } }), run())).toEqual(['degraded-throughput']);
    expect(names(run({ during: { rps: 23 } }), run())).toEqual([]);
  });

  it('increased latency: p50 +50% and +50 ms, or p99 2x, +250 ms and above the SLO', () => {
    const slow = classifyImpacts(run({ after: { p50: 340 } }), run());
    expect(slow.map((i) => i.name)).toEqual(['increased-latency']);
    expect(slow[0]!.evidence[0]).toMatch(/after: p50 340 ms, baseline after 40 ms \(\+300 ms\)/);
    expect(names(run({ after: { p50: 80 } }), run())).toEqual([]); // +40 ms: under the absolute floor
    expect(names(run({ after: { p99: 1500 } }), run())).toEqual([]); // under the SLO's 2 s
    expect(names(run({ after: { p99: 2500 } }), run())).toEqual(['increased-latency']);
    // Without a baseline the run's own before window is the reference.
    expect(names(run({ during: { p50: 340 } }))).toEqual(['increased-latency']);
  });

  it('latent error: acknowledged writes missing or changed', () => {
    const impacts = classifyImpacts(run({ lost: 3, changed: 1 }), run());
    expect(impacts).toEqual([{ name: 'latent-error', cause: 'fault', evidence: ['3 of 75 acknowledged writes missing, 1 changed (baseline: 0)'] }]);
    // Not measured (too few writes at risk): no verdict either way.
    expect(names(run({ lost: null, changed: null }), run())).toEqual([]);
  });

  it('security vulnerability: as the attributed findings give it', () => {
    const security = { cause: 'fault' as const, evidence: ['php-executes-in-images (high, fault): executed'] };
    expect(classifyImpacts(run(), run(), {}, security)).toEqual([{ name: 'security-vulnerability', ...security }]);
    expect(classifyImpacts(run(), run(), {}, undefined)).toEqual([]);
  });

  it('short windows are not compared', () => {
    const m = run({ during: { p50: 900 } });
    m.windows[1] = { ...m.windows[1]!, end_s: 11 };
    expect(names(m, run())).toEqual([]);
  });
});

describe('checkSlo', () => {
  const all = window('all', 0, 30, { p99: 120 });
  const slo = { availability: 0.999, p99: 2000, lost_writes: 0 };
  const writes = { acknowledged: 40, atRisk: 30, lost: 0, changed: 0 };
  it('passes, fails, and is unknown without samples or on an invalid run', () => {
    expect(checkSlo(all, slo, writes).verdict).toBe('pass');
    expect(checkSlo({ ...all, errors: 10, requests: all.requests + 10 }, slo, writes).verdict).toBe('fail');
    expect(checkSlo(all, { ...slo, p99: 100 }, writes).verdict).toBe('fail');
    expect(checkSlo({ ...all, requests: 0, ok: 0 }, slo, writes).verdict).toBe('unknown');
    const invalid = checkSlo(all, slo, writes, 'achieved 60% of the intended rate');
    expect(invalid.verdict).toBe('unknown');
    expect(invalid.checks[0]!.detail).toContain('run invalid');
  });

  it('lost writes: more lost or changed than slo.lost_writes fail; too few at risk is unknown, never a pass', () => {
    expect(checkSlo(all, slo, { ...writes, changed: 1 }).verdict).toBe('fail');
    expect(checkSlo(all, { ...slo, lost_writes: 2 }, { ...writes, lost: 1, changed: 1 }).verdict).toBe('pass');
    const few = checkSlo(all, slo, { acknowledged: 12, atRisk: 9, lost: null, changed: null });
    expect(few.verdict).toBe('unknown');
    expect(few.checks.find((c) => c.name === 'lost_writes')!.detail).toContain('not measured: 9 acknowledged writes at risk');
  });
});
