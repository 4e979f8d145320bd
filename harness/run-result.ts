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
  type ImpactName,
  type Measurement,
  type RunMeasurement,
  type SloResult,
  type Thresholds,
  type WriteFindings,
} from '../analysis/measure/index.ts';
import type { FinishedJournal, JournalProgress, JournalResult, Summary, UpgradeSummary } from '../analysis/measure/journal-schema.ts';
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
  unreported_impacts?: ImpactName[];
  impacts: Impact[];
  /** Security findings, each attributed to its cause (standing, upgrade, fault). */
  findings: AttributedFinding[];
  slo: SloResult;
  upgrade: UpgradeSummary;
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
      latency_ms: { p50: all.latency_ms.p50, p90: all.latency_ms.p90, p99: all.latency_ms.p99, p99_9: all.latency_ms.p99_9, p99_99: all.latency_ms.p99_99, max: all.latency_ms.max },
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
    upgrade: upgradeSummary(c.procedure, c.report.start),
    cross_check: c.crossCheck,
    self_check: c.report.self,
    measurement,
  };
}

/** The upgrade's outcome and steps, in seconds from the load's start. */
function upgradeSummary(procedure: ProcedureResult, loadStart: number): UpgradeSummary {
  const seconds = (t: number) => round((t - loadStart) / 1000);
  return {
    strategy: procedure.strategy,
    outcome: procedure.strategy === 'none' ? 'none' : procedure.outcome,
    reason: procedure.reason,
    steps: procedure.steps.map((s) => ({ name: s.name, start_s: seconds(s.start), end_s: seconds(s.end), outcome: s.outcome })),
  };
}

/** The upgrade as the journal keeps it, from the moment the procedure ends. */
export const upgradeRecord = (procedure: ProcedureResult, loadStart: number): JournalResult['upgrade'] => ({
  ...upgradeSummary(procedure, loadStart),
  faults: procedure.faults,
  imago: procedure.imago,
});

/** What the journal keeps of a finished run: the result and everything it was computed from. */
export function journalFields(single: SingleRun, c: Collected): JournalResult & JournalProgress {
  return {
    valid: single.valid,
    invalid_reasons: single.invalid_reasons,
    summary: single.summary,
    impacts: single.impacts,
    unreported_impacts: single.unreported_impacts,
    findings: single.findings,
    slo: single.slo,
    upgrade: upgradeRecord(c.procedure, c.report.start),
    self_check: single.self_check,
    cross_check: single.cross_check,
    events: c.events,
    ledger: c.report.ledger,
    checks: {
      readback: { acknowledged: c.written.acknowledged, found: c.written.found, superseded: c.written.superseded, lost: c.written.lost, changed: c.written.changed, unknown: c.written.unknown },
      security_before: c.standing,
      security: c.security,
    },
    failure_bodies: c.report.failureBodies.slice(0, 5),
    measurement: single.measurement,
  };
}

/**
 * A finished run as its journal kept it: what a campaign resumed on another call needs of a
 * baseline that ran earlier (its measurement, writes and findings) to measure fault runs against.
 */
export function singleRunFromJournal(j: FinishedJournal, journalPath: string): SingleRun {
  const { faults: _faults, imago: _imago, ...upgrade } = j.upgrade;
  return {
    run_id: j.run_id,
    role: j.role,
    scenario: j.scenario.name,
    file: j.scenario.file,
    journal: journalPath,
    valid: j.valid,
    invalid_reasons: j.invalid_reasons,
    summary: j.summary,
    unreported_impacts: j.unreported_impacts,
    impacts: j.impacts,
    findings: j.findings,
    slo: j.slo,
    upgrade,
    cross_check: j.cross_check,
    self_check: j.self_check,
    measurement: j.measurement,
  };
}
