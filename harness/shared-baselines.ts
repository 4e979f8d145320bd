/**
 * `bench run` over several scenario files shares fault-free baselines: fault scenarios whose
 * fault-free twins match (the same testbed, workload, upgrade, seed, outage threshold and trial)
 * are measured against one baseline, and a fault-free scenario among the files serves as it
 * (it runs first, where the first fault scenario that needs it would have run its baseline).
 * Pure: the order of runs follows from the scenarios alone.
 */
import type { Scenario } from './scenario/schema.ts';

/** One trial of one file's scenario. */
export interface ScenarioJob {
  scenario: Scenario;
  file: string;
  /** 1-based. */
  trial: number;
}

export type RunStep =
  /** A baseline no fault-free scenario among the files provides: the fault scenario's twin. */
  | { kind: 'baseline'; key: string; scenario: Scenario; file: string }
  /** A scenario's run; `baseline`: the twin key of the run it is measured against; `serves`: the key it is the baseline of. */
  | { kind: 'scenario'; job: ScenarioJob; baseline?: string; serves?: string };

/** The scenario without its fault: what its baseline runs. */
export function faultFree(scenario: Scenario): Scenario {
  const { fault: _omitted, ...withoutFault } = scenario;
  return withoutFault;
}

/**
 * What makes runs fault-free twins. Every field is as the scenario schema gives it back (the
 * same key order for every file), so equal settings give equal keys however the files wrote them.
 */
export function twinKey(scenario: Scenario, trial: number): string {
  const { testbed, workload, upgrade, seed, slo } = scenario;
  return JSON.stringify({ testbed, workload, upgrade, seed, max_latency: slo.max_latency, trial });
}

/** The runs to do, in order: each baseline once, before the first run measured against it. */
export function planScenarioRuns(jobs: readonly ScenarioJob[]): RunStep[] {
  const freeByKey = new Map<string, ScenarioJob>();
  for (const job of jobs) {
    const key = twinKey(job.scenario, job.trial);
    if (!job.scenario.fault && !freeByKey.has(key)) freeByKey.set(key, job);
  }
  const steps: RunStep[] = [];
  const done = new Set<ScenarioJob>();
  const available = new Set<string>();
  for (const job of jobs) {
    if (done.has(job)) continue;
    const key = twinKey(job.scenario, job.trial);
    if (!job.scenario.fault) {
      steps.push({ kind: 'scenario', job, serves: available.has(key) ? undefined : key });
      available.add(key);
      done.add(job);
      continue;
    }
    if (!available.has(key)) {
      const free = freeByKey.get(key);
      if (free && !done.has(free)) {
        steps.push({ kind: 'scenario', job: free, serves: key });
        done.add(free);
      } else {
        steps.push({ kind: 'baseline', key, scenario: faultFree(job.scenario), file: job.file });
      }
      available.add(key);
    }
    steps.push({ kind: 'scenario', job, baseline: key });
    done.add(job);
  }
  return steps;
}
