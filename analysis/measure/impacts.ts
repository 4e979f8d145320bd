/**
 * Impact classification: what a run did to its users. Each impact is attributed to its cause:
 * the run's own figures (its `during` and `after` windows against its `before` window, outages
 * and lost writes against zero) show what it suffered; a fault run's figures against its
 * fault-free baseline's show what the fault added. An impact is the fault's when the run shows
 * it beyond the baseline, or the baseline does not show it at all; it is the upgrade's when the
 * baseline shows it too (and the run not beyond it), or the run has no fault. Thresholds are data.
 */
import type { WindowStats } from './windows.ts';

export const impactNames = ['full-outage', 'degraded-throughput', 'increased-latency', 'latent-error', 'security-vulnerability'] as const;
export type ImpactName = (typeof impactNames)[number];
export type ImpactCause = 'upgrade' | 'fault';

export interface Impact {
  name: ImpactName;
  cause: ImpactCause;
  evidence: string[];
}

/** Fewer acknowledged writes at risk than this, and lost writes are not measured. */
export const minWritesAtRisk = 10;

/** What the post-run read-back found; lost and changed are null when too few writes were at risk. */
export interface WriteFindings {
  acknowledged: number;
  atRisk: number;
  lost: number | null;
  changed: number | null;
}

/** What one run measured, as the classification needs it. */
export interface RunMeasurement {
  windows: WindowStats[];
  outages: Array<{ start_s: number; end_s: number; duration_s: number }>;
  outage_s: number;
  writes?: WriteFindings;
}

export interface Thresholds {
  /** full-outage: outage time beyond the reference's by more than this many seconds. */
  outageToleranceS: number;
  /** degraded-throughput: good req/s (outside outages) below (1 - this) of the reference. */
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
const lostOrChanged = (w: WriteFindings | undefined) => (w && w.lost !== null && w.changed !== null ? w.lost + w.changed : null);

/**
 * The impacts of `run`, each with its cause (see the top of this file); without a `baseline`
 * everything the run shows is the upgrade's. `security` is the security-vulnerability impact as
 * the attributed findings give it (analysis/measure/findings.ts).
 */
export function classifyImpacts(run: RunMeasurement, baseline: RunMeasurement | undefined, thresholds: Partial<Thresholds> = {}, security?: { cause: ImpactCause; evidence: string[] }): Impact[] {
  const t = { ...defaultThresholds, ...thresholds };
  const own = impactsAgainst(run, undefined, t);
  const none = new Map<ImpactName, string[]>();
  const beyond = baseline ? impactsAgainst(run, baseline, t) : none;
  const baselineOwn = baseline ? impactsAgainst(baseline, undefined, t) : none;
  const impacts: Impact[] = [];
  for (const name of impactNames) {
    if (name === 'security-vulnerability') {
      if (security && security.evidence.length > 0) impacts.push({ name, cause: security.cause, evidence: security.evidence });
    } else if (beyond.has(name)) impacts.push({ name, cause: 'fault', evidence: beyond.get(name)! });
    else if (!own.has(name)) continue;
    else if (!baseline) impacts.push({ name, cause: 'upgrade', evidence: own.get(name)! });
    else if (baselineOwn.has(name)) impacts.push({ name, cause: 'upgrade', evidence: [...own.get(name)!, 'the fault-free baseline shows it too, as much within the thresholds'] });
    else impacts.push({ name, cause: 'fault', evidence: [...own.get(name)!, 'the fault-free baseline does not show it'] });
  }
  return impacts;
}

/** The evidence of each impact of `run` against `baseline`, or against its own before window. */
function impactsAgainst(run: RunMeasurement, baseline: RunMeasurement | undefined, t: Thresholds): Map<ImpactName, string[]> {
  const found = new Map<ImpactName, string[]>();
  const add = (name: ImpactName, evidence: string[]) => evidence.length > 0 && found.set(name, evidence);

  // Full outage: stretches of send time in which no request was good.
  const referenceOutage = baseline?.outage_s ?? 0;
  if (run.outage_s > referenceOutage + t.outageToleranceS) {
    add('full-outage', [
      `${run.outages.length} outage window(s), ${run.outage_s.toFixed(1)} s in total (${baseline ? `baseline ${referenceOutage.toFixed(1)} s` : 'against none'})`,
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
      throughput.push(
        `${name}: ${rps.toFixed(1)} good req/s outside outages, ${against} ${refRps.toFixed(1)} (-${(100 * (1 - rps / refRps)).toFixed(0)}%, threshold -${(100 * t.throughputDrop).toFixed(0)}%); error rate ${fmtRate(w.error_rate)}`,
      );
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

  const bad = lostOrChanged(run.writes);
  if (run.writes && bad !== null) {
    const reference = baseline ? (lostOrChanged(baseline.writes) ?? 0) : 0;
    if (bad > reference)
      add('latent-error', [`${run.writes.lost} of ${run.writes.acknowledged} acknowledged writes missing, ${run.writes.changed} changed${baseline ? ` (baseline: ${reference})` : ''}`]);
  }
  return found;
}

const fmtRate = (r: number | null) => (r === null ? 'n/a' : `${(100 * r).toFixed(2)}%`);

export type Verdict = 'pass' | 'fail' | 'unknown';

export type SloCheckName = 'availability' | 'p99' | 'lost_writes' | 'outage' | 'errors' | 'p50' | 'throughput';

export interface SloResult {
  verdict: Verdict;
  checks: Array<{ name: SloCheckName; verdict: Verdict; value: number | null; limit: number; detail: string }>;
}

/** The scenario's `slo` (durations in ms); the optional ones are checked only when set. */
export interface Slo {
  availability: number;
  p99: number;
  /** Most lost or changed acknowledged writes. */
  lost_writes: number;
  /** Most total outage time, ms. */
  outage?: number;
  /** Most requests that were not good. */
  errors?: number;
  p50?: number;
  /** Least good requests per second. */
  throughput?: number;
}

type Check = SloResult['checks'][number];
const verdictOf = (value: number | null, within: (v: number) => boolean): Verdict => (value === null ? 'unknown' : within(value) ? 'pass' : 'fail');
const ms = (x: number) => `${x.toFixed(0)} ms`;
const seconds = (x: number) => `${Number(x.toFixed(3))} s`;

/**
 * The optional SLOs, k6's thresholds as the model: each bounds one figure of the run's summary
 * over the whole load, and is checked (and listed) only when the scenario sets it.
 */
function optionalChecks(all: WindowStats, slo: Slo): Check[] {
  const checks: Check[] = [];
  if (slo.outage !== undefined) {
    const limit = slo.outage / 1000;
    checks.push({
      name: 'outage',
      verdict: verdictOf(all.outage_s, (v) => v <= limit),
      value: all.outage_s,
      limit,
      detail: `${seconds(all.outage_s)} of outage in ${all.outages} window(s) (limit ${seconds(limit)})`,
    });
  }
  if (slo.errors !== undefined) {
    const limit = slo.errors;
    checks.push({
      name: 'errors',
      verdict: verdictOf(all.errors, (v) => v <= limit),
      value: all.errors,
      limit,
      detail: `${all.errors} of ${all.requests} requests not good (limit ${limit} requests)`,
    });
  }
  if (slo.p50 !== undefined) {
    const limit = slo.p50;
    const p50 = all.latency_ms.p50;
    checks.push({ name: 'p50', verdict: verdictOf(p50, (v) => v <= limit), value: p50, limit, detail: p50 === null ? 'not measured: no successful request' : `p50 ${ms(p50)} (limit ${ms(limit)})` });
  }
  if (slo.throughput !== undefined) {
    const limit = slo.throughput;
    const rps = all.throughput_rps;
    checks.push({
      name: 'throughput',
      verdict: verdictOf(rps, (v) => v >= limit),
      value: rps,
      limit,
      detail: rps === null ? 'not measured: the load lasted under 1 s' : `${rps} good req/s over the load (needs at least ${limit} req/s)`,
    });
  }
  return checks;
}

/**
 * The scenario's SLOs: availability (good share of requests) and p99 latency over the whole
 * load, lost writes (acknowledged writes lost or changed, read back after the run), and those of
 * `outage`, `errors`, `p50` and `throughput` that are set. Three-valued: unknown when nothing was
 * measured (no requests, too few writes at risk, no successful request) or the run is invalid;
 * unknown never reads as pass.
 */
export function checkSlo(all: WindowStats | undefined, slo: Slo, writes: WriteFindings | undefined, invalid?: string): SloResult {
  if (invalid || !all || all.requests === 0) {
    const why = invalid ? `run invalid: ${invalid}` : 'no requests measured';
    const optional = (['outage', 'errors', 'p50', 'throughput'] as const).filter((name) => slo[name] !== undefined);
    const limitOf = (name: (typeof optional)[number]) => (name === 'outage' ? slo.outage! / 1000 : slo[name]!);
    return {
      verdict: 'unknown',
      checks: [
        { name: 'availability', verdict: 'unknown', value: null, limit: slo.availability, detail: why },
        { name: 'p99', verdict: 'unknown', value: null, limit: slo.p99, detail: why },
        { name: 'lost_writes', verdict: 'unknown', value: null, limit: slo.lost_writes, detail: why },
        ...optional.map((name): Check => ({ name, verdict: 'unknown', value: null, limit: limitOf(name), detail: why })),
      ],
    };
  }
  const availability = all.ok / all.requests;
  const a: Verdict = availability >= slo.availability ? 'pass' : 'fail';
  const p99 = all.latency_ms.p99;
  const p: Verdict = p99 === null ? 'unknown' : p99 <= slo.p99 ? 'pass' : 'fail';
  const bad = lostOrChanged(writes);
  const w: Verdict = bad === null ? 'unknown' : bad <= slo.lost_writes ? 'pass' : 'fail';
  const checks: SloResult['checks'] = [
    {
      name: 'availability',
      verdict: a,
      value: availability,
      limit: slo.availability,
      detail: `${all.ok}/${all.requests} good (${(100 * availability).toFixed(3)}%, needs ${(100 * slo.availability).toFixed(3)}%)`,
    },
    { name: 'p99', verdict: p, value: p99, limit: slo.p99, detail: p99 === null ? 'no successful request' : `p99 ${p99.toFixed(0)} ms (limit ${slo.p99} ms)` },
    {
      name: 'lost_writes',
      verdict: w,
      value: bad,
      limit: slo.lost_writes,
      detail:
        bad === null
          ? `not measured: ${writes?.atRisk ?? 0} acknowledged writes at risk (needs ${minWritesAtRisk})`
          : `${bad} of ${writes!.acknowledged} acknowledged writes lost or changed (limit ${slo.lost_writes})`,
    },
    ...optionalChecks(all, slo),
  ];
  const verdict: Verdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'unknown') ? 'unknown' : 'pass';
  return { verdict, checks };
}
