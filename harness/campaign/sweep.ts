/**
 * Running a campaign's plan (or one shard of it) on this machine, one run at a time (two testbeds
 * on one small host disturb each other's measurements), into results/<campaign>/<plan id>/.
 *
 * Resume: before each run its directory is looked at. A complete journal of the same scenario is
 * kept and skipped (a baseline's is read back to measure its fault runs against); anything else
 * there (a run that died, or one of a scenario since changed; with retryInvalid, also a finished
 * run that is invalid) is moved aside into results/<campaign>/.incomplete/ and the run starts
 * again. Nothing a run produced is deleted.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type FinishedJournal, journalSchema } from '../../analysis/measure/journal-schema.ts';
import { readJsonFile } from '../../reports/journal-files.ts';
import type { Engine } from '../docker.ts';
import { BenchError, ExitCode } from '../exit-codes.ts';
import { type ProgressOut, sinkOf } from '../progress/index.ts';
import { runOnce } from '../run.ts';
import { type SingleRun, singleRunFromJournal } from '../run-result.ts';
import type { Scenario } from '../scenario/schema.ts';
import { type CampaignPlan, type PlannedRun, scenarioOf } from './expand.ts';
import type { Campaign } from './schema.ts';

/** What a run's directory holds. */
export type Stored = { state: 'complete'; journal: FinishedJournal; path: string } | { state: 'incomplete'; why: string } | { state: 'missing' };

/** Reads a planned run's directory: a finished journal of `scenario`, something else, or nothing. */
export function storedRun(dir: string, scenario: Scenario): Stored {
  const path = join(dir, 'journal.json');
  if (!existsSync(dir)) return { state: 'missing' };
  if (!existsSync(path)) return { state: 'incomplete', why: 'no journal.json' };
  const journal = readJsonFile(path, journalSchema);
  if (!journal.ok) return { state: 'incomplete', why: journal.problem === 'json' ? `journal not readable: ${journal.message}` : `not a journal of this bench: ${journal.message}` };
  if (!journal.data.complete) return { state: 'incomplete', why: `the run stopped in phase ${journal.data.phase}` };
  // The scenario as JSON (what the journal holds) against what would run now.
  if (!isDeepStrictEqual(journal.data.scenario.parsed, JSON.parse(JSON.stringify(scenario)))) return { state: 'incomplete', why: 'a run of another scenario (the campaign or its base changed since)' };
  return { state: 'complete', journal: journal.data, path };
}

/** Moves a run's directory into <campaign dir>/.incomplete/<plan id>-<time>, keeping what it holds. */
export function setAside(campaignDir: string, id: string): string {
  const stamp = join(campaignDir, '.incomplete', `${id}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  let to = stamp;
  for (let n = 2; existsSync(to); n++) to = `${stamp}-${n}`;
  mkdirSync(join(campaignDir, '.incomplete'), { recursive: true });
  renameSync(join(campaignDir, id), to);
  return to;
}

export type SweepOutcome =
  | { id: string; outcome: 'skipped'; journal: string }
  | { id: string; outcome: 'ran'; journal: string; run: SingleRun }
  | { id: string; outcome: 'failed'; journal?: string; error: string }
  /** A fault run whose baseline did not finish: the next call runs both. */
  | { id: string; outcome: 'blocked'; error: string };

export interface SweepOptions {
  docker: Engine;
  campaign: Campaign;
  base: Scenario;
  /** The campaign file, recorded in each journal. */
  file: string;
  /** The runs to do: the whole plan or one shard. */
  plan: CampaignPlan;
  resultsDir: string;
  progress?: ProgressOut;
  /** Also run again what finished but is invalid (the load generator fell behind on a busy host...). */
  retryInvalid?: boolean;
  /** Called after each planned run, with its outcome. */
  onOutcome?: (o: SweepOutcome, index: number) => void;
}

/** The campaign's directory under the results directory. */
export const campaignDir = (resultsDir: string, campaign: string) => join(resultsDir, campaign);

/**
 * Writes the whole plan (every shard's runs) as plan.json into the campaign's directory, so that
 * a report merged from the shards can tell which planned runs are missing.
 */
export function writePlan(dir: string, plan: CampaignPlan): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
}

/**
 * Runs the plan's runs in order, each baseline before its fault runs. A run that fails (the
 * testbed did not come up...) is reported and the sweep goes on; Ctrl-C stops it (the run's
 * journal stays incomplete, and the same command continues from there).
 */
export async function sweep(o: SweepOptions): Promise<SweepOutcome[]> {
  const dir = campaignDir(o.resultsDir, o.plan.campaign);
  const note = sinkOf(o.progress);
  const baselines = new Map<string, SingleRun>();
  const outcomes: SweepOutcome[] = [];
  const done = (outcome: SweepOutcome) => {
    outcomes.push(outcome);
    o.onOutcome?.(outcome, outcomes.length - 1);
  };
  for (const [i, planned] of o.plan.runs.entries()) {
    const where = `[${i + 1}/${o.plan.runs.length}] ${planned.id}`;
    const runDir = join(dir, planned.id);
    const scenario = scenarioOf(o.campaign, o.base, planned);
    const stored = storedRun(runDir, scenario);
    if (stored.state === 'complete' && o.retryInvalid && !stored.journal.valid) {
      note({ kind: 'note', text: `${where}: invalid (${stored.journal.invalid_reasons.join('; ')}); moved to ${setAside(dir, planned.id)}, running it again` });
    } else if (stored.state === 'complete') {
      if (planned.kind === null) baselines.set(planned.id, singleRunFromJournal(stored.journal, stored.path));
      note({ kind: 'note', text: `${where}: complete, skipped` });
      done({ id: planned.id, outcome: 'skipped', journal: stored.path });
      continue;
    }
    if (stored.state === 'incomplete') note({ kind: 'note', text: `${where}: ${stored.why}; moved to ${setAside(dir, planned.id)}, running it again` });
    const baseline = planned.baseline === null ? undefined : baselines.get(planned.baseline);
    if (planned.baseline !== null && !baseline) {
      done({ id: planned.id, outcome: 'blocked', error: `its baseline ${planned.baseline} did not finish` });
      continue;
    }
    note({ kind: 'note', text: `${where}: ${describeRun(planned)}` });
    try {
      const run = await runOnce({ docker: o.docker, scenario, file: o.file, progress: o.progress }, planned.kind === null ? 'baseline' : 'run', baseline, {
        campaign: o.plan.campaign,
        plan_id: planned.id,
        dir: runDir,
      });
      if (planned.kind === null) baselines.set(planned.id, run);
      done({ id: planned.id, outcome: 'ran', journal: run.journal, run });
    } catch (error) {
      if (error instanceof BenchError && error.exitCode === ExitCode.interrupted) throw error;
      const journal = join(runDir, 'journal.json');
      done({ id: planned.id, outcome: 'failed', journal: existsSync(journal) ? journal : undefined, error: (error as Error).message });
      note({ kind: 'note', text: `${where}: failed: ${(error as Error).message.split('\n')[0]}`, error: true });
    }
  }
  return outcomes;
}

const describeRun = (r: PlannedRun) =>
  r.kind === null ? `fault-free baseline (${r.strategy}, seed ${r.seed}, trial ${r.trial})` : `${r.kind} at ${r.at} (${r.strategy}, seed ${r.seed}, trial ${r.trial})`;
