/**
 * A campaign expanded into runs: every applicable (strategy, fault kind, injection point, seed,
 * trial), each fault run beside the fault-free baseline it is measured against, one baseline per
 * (strategy, seed, trial) shared by all its fault runs (the testbed and the workload are the base
 * scenario's for every run). Ids are built from what a run is, never from its position, so every
 * machine and every call computes the same ones. Pure: the plan, the shards and each run's
 * scenario follow from the campaign and its base scenario alone.
 */
import { createHash } from 'node:crypto';
import type { FaultKind, UpgradedSystem } from '../../faults/fault.ts';
import { allFaultKinds, faultKindNamed } from '../../faults/index.ts';
import { injectionPoints, stepNames, type StrategyName } from '../../faults/strategies.ts';
import type { FaultSpec, Scenario } from '../scenario/schema.ts';
import { coolDownMs } from '../run.ts';
import { upgradedSystem } from '../versions.ts';
import type { Campaign } from './schema.ts';

export interface PlannedRun {
  id: string;
  strategy: StrategyName;
  /** null for a baseline. */
  kind: string | null;
  at: string | null;
  seed: number;
  trial: number;
  /** A fault run's baseline (its id); null for a baseline. */
  baseline: string | null;
}

/** A combination the campaign names that cannot run, and why. */
export interface Dropped {
  strategy: StrategyName;
  kind: string;
  at?: string;
  reason: string;
}

/** A dropped combination in a line, for bench validate and bench plan. */
export const droppedLine = (d: Dropped) => `dropped ${d.strategy} x ${d.kind}${d.at ? ` at ${d.at}` : ''}: ${d.reason}`;

export interface CampaignPlan {
  campaign: string;
  /** The fault runs and the baselines they need, each baseline before its fault runs. */
  runs: PlannedRun[];
  baselines: number;
  /** Seconds the runs take one after another on one machine: the sum of their run_s. */
  estimate_s: number;
  /** Seconds one run of each strategy takes, from the measured phase times (see runSeconds). */
  run_s: Record<string, number>;
  dropped: Dropped[];
}

/** A kind the campaign sweeps, with the params it gives it. */
interface Entry {
  kind: FaultKind;
  params: Record<string, unknown>;
  /** Set when the campaign gave params: the id tells such entries of one kind apart. */
  tag: string;
}

/**
 * What each phase of a run takes on one machine, in seconds: the medians over the 45 runs of the
 * bundled catalog-first-point campaign (rolling and Imago, 60 s of load at 20 req/s, 100 pages)
 * on the 2-core host. `up`: the testbed's containers, install, settings and seed; `prime`: every
 * page read once; `after`: the checks (read-back, probes, HAProxy's log) and the teardown.
 */
export const phaseSeconds = { up: 7.0, prime: 3.2, after: 4.6 };

/**
 * How long each procedure runs under load: rolling and Imago the medians of the same campaign;
 * big-flip and offline from one run each of their bundled baselines (offline's on a busier host:
 * it waits for every frontend to serve again, which is what load on the host stretches most).
 */
export const procedureSeconds: Record<StrategyName, number> = { none: 0, rolling: 12.5, imago: 13.8, 'big-flip': 9.7, offline: 32.8 };

/**
 * What one run of `strategy` costs: the phases beside the load, and the load, which runs its
 * duration or, when the procedure runs past it, until the procedure ends and the cool-down is over.
 */
export function runSeconds(base: Scenario, strategy: StrategyName): number {
  const load = Math.max(base.workload.duration, base.upgrade.start_after + procedureSeconds[strategy] * 1000 + coolDownMs) / 1000;
  return Math.round(phaseSeconds.up + phaseSeconds.prime + load + phaseSeconds.after);
}

export function expandCampaign(campaign: Campaign, base: Scenario): CampaignPlan {
  const strategies = campaign.strategies ?? [base.upgrade.strategy];
  const seeds = campaign.seeds ?? [base.seed];
  const trials = campaign.trials ?? base.trials;
  const frontends = base.testbed.frontends;
  const entries = entriesOf(campaign);
  const runs: PlannedRun[] = [];
  const dropped: Dropped[] = [];

  for (const strategy of strategies) {
    // Where each entry goes under this strategy (the same for every seed and trial).
    const targets: Array<{ entry: Entry; at: string }> = [];
    for (const entry of entries) {
      const { points, drops } = pointsFor(entry, strategy, frontends, campaign.at, upgradedSystem(base.testbed.from, base.testbed.to, strategy));
      dropped.push(...drops);
      for (const at of points) targets.push({ entry, at });
    }
    if (targets.length === 0) continue;
    for (const seed of seeds) {
      for (let trial = 1; trial <= trials; trial++) {
        const baseline = runId(strategy, 'baseline', null, seed, trial);
        runs.push({ id: baseline, strategy, kind: null, at: null, seed, trial, baseline: null });
        for (const { entry, at } of targets) {
          runs.push({ id: runId(strategy, entry.kind.kind + entry.tag, at, seed, trial), strategy, kind: entry.kind.kind, at, seed, trial, baseline });
        }
      }
    }
  }
  const run_s = Object.fromEntries(strategies.map((st) => [st, runSeconds(base, st)]));
  return { campaign: campaign.name, runs, baselines: runs.filter((r) => r.kind === null).length, estimate_s: estimate(runs, run_s), run_s, dropped };
}

/**
 * Shard i of n (1-based): the fault runs in plan order cut into n contiguous parts of equal size
 * (within one run), each with the baselines its runs need. Contiguous, so that a baseline's runs
 * stay together: a baseline runs on more than one shard only where a cut falls inside its runs,
 * at most n - 1 extra baselines in all, and the shards' loads differ by at most one fault run and
 * those baselines. Grouping whole baselines per shard instead would leave shards idle when a
 * campaign has fewer baselines than shards, the usual case for a wide sweep of few strategies.
 */
export function shardOf(plan: CampaignPlan, shard: number, of: number): CampaignPlan {
  const faultRuns = plan.runs.filter((r) => r.kind !== null);
  const from = Math.floor(((shard - 1) * faultRuns.length) / of);
  const to = Math.floor((shard * faultRuns.length) / of);
  const mine = new Set(faultRuns.slice(from, to).map((r) => r.id));
  const needed = new Set(faultRuns.slice(from, to).map((r) => r.baseline));
  const runs = plan.runs.filter((r) => mine.has(r.id) || (r.kind === null && needed.has(r.id)));
  return { ...plan, runs, baselines: runs.filter((r) => r.kind === null).length, estimate_s: estimate(runs, plan.run_s) };
}

/** The scenario of one planned run: the base with its strategy, seed, one trial, and its fault (none for a baseline). */
export function scenarioOf(campaign: Campaign, base: Scenario, run: PlannedRun): Scenario {
  const { fault: _baseFault, ...withoutFault } = base;
  const scenario: Scenario = { ...withoutFault, name: `${campaign.name}.${run.id}`, upgrade: { ...base.upgrade, strategy: run.strategy }, seed: run.seed, trials: 1 };
  if (run.kind === null || run.at === null) return scenario;
  const entry = entriesOf(campaign).find((e) => runId(run.strategy, e.kind.kind + e.tag, run.at, run.seed, run.trial) === run.id)!;
  const fault = { class: entry.kind.class, kind: entry.kind.kind, params: entry.kind.params.parse(entry.params), at: run.at } as FaultSpec;
  return { ...scenario, fault };
}

const estimate = (runs: readonly PlannedRun[], runS: Readonly<Record<string, number>>) => runs.reduce((sum, r) => sum + (runS[r.strategy] ?? 0), 0);

/** A run's id: what it is, readable, and safe as a directory name (`:` of the points becomes `_`). */
function runId(strategy: string, what: string, at: string | null, seed: number, trial: number): string {
  return [strategy, what, ...(at ? [at.replace(/:/g, '_')] : []), `s${seed}`, `t${trial}`].join('.');
}

/** The kinds the selectors name, in catalog order, each once (a kind given params twice is two entries). */
function entriesOf(campaign: Campaign): Entry[] {
  const entries = new Map<string, Entry>();
  const add = (kind: FaultKind, params?: Record<string, unknown>) => {
    // The params as the kind's schema gives them back (defaults filled, keys in the schema's order):
    // equal params give equal ids on every machine, however the file wrote them.
    const tag = params
      ? `-${createHash('sha256')
          .update(JSON.stringify(kind.params.parse(params)))
          .digest('hex')
          .slice(0, 6)}`
      : '';
    if (!entries.has(kind.kind + tag)) entries.set(kind.kind + tag, { kind, params: params ?? {}, tag });
  };
  for (const selector of campaign.faults) {
    if (selector === 'all') for (const kind of allFaultKinds) add(kind);
    else if ('class' in selector) for (const kind of allFaultKinds.filter((k) => k.class === selector.class)) add(kind);
    else add(faultKindNamed(selector.kind)!, selector.params);
  }
  const order = (e: Entry) => allFaultKinds.indexOf(e.kind);
  return [...entries.values()].sort((a, b) => order(a) - order(b) || a.tag.localeCompare(b.tag));
}

/** The points where an entry runs under a strategy, and those the campaign names where it cannot. */
function pointsFor(entry: Entry, strategy: StrategyName, frontends: number, at: Campaign['at'], system: UpgradedSystem): { points: string[]; drops: Dropped[] } {
  const kind = entry.kind.kind;
  const params = entry.kind.params.safeParse(entry.params);
  const all = injectionPoints(strategy, frontends);
  const why = (point: string): string | undefined => {
    if (!all.includes(point)) return `${point} is no injection point of ${strategy}`;
    const applies = entry.kind.appliesTo(strategy, point, params.success ? params.data : undefined);
    if (applies !== true) return applies;
    const appliesOn = entry.kind.appliesOn?.(system, params.success ? params.data : undefined) ?? true;
    if (appliesOn !== true) return appliesOn;
    if (entry.kind.transformSteps && params.success) {
      try {
        entry.kind.transformSteps(stepNames(strategy, frontends), point, params.data);
      } catch (error) {
        return (error as Error).message;
      }
    }
    return undefined;
  };
  if (at === 'first' || at === 'all') {
    const applicable = all.filter((point) => why(point) === undefined);
    if (applicable.length === 0) return { points: [], drops: [{ strategy, kind, reason: all.length ? `applies at no point of ${strategy} (${why(all[0]!)})` : `${strategy} has no steps` }] };
    return { points: at === 'first' ? applicable.slice(0, 1) : applicable, drops: [] };
  }
  const points: string[] = [];
  const drops: Dropped[] = [];
  for (const point of at) {
    const reason = why(point);
    if (reason === undefined) points.push(point);
    else drops.push({ strategy, kind, at: point, reason });
  }
  return { points, drops };
}
