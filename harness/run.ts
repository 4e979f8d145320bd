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
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LedgerEntry, RunEvent, Sample } from '../analysis/measure/timeline.ts';
import { Journal } from '../reports/journal.ts';
import { readBack } from './checks/readback.ts';
import { securityProbes } from './checks/security.ts';
import type { Engine } from './docker.ts';
import { BenchError, ExitCode } from './exit-codes.ts';
import { runProcedure } from './procedures/engine.ts';
import { scopeNote, sinkOf, type ProgressOut } from './progress/index.ts';
import { outageSoFar } from './progress/outage.ts';
import type { ProcedureContext, ProcedureResult } from './procedures/procedure.ts';
import { journalFields, runResult, upgradeRecord, type RunInput, type ScenarioResult, type SingleRun } from './run-result.ts';
import { withRunScope } from './run-scope.ts';
import { faultFree } from './shared-baselines.ts';
import { redact } from './secrets.ts';
import { newRunId, startTestbed, type Testbed } from './testbed/index.ts';
import { imageIds, prime } from './testbed/prime.ts';
import { defaultLoops, startLoad, type LoadReport } from './workload/generator.ts';
import { annotateServers, compareWithHaproxy, ingressRequests } from './workload/haproxy-log.ts';

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

export interface RunOptions extends RunInput {
  docker: Engine;
  resultsDir?: string;
  /** Progress: the CLI's display (progress/index.ts), or a function that takes plain lines. */
  progress?: ProgressOut;
  hooks?: RunHooks;
}

/** Where a campaign's run keeps its journal, and what it records of the campaign. */
export interface CampaignPlace {
  campaign: string;
  plan_id: string;
  /** The run's directory: results/<campaign>/<plan id>. */
  dir: string;
}

/** Runs the scenario; one with a fault first gets a fault-free baseline run of its own. */
export async function runScenario(o: RunOptions): Promise<ScenarioResult> {
  if (!o.scenario.fault) return runOnce(o, 'run');
  const baseline = await runOnce({ ...o, scenario: faultFree(o.scenario), hooks: undefined }, 'baseline');
  const run = await runOnce(o, 'run', baseline);
  return { ...run, baseline };
}

/**
 * One run of the scenario as it is: a baseline (`role`), a fault-free run, or a fault run measured
 * against the given baseline. A campaign's run keeps its journal at its place in the campaign.
 */
export async function runOnce(o: RunOptions, role: 'run' | 'baseline', baseline?: SingleRun, place?: CampaignPlace): Promise<SingleRun> {
  const { docker, scenario } = o;
  const progress = sinkOf(o.progress);
  const note = (text: string, error = false) => progress({ kind: 'note', text: redact(text), error });
  const runId = newRunId(role === 'baseline' ? `${scenario.name}-baseline` : scenario.name);
  // Steps are told by their events (from `record`); what the procedure logs is a failure and why.
  const procedureNote = (line: string) => note(`${runId}: ${line}`, true);
  const journal = new Journal(place?.dir ?? join(o.resultsDir ?? 'results', runId), runId, {
    role,
    scenario: { name: scenario.name, file: o.file, parsed: scenario },
    baseline_run_id: baseline?.run_id,
    campaign: place?.campaign,
    plan_id: place?.plan_id,
    phase: 'up',
  });
  const events: RunEvent[] = [];
  const ledger: LedgerEntry[] = [];
  let phase = 'up';
  const setPhase = (name: string, t?: number, detail?: string) => {
    phase = name;
    if (t !== undefined) events.push({ t, kind: 'phase', name });
    journal.set({ phase, events });
    progress({ kind: 'phase', run: runId, phase: name, detail });
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
          progress: (stage) => progress({ kind: 'phase', run: runId, phase: 'up', detail: stage }),
        });
        progress({ kind: 'phase', run: runId, phase: 'up', detail: 'prime' });
        const primed = await prime(testbed, scenario.testbed.pages, signal);
        journal.set({ testbed: { primed, version: testbed.version, url: testbed.url, frontends: testbed.webs.length, timings: testbed.timings, images: await imageIds(testbed) } });
        // What stood before the upgrade, so that the findings at the end can be attributed.
        const standing = await securityProbes(testbed, []);
        journal.set({ checks: { security_before: standing } });

        // The load, on the run's clock.
        const origin = performance.now();
        const clock = () => performance.now() - origin;
        const { workload, upgrade } = scenario;
        const loop: 'open' | 'closed' = workload.rate ? 'open' : 'closed';
        const outage = outageSoFar(scenario.slo.max_latency);
        const load = startLoad({
          baseUrl: testbed.url,
          pages: scenario.testbed.pages,
          seed: scenario.seed,
          tag: runId.slice(-4),
          mix: workload.mix,
          popularity: workload.popularity,
          rate: workload.rate,
          connections: workload.connections,
          timeoutMs: scenario.slo.max_latency,
          clock,
          end: workload.duration,
          onSample: (s) => {
            journal.appendRequest(s);
            outage.add(s);
          },
          onLedger: (e) => ledger.push(e),
        });
        journal.set({
          load: { loop, rate: workload.rate ?? null, connections: loop === 'closed' ? (workload.connections ?? defaultLoops) : (workload.connections ?? null), planned_s: workload.duration / 1000 },
          ledger,
        });
        setPhase('warm-up', 0);
        // The display's counters every second (a renderer decides how often it shows them); the journal's every 5 s.
        let ticks = 0;
        const ticker = setInterval(() => {
          const p = load.progress();
          const now = clock();
          const counters = { elapsedS: now / 1000, plannedS: workload.duration / 1000, requests: p.answered, errors: p.errors, inFlight: p.inFlight, writes: p.edits, outageS: outage.seconds(now) };
          progress({ kind: 'load', run: runId, load: counters });
          if (++ticks % 5 === 0) journal.set({ load_progress: p });
        }, 1000);
        signal.addEventListener('abort', () => load.stop(), { once: true });

        let procedure: ProcedureResult;
        let report: LoadReport;
        let stopCapTimer = () => {};
        try {
          await sleepUntil(clock, upgrade.start_after, signal);
          setPhase('upgrade', clock());
          const cap = workload.duration + maxExtensionMs;
          load.setEnd(Math.max(workload.duration, cap)); // held open until the procedure ends
          // A timer of our own, not AbortSignal.timeout: inside AbortSignal.any, Node 20 may collect
          // that timeout signal before it fires (nodejs/node#57736), and the cap never comes.
          const capReached = new AbortController();
          const capTimer = setTimeout(
            () => capReached.abort(new Error(`the procedure was still running at the run's cap (the load's duration + ${maxExtensionMs / 60_000} min)`)),
            Math.max(0, Math.round(cap - clock())),
          );
          stopCapTimer = () => clearTimeout(capTimer);
          const procedureSignal = AbortSignal.any([signal, capReached.signal]);
          const record = (e: RunEvent) => {
            events.push(e);
            journal.set({ events });
            if (e.kind === 'step-start') progress({ kind: 'step', run: runId, step: e.name });
            if (e.kind === 'step-end') progress({ kind: 'step', run: runId, step: e.name, outcome: e.outcome ?? 'ok' });
          };
          const hookContext: HookContext = { testbed, clock, record, signal };
          const during = o.hooks?.duringLoad?.(hookContext);
          const ctx: ProcedureContext = { docker, scenario, testbed, clock, record, log: procedureNote, signal: procedureSignal, defer: (undo) => undos.push(undo) };
          procedure = await runProcedure(ctx).catch((error: unknown) => {
            if (signal.aborted) throw signal.reason;
            return { strategy: upgrade.strategy, outcome: 'failed' as const, reason: (error as Error).message, steps: [], faults: [] };
          });
          setPhase('cool-down', clock());
          journal.set({ upgrade: upgradeRecord(procedure, load.start) });
          load.setEnd(Math.min(cap, Math.max(workload.duration, clock() + coolDownMs)));
          await during;
          report = await load.done;
        } finally {
          clearInterval(ticker);
          stopCapTimer();
          load.stop();
        }
        signal.throwIfAborted();
        setPhase('checks', clock(), `load done: ${report.samples.length} requests in ${((report.end - report.start) / 1000).toFixed(1)} s`);
        // After an Imago switch-over the universe it created serves: the checks look at that one.
        const serving: Testbed = procedure.outcome === 'completed' && procedure.created ? { ...testbed, ...procedure.created } : testbed;
        await o.hooks?.beforeChecks?.({ testbed: serving, clock, record: (e) => events.push(e), signal, ledger: report.ledger });

        const written = await readBack(testbed.url, report.ledger);
        const security = await securityProbes(serving, report.failureBodies);
        const logged = await ingressRequests(testbed.ingress).catch(() => []);
        annotateServers(report.samples, logged);
        await journal.rewriteRequests(report.samples);
        journal.writeLatencyLog(report.samples, report.end);
        const crossCheck = compareWithHaproxy(
          report.samples.filter((s) => s.sent - s.intended < 5),
          logged,
        );
        return { report, procedure, written, standing, security, crossCheck, events };
      }),
      { log: (line) => progress(scopeNote(redact(line))) },
    );
    const single = runResult(o, role, runId, journal.path, result, baseline);
    journal.set({ phase: 'done' });
    await journal.close(true, journalFields(single, result));
    return single;
  } catch (error) {
    const interrupted = error instanceof BenchError && error.exitCode === ExitCode.interrupted;
    await journal.close(false, { phase, events, ledger, error: (error as Error).message, interrupted });
    throw error;
  } finally {
    progress({ kind: 'run-end', run: runId });
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
