/**
 * Impact classification: what a run did to its users, against a fault-free baseline run of the
 * same scenario (or, for a run without a fault, against its own `before` window and absolute
 * rules). The five categories of DESIGN.md, each with its evidence. Thresholds are data.
 */
import type { WindowStats } from './windows.ts';

export const impactNames = ['full-outage', 'degraded-throughput', 'increased-latency', 'latent-error', 'security-vulnerability'] as const;
export type ImpactName = (typeof impactNames)[number];

export interface Impact {
  name: ImpactName;
  evidence: string[];
}

/** What the post-run checks found, as the classification needs it. */
export interface CheckFindings {
  acknowledged: number;
  lost: number;
  changed: number;
  /** Writes whose read-back did not answer (neither found nor known missing). */
  unknown: number;
  security: Array<{ id: string; evidence: string }>;
}

/** What one run measured, as the classification needs it. */
export interface RunMeasurement {
  windows: WindowStats[];
  outages: Array<{ start_s: number; end_s: number; duration_s: number }>;
  outage_s: number;
  checks?: CheckFindings;
}

export interface Thresholds {
  /** full-outage: outage time beyond the reference's by more than this many seconds. */
  outageToleranceS: number;
  /** degraded-throughput: successful req/s (outside outages) below (1 - this) of the reference. */
  throughputDrop: number;
  /** increased-latency: p50 above both ratio × and + abs ms of the reference's p50... */
  p50Ratio: number;
  p50AbsMs: number;
  /** ...or p99 above ratio ×, + abs ms of the reference's p99, and above the SLO's p99. */
  p99Ratio: number;
  p99AbsMs: number;
  sloP99Ms: number;
  /** Windows shorter than this, or with fewer successful samples, are not compared. */
  minWindowS: number;
  minSamples: number;
}

export const defaultThresholds: Thresholds = {
  outageToleranceS: 0.5,
  throughputDrop: 0.1,
  p50Ratio: 1.5,
  p50AbsMs: 50,
  p99Ratio: 2,
  p99AbsMs: 250,
  sloP99Ms: 2000,
  minWindowS: 2,
  minSamples: 20,
};

const windowOf = (m: RunMeasurement, name: string) => m.windows.find((w) => w.name === name);
const comparable = (w: WindowStats | undefined, t: Thresholds): w is WindowStats => !!w && w.end_s - w.start_s >= t.minWindowS && w.latency_ms.samples >= t.minSamples;

/**
 * The impacts of `run`. With a `baseline`, each window is compared with the baseline's window
 * of the same name (its `all` window when that one is too short); without, `during` and `after`
 * are compared with the run's own `before`, outages and lost writes count from zero, and every
 * security finding counts.
 */
export function classifyImpacts(run: RunMeasurement, baseline: RunMeasurement | undefined, thresholds: Partial<Thresholds> = {}): Impact[] {
  const t = { ...defaultThresholds, ...thresholds };
  const impacts: Impact[] = [];
  const add = (name: ImpactName, evidence: string[]) => evidence.length > 0 && impacts.push({ name, evidence });

  // Full outage: windows in which (nearly) nothing succeeded.
  const referenceOutage = baseline?.outage_s ?? 0;
  if (run.outage_s > referenceOutage + t.outageToleranceS) {
    add('full-outage', [
      `${run.outages.length} outage window(s), ${run.outage_s.toFixed(1)} s in total (${baseline ? `baseline ${referenceOutage.toFixed(1)} s` : 'no baseline: any outage counts'})`,
      ...run.outages.map((o) => `no service from ${o.start_s.toFixed(1)} s to ${o.end_s.toFixed(1)} s (${o.duration_s.toFixed(1)} s)`),
    ]);
  }

  const throughput: string[] = [];
  const latency: string[] = [];
  for (const name of ['during', 'after'] as const) {
    const w = windowOf(run, name);
    if (!comparable(w, t)) continue;
    const referenceWindow = baseline ? (comparable(windowOf(baseline, name), t) ? windowOf(baseline, name)! : windowOf(baseline, 'all')) : windowOf(run, 'before');
    if (!comparable(referenceWindow, t)) continue;
    const against = baseline ? `baseline ${referenceWindow.name}` : 'this run before the upgrade';

    const rps = w.throughput_up_rps;
    const refRps = referenceWindow.throughput_up_rps;
    if (rps !== null && refRps !== null && rps < (1 - t.throughputDrop) * refRps) {
      throughput.push(`${name}: ${rps.toFixed(1)} successful req/s outside outages, ${against} ${refRps.toFixed(1)} (-${(100 * (1 - rps / refRps)).toFixed(0)}%, threshold -${(100 * t.throughputDrop).toFixed(0)}%); error rate ${fmtRate(w.error_rate)}`);
    }

    const { p50, p99 } = w.latency_ms;
    const ref = referenceWindow.latency_ms;
    if (p50 !== null && ref.p50 !== null && p50 > Math.max(t.p50Ratio * ref.p50, ref.p50 + t.p50AbsMs)) {
      latency.push(`${name}: p50 ${p50.toFixed(0)} ms, ${against} ${ref.p50.toFixed(0)} ms (+${(p50 - ref.p50).toFixed(0)} ms)`);
    }
    if (p99 !== null && ref.p99 !== null && p99 > Math.max(t.p99Ratio * ref.p99, ref.p99 + t.p99AbsMs, t.sloP99Ms)) {
      latency.push(`${name}: p99 ${p99.toFixed(0)} ms, ${against} ${ref.p99.toFixed(0)} ms, SLO ${t.sloP99Ms} ms`);
    }
  }
  add('degraded-throughput', throughput);
  add('increased-latency', latency);

  const checks = run.checks;
  if (checks) {
    const refLost = (baseline?.checks?.lost ?? 0) + (baseline?.checks?.changed ?? 0);
    if (checks.lost + checks.changed > refLost) {
      add('latent-error', [
        `${checks.lost} of ${checks.acknowledged} acknowledged writes missing, ${checks.changed} changed${baseline ? ` (baseline: ${refLost})` : ''}`,
      ]);
    }
    const known = new Set(baseline?.checks?.security.map((f) => f.id) ?? []);
    add('security-vulnerability', checks.security.filter((f) => !known.has(f.id)).map((f) => `${f.id}: ${f.evidence}`));
  }
  return impacts;
}

const fmtRate = (r: number | null) => (r === null ? 'n/a' : `${(100 * r).toFixed(2)}%`);

export type Verdict = 'pass' | 'fail' | 'unknown';

export interface SloResult {
  verdict: Verdict;
  checks: Array<{ name: 'availability' | 'p99'; verdict: Verdict; value: number | null; limit: number; detail: string }>;
}

/**
 * The scenario's SLOs over the whole load: availability (successful share of requests) and p99
 * latency. Three-valued: unknown when nothing was measured or the run is invalid; unknown never
 * reads as pass.
 */
export function checkSlo(all: WindowStats | undefined, slo: { availability: number; p99: number }, invalid?: string): SloResult {
  if (invalid || !all || all.requests === 0) {
    const why = invalid ? `run invalid: ${invalid}` : 'no requests measured';
    return {
      verdict: 'unknown',
      checks: [
        { name: 'availability', verdict: 'unknown', value: null, limit: slo.availability, detail: why },
        { name: 'p99', verdict: 'unknown', value: null, limit: slo.p99, detail: why },
      ],
    };
  }
  const availability = all.ok / all.requests;
  const a: Verdict = availability >= slo.availability ? 'pass' : 'fail';
  const p99 = all.latency_ms.p99;
  const p: Verdict = p99 === null ? 'unknown' : p99 <= slo.p99 ? 'pass' : 'fail';
  const checks: SloResult['checks'] = [
    { name: 'availability', verdict: a, value: availability, limit: slo.availability, detail: `${all.ok}/${all.requests} succeeded (${(100 * availability).toFixed(3)}%, needs ${(100 * slo.availability).toFixed(3)}%)` },
    { name: 'p99', verdict: p, value: p99, limit: slo.p99, detail: p99 === null ? 'no successful request' : `p99 ${p99.toFixed(0)} ms (limit ${slo.p99} ms)` },
  ];
  const verdict: Verdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'unknown') ? 'unknown' : 'pass';
  return { verdict, checks };
}
