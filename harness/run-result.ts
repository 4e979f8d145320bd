/**
 * A run's result, assembled from what it collected (the load's samples and ledger, the procedure's
 * steps and faults, the read-back, the security probes): the summary `bench run --json` prints, the
 * impacts and findings with their causes, the SLO verdicts, and the fields the journal keeps.
 */
import {
  attributeFindings,
  checkSlo,
  classifyImpacts,
  measureRun,
  minWritesAtRisk,
  securityImpact,
  writesByWindow,
  type AttributedFinding,
  type Impact,
  type Measurement,
  type RunMeasurement,
  type SloResult,
  type Thresholds,
  type WriteFindings,
  type WritesByWindow,
} from '../analysis/measure/index.ts';
import type { RunEvent } from '../analysis/measure/timeline.ts';
import { round } from '../analysis/round.ts';
import type { ReadBack } from './checks/readback.ts';
import type { SecurityReport } from './checks/security.ts';
import type { ProcedureResult } from './procedures/procedure.ts';
import type { Scenario } from './scenario/schema.ts';
import type { LoadReport } from './workload/generator.ts';
import type { Agreement } from './workload/haproxy-log.ts';

/** What of the run's options the result depends on. */
export interface RunInput {
  scenario: Scenario;
  file: string;
  thresholds?: Partial<Thresholds>;
}

export interface Summary {
  requests: number;
  errors: number;
  throughput_rps: number | null;
  latency_ms: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
  outages: Array<{ start_s: number; end_s: number; duration_s: number }>;
  outage_s: number;
  acknowledged_writes: number;
  /** Acknowledged from the upgrade's start (or the fault's injection) to the end. */
  writes_at_risk: number;
  writes_by_window: WritesByWindow;
  /** null: not measured (fewer than 10 writes at risk). */
  lost_writes: number | null;
  changed_writes: number | null;
  unknown_writes: number;
  impacts: string[];
  security_findings: string[];
}

export interface SingleRun {
  run_id: string;
  role: 'run' | 'baseline';
  scenario: string;
  file: string;
  journal: string;
  valid: boolean;
  invalid_reasons: string[];
  summary: Summary;
  /** Impacts found but not reported because the run is invalid. */
  unreported_impacts?: string[];
  impacts: Impact[];
  /** Security findings, each attributed to its cause (standing, upgrade, fault). */
  findings: AttributedFinding[];
  slo: SloResult;
  upgrade: { strategy: string; outcome: 'none' | 'completed' | 'aborted' | 'failed'; reason?: string; steps: Array<{ name: string; start_s: number; end_s: number; outcome: string }> };
  cross_check: Agreement[];
  self_check: LoadReport['self'];
  measurement: Measurement;
}

export interface ScenarioResult extends SingleRun {
  baseline?: SingleRun;
}

/** What a run collected, for its result and its journal. */
export interface Collected {
  report: LoadReport;
  procedure: ProcedureResult;
  written: ReadBack;
  standing: SecurityReport;
  security: SecurityReport;
  crossCheck: Agreement[];
  events: RunEvent[];
}

/** The run's result: its measurement, impacts against the baseline's, findings by cause, the SLO. */
export function runResult(o: RunInput, role: 'run' | 'baseline', runId: string, journalPath: string, c: Collected, baseline?: SingleRun): SingleRun {
  const { scenario } = o;
  const hasFault = role === 'run' && scenario.fault !== undefined;
  const measurement = measureRun({ samples: c.report.samples, events: c.events, loadStart: c.report.start, loadEnd: c.report.end, maxLatencyMs: scenario.slo.max_latency });
  const byWindow = writesByWindow(c.report.ledger, c.events);
  const measured = byWindow.at_risk >= minWritesAtRisk;
  const writes: WriteFindings = { acknowledged: c.written.acknowledged, atRisk: byWindow.at_risk, lost: measured ? c.written.lost.length : null, changed: measured ? c.written.changed.length : null };
  const findings = attributeFindings({ before: c.standing.findings, after: c.security.findings, baselineAfter: baseline?.findings, hasFault });
  const asMeasured = (m: Measurement, w: WriteFindings): RunMeasurement => ({ windows: m.windows, outages: m.outages, outage_s: m.outage_s, writes: w });
  const baselineMeasured = baseline
    ? asMeasured(baseline.measurement, {
        acknowledged: baseline.summary.acknowledged_writes,
        atRisk: baseline.summary.writes_at_risk,
        lost: baseline.summary.lost_writes,
        changed: baseline.summary.changed_writes,
      })
    : undefined;
  const impacts = classifyImpacts(asMeasured(measurement, writes), baselineMeasured, { sloP99Ms: scenario.slo.p99, ...o.thresholds }, securityImpact(findings));
  const invalid = c.report.self.invalid;
  const valid = invalid.length === 0;
  const all = measurement.windows.find((w) => w.name === 'all')!;
  const slo = checkSlo(all, scenario.slo, writes, valid ? undefined : invalid.join('; '));
  const strategy = scenario.upgrade.strategy;
  return {
    run_id: runId,
    role,
    scenario: scenario.name,
    file: o.file,
    journal: journalPath,
    valid,
    invalid_reasons: invalid,
    summary: {
      requests: all.requests,
      errors: all.errors,
      throughput_rps: all.throughput_rps,
      latency_ms: { p50: all.latency_ms.p50, p90: all.latency_ms.p90, p99: all.latency_ms.p99, max: all.latency_ms.max },
      outages: measurement.outages,
      outage_s: measurement.outage_s,
      acknowledged_writes: writes.acknowledged,
      writes_at_risk: writes.atRisk,
      writes_by_window: byWindow,
      lost_writes: writes.lost,
      changed_writes: writes.changed,
      unknown_writes: c.written.unknown.length,
      impacts: valid ? impacts.map((i) => i.name) : [],
      security_findings: findings.map((f) => f.name),
    },
    unreported_impacts: valid ? undefined : impacts.map((i) => i.name),
    impacts: valid ? impacts : [],
    findings,
    slo,
    upgrade: {
      strategy,
      outcome: strategy === 'none' ? 'none' : c.procedure.outcome,
      reason: c.procedure.reason,
      steps: c.procedure.steps.map((s) => ({ name: s.name, start_s: round((s.start - c.report.start) / 1000), end_s: round((s.end - c.report.start) / 1000), outcome: s.outcome })),
    },
    cross_check: c.crossCheck,
    self_check: c.report.self,
    measurement,
  };
}

/** What the journal keeps of a finished run: the result and everything it was computed from. */
export function journalFields(single: SingleRun, c: Collected): Record<string, unknown> {
  return {
    valid: single.valid,
    invalid_reasons: single.invalid_reasons,
    summary: single.summary,
    impacts: single.impacts,
    unreported_impacts: single.unreported_impacts,
    findings: single.findings,
    slo: single.slo,
    upgrade: { ...single.upgrade, faults: c.procedure.faults, imago: c.procedure.imago },
    self_check: single.self_check,
    cross_check: single.cross_check,
    events: c.events,
    ledger: c.report.ledger,
    checks: {
      readback: { acknowledged: c.written.acknowledged, found: c.written.found, lost: c.written.lost, changed: c.written.changed, unknown: c.written.unknown },
      security_before: c.standing,
      security: c.security,
    },
    failure_bodies: c.report.failureBodies.slice(0, 5),
    measurement: single.measurement,
  };
}
