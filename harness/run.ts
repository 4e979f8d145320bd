/**
 * One scenario, end to end: bring the testbed up, put it under load, run the upgrade procedure
 * after the warm-up, cool down, stop the load, check every acknowledged write and probe for
 * exposures, measure, classify impacts against a fault-free baseline, write the journal, and
 * tear everything down (also on error and on Ctrl-C).
 *
 * The run's clock is milliseconds since the load started (performance.now based): samples,
 * events, ledger entries and step marks share it.
 *
 * How long the load runs: `workload.duration`, or longer while the procedure is still running:
 * it then stops `coolDownMs` after the procedure ends, and never later than
 * `duration + maxExtensionMs` (10 minutes); a procedure still running at that cap is aborted
 * through its signal.
 */
import { performance } from 'node:perf_hooks';
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
import { Journal } from '../reports/journal.ts';
import { readBack, type ReadBack } from './checks/readback.ts';
import { securityProbes, type SecurityReport } from './checks/security.ts';
import type { Engine } from './docker.ts';
import { BenchError, ExitCode, infrastructure } from './exit-codes.ts';
import { runProcedure } from './procedures/engine.ts';
import type { ProcedureContext, ProcedureResult } from './procedures/procedure.ts';
import { withRunScope } from './run-scope.ts';
import { redact } from './secrets.ts';
import type { Scenario } from './scenario/schema.ts';
import { newRunId, startTestbed, type Testbed } from './testbed/index.ts';
import type { LedgerEntry, RunEvent, Sample } from '../analysis/measure/timeline.ts';
import { pageTitle } from './testbed/pages.ts';
import { viewPage } from './testbed/wiki-client.ts';
import { heavyTitles, startLoad, type LoadReport } from './workload/generator.ts';
import { annotateServers, compareWithHaproxy, ingressRequests, type Agreement } from './workload/haproxy-log.ts';
import { round } from '../analysis/round.ts';

export const coolDownMs = 5_000;
export const maxExtensionMs = 10 * 60_000;

/** Calibration hooks: the bench's own test cases inject known faults through these. */
export interface RunHooks {
  /** Starts when the upgrade slot starts (after `start_after`), beside the procedure. */
  duringLoad?: (ctx: HookContext) => Promise<void>;
  /** After the load stopped, before the checks. */
  beforeChecks?: (ctx: HookContext & { ledger: readonly LedgerEntry[] }) => Promise<void>;
}

export interface HookContext {
  testbed: Testbed;
  clock: () => number;
  record: (event: RunEvent) => void;
  signal: AbortSignal;
}

export interface RunOptions {
  docker: Engine;
  scenario: Scenario;
  file: string;
  resultsDir?: string;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
  hooks?: RunHooks;
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

/** Runs the scenario; one with a fault first gets a fault-free baseline run of its own. */
export async function runScenario(o: RunOptions): Promise<ScenarioResult> {
  if (!o.scenario.fault) return runOnce(o, 'run');
  const { fault: _omitted, ...withoutFault } = o.scenario;
  const baseline = await runOnce({ ...o, scenario: withoutFault as Scenario, hooks: undefined }, 'baseline');
  const run = await runOnce(o, 'run', baseline);
  return { ...run, baseline };
}

async function runOnce(o: RunOptions, role: 'run' | 'baseline', baseline?: SingleRun): Promise<SingleRun> {
  const { docker, scenario } = o;
  const progress = (line: string) => o.progress?.(redact(line));
  const runId = newRunId(role === 'baseline' ? `${scenario.name}-baseline` : scenario.name);
  const journal = new Journal(o.resultsDir ?? 'results', runId, {
    role,
    scenario: { name: scenario.name, file: o.file, parsed: scenario },
    baseline_run_id: baseline?.run_id,
    phase: 'up',
  });
  const events: RunEvent[] = [];
  const ledger: LedgerEntry[] = [];
  let phase = 'up';
  const setPhase = (name: string, t?: number) => {
    phase = name;
    if (t !== undefined) events.push({ t, kind: 'phase', name });
    journal.set({ phase, events });
  };
  const undos: Array<() => Promise<void>> = [];
  try {
    const result = await withRunScope(
      docker,
      runId,
      undoingAfter(undos, async ({ signal }) => {
        const testbed = await startTestbed(docker, {
          runId,
          version: scenario.testbed.from,
          frontends: scenario.testbed.frontends,
          pages: scenario.testbed.pages,
          seed: scenario.seed,
          signal,
          progress: (line) => progress(`${runId}: ${line}`),
        });
        const primed = await prime(testbed, scenario.testbed.pages, signal);
        progress(`${runId}: primed ${primed.pages} pages in ${primed.seconds.toFixed(1)} s (${primed.retries} retries)`);
        journal.set({ testbed: { primed, version: testbed.version, url: testbed.url, frontends: testbed.webs.length, timings: testbed.timings, images: await imageIds(testbed) } });
        // What stood before the upgrade, so that the findings at the end can be attributed.
        const standing = await securityProbes(testbed, []);
        journal.set({ checks: { security_before: standing } });

        // The load, on the run's clock.
        const origin = performance.now();
        const clock = () => performance.now() - origin;
        const { workload, upgrade } = scenario;
        const loop: 'open' | 'closed' = workload.rate ? 'open' : 'closed';
        const load = startLoad({
          baseUrl: testbed.url,
          pages: scenario.testbed.pages,
          seed: scenario.seed,
          tag: runId.slice(-4),
          mix: workload.mix,
          rate: workload.rate,
          connections: workload.connections,
          timeoutMs: scenario.slo.max_latency,
          clock,
          end: workload.duration,
          onSample: (s) => journal.appendRequest(s),
          onLedger: (e) => ledger.push(e),
        });
        journal.set({ load: { loop, rate: workload.rate ?? null, connections: loop === 'closed' ? workload.connections : null, planned_s: workload.duration / 1000 }, ledger });
        setPhase('warm-up', 0);
        const ticker = setInterval(() => {
          const p = load.progress();
          progress(`${runId}: ${phase} ${(clock() / 1000).toFixed(0)} s, ${p.answered} requests, ${p.errors} errors, ${p.inFlight} in flight, ${p.edits} writes acknowledged`);
          journal.set({ load_progress: p });
        }, 5000);
        signal.addEventListener('abort', () => load.stop(), { once: true });

        let procedure: ProcedureResult;
        let report: LoadReport;
        let ctx: ProcedureContext | undefined;
        try {
          await sleepUntil(clock, upgrade.start_after, signal);
          setPhase('upgrade', clock());
          const cap = workload.duration + maxExtensionMs;
          load.setEnd(Math.max(workload.duration, cap)); // held open until the procedure ends
          const procedureSignal = AbortSignal.any([signal, AbortSignal.timeout(Math.max(0, Math.round(cap - clock())))]);
          const record = (e: RunEvent) => {
            events.push(e);
            journal.set({ events });
          };
          const hookContext: HookContext = { testbed, clock, record, signal };
          const during = o.hooks?.duringLoad?.(hookContext);
          ctx = { docker, scenario, testbed, clock, record, log: (line) => progress(`${runId}: ${line}`), signal: procedureSignal, defer: (undo) => undos.push(undo) };
          procedure = await runProcedure(ctx!).catch((error: unknown) => {
            if (signal.aborted) throw signal.reason;
            return { strategy: upgrade.strategy, outcome: 'failed' as const, reason: (error as Error).message, steps: [], faults: [] };
          });
          setPhase('cool-down', clock());
          journal.set({ upgrade: procedure });
          load.setEnd(Math.min(cap, Math.max(workload.duration, clock() + coolDownMs)));
          await during;
          report = await load.done;
        } finally {
          clearInterval(ticker);
          load.stop();
        }
        signal.throwIfAborted();
        setPhase('checks', clock());
        progress(`${runId}: load done: ${report.samples.length} requests in ${((report.end - report.start) / 1000).toFixed(1)} s; checks...`);
        await o.hooks?.beforeChecks?.({ testbed, clock, record: (e) => events.push(e), signal, ledger: report.ledger });

        const written = await readBack(testbed.url, report.ledger);
        // After an Imago switch-over the new universe serves: probe that one.
        const serving: Testbed = procedure.outcome === 'completed' && ctx?.universe ? { ...testbed, ...ctx.universe } : testbed;
        const security = await securityProbes(serving, report.failureBodies);
        const logged = await ingressRequests(testbed.ingress).catch(() => []);
        annotateServers(report.samples, logged);
        await journal.rewriteRequests(report.samples);
        const crossCheck = compareWithHaproxy(
          report.samples.filter((s) => s.sent - s.intended < 5),
          logged,
        );
        return { report, procedure, written, standing, security, crossCheck, events };
      }),
      { log: (line) => progress(line) },
    );
    const single = finish(o, role, runId, journal.path, result, baseline);
    await journal.close(true, { phase: 'done', ...journalFields(single, result) });
    return single;
  } catch (error) {
    const interrupted = error instanceof BenchError && error.exitCode === ExitCode.interrupted;
    await journal.close(false, { phase, events, ledger, error: (error as Error).message, interrupted });
    throw error;
  }
}

/**
 * `work`, then the undos (the fault's revert) it registered, newest first, however it ended:
 * after the checks, which see the fault, or after the error or Ctrl-C that ended the run, while
 * the testbed is still there. Each undo journals its outcome and never throws.
 */
function undoingAfter<A, T>(undos: Array<() => Promise<void>>, work: (scope: A) => Promise<T>): (scope: A) => Promise<T> {
  return async (scope) => {
    try {
      return await work(scope);
    } finally {
      for (const undo of undos.reverse()) await undo();
    }
  };
}

interface Collected {
  report: LoadReport;
  procedure: ProcedureResult;
  written: ReadBack;
  standing: SecurityReport;
  security: SecurityReport;
  crossCheck: Agreement[];
  events: RunEvent[];
}

function finish(o: RunOptions, role: 'run' | 'baseline', runId: string, journalPath: string, c: Collected, baseline?: SingleRun): SingleRun {
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

function journalFields(single: SingleRun, c: Collected): Record<string, unknown> {
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

/**
 * Views every seeded page and the heavier pages (two at a time) until each has answered 200 once,
 * before the load starts, so the load meets warm caches (parser cache, localisation cache,
 * opcache) as a serving wiki has, and HAProxy's health checks (1 s) do not fail on a cold wiki.
 * A wiki that does not serve them all within 120 s did not come up: an infrastructure error.
 */
async function prime(testbed: Testbed, pages: number, signal: AbortSignal): Promise<{ pages: number; seconds: number; retries: number }> {
  const started = performance.now();
  const deadline = started + 120_000;
  const titles = [...heavyTitles, ...Array.from({ length: pages }, (_, i) => pageTitle(i + 1))];
  let retries = 0;
  const view = async (title: string) => {
    for (;;) {
      signal.throwIfAborted();
      const answer = await viewPage(testbed.url, title).catch((e: Error) => ({ status: 0, html: e.message }));
      if (answer.status === 200) return;
      if (performance.now() > deadline) throw infrastructure(`the wiki at ${testbed.url} did not serve "${title}" within 120 s (last: HTTP ${answer.status})`);
      retries++;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  await view(titles[0]!);
  let next = 1;
  const worker = async () => {
    while (next < titles.length) await view(titles[next++]!);
  };
  await Promise.all([worker(), worker()]);
  return { pages: titles.length, seconds: (performance.now() - started) / 1000, retries };
}

async function imageIds(testbed: Testbed): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [role, container] of [['db', testbed.db], ['ingress', testbed.ingress], ...testbed.webs.map((w, i) => [`web-${i + 1}`, w] as const)] as const) {
    const info = await container.inspect();
    out[role] = `${info.Config.Image} ${info.Image}`;
  }
  return out;
}

function sleepUntil(clock: () => number, t: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, t - clock()),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export type { Sample };
