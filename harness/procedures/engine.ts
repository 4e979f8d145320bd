/**
 * The step engine: runs a strategy's ordered steps while the load runs, marks each step's start
 * and end on the timeline, and offers the injection points before:<step> and after:<step>.
 */
import type { Engine } from '../docker.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Testbed } from '../testbed/index.ts';
import { findFaultKind } from '../../faults/index.ts';
import { badInput } from '../exit-codes.ts';
import { faultTarget } from '../fault-capabilities.ts';
import { seededRandom } from '../random.ts';
import { stepNames } from '../strategies.ts';
import type { RunEvent } from '../timeline.ts';
import type { Universe } from '../testbed/index.ts';
import type { ImagoReport } from './imago.ts';
import { procedureFor } from './steps.ts';

export interface ProcedureContext {
  docker: Engine;
  scenario: Scenario;
  testbed: Testbed;
  /** Milliseconds since the run's start, the clock of every sample and event. */
  clock: () => number;
  record: (event: RunEvent) => void;
  log: (line: string) => void;
  signal: AbortSignal;
  /** Registers an undo (a fault's revert) that the run calls, newest first, after its checks. */
  defer: (undo: () => Promise<void>) => void;
  /** Imago's new universe once it is bootstrapped: where faults act. */
  universe?: Universe;
}

export interface StepResult {
  name: string;
  start: number;
  end: number;
  outcome: 'ok' | 'failed';
  /** What the step did (one line), or why it failed. */
  log?: string;
  error?: string;
}

export interface ProcedureResult {
  strategy: Scenario['upgrade']['strategy'];
  /** completed; failed (a step failed, the rest did not run); aborted (the strategy backed out safely). */
  outcome: 'completed' | 'failed' | 'aborted';
  reason?: string;
  steps: StepResult[];
  /** What the injected fault did, and whether it was reverted. */
  faults: Array<{ kind: string; at: string; description: string; injectedAt: number; revertedAt?: number }>;
  /** Imago only: catch-up lag, the compare engine's findings, the quiescence. */
  imago?: ImagoReport;
}

export async function runProcedure(ctx: ProcedureContext): Promise<ProcedureResult> {
  const { scenario } = ctx;
  const { strategy } = scenario.upgrade;
  const procedure = procedureFor(strategy, scenario.testbed.frontends);
  const result: ProcedureResult = { strategy, outcome: 'completed', steps: [], faults: [], imago: procedure.imago };
  const fault = scenario.fault;
  const faultKind = fault ? findFaultKind(fault.class, fault.kind) : undefined;
  if (fault && !faultKind) throw badInput(`fault ${fault.class}/${fault.kind} is not in the catalog`);

  let names = stepNames(strategy, scenario.testbed.frontends);
  if (fault && faultKind?.transformSteps) names = faultKind.transformSteps(names, fault.at, fault.params);

  const inject = async (at: string) => {
    if (!fault || !faultKind || fault.at !== at) return;
    const injectedAt = ctx.clock();
    const target = await faultTarget({ testbed: ctx.testbed, universe: ctx.universe, node: nodeOf(ctx, at), strategy, at, random: seededRandom(scenario.seed) });
    const active = await faultKind.inject(target, fault.params);
    ctx.record({ t: injectedAt, kind: 'fault-inject', name: fault.kind, detail: active.description });
    const entry: ProcedureResult['faults'][number] = { kind: fault.kind, at, description: active.description, injectedAt };
    result.faults.push(entry);
    ctx.defer(async () => {
      await active.revert();
      entry.revertedAt = ctx.clock();
      ctx.record({ t: entry.revertedAt, kind: 'fault-revert', name: fault.kind });
    });
  };

  // A procedural fault may have removed the step it names (omitted-step): it acts from the start.
  const atStep = fault?.at.replace(/^(before|after):/, '');
  if (fault && atStep !== undefined && !names.includes(atStep)) {
    try {
      await inject(fault.at);
    } catch (error) {
      return { ...result, outcome: 'failed', reason: `injecting ${fault.kind}: ${(error as Error).message}` };
    }
  }

  for (const name of names) {
    ctx.signal.throwIfAborted();
    const start = ctx.clock();
    try {
      await inject(`before:${name}`);
      ctx.record({ t: ctx.clock(), kind: 'step-start', name });
      ctx.log(`step ${name}...`);
      const log = await procedure.action(name)(ctx);
      const end = ctx.clock();
      ctx.record({ t: end, kind: 'step-end', name, outcome: 'ok', detail: log });
      result.steps.push({ name, start, end, outcome: 'ok', log });
      await inject(`after:${name}`);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const reason = (error as Error).message;
      const end = ctx.clock();
      ctx.record({ t: end, kind: 'step-end', name, outcome: 'failed', detail: reason });
      result.steps.push({ name, start, end, outcome: 'failed', error: reason });
      ctx.log(`step ${name} failed: ${reason.split('\n')[0]}`);
      if (procedure.abort) {
        await procedure.abort(ctx);
        ctx.record({ t: ctx.clock(), kind: 'note', name: 'aborted', detail: `the old system keeps serving: ${name} failed` });
        return { ...result, outcome: 'aborted', reason: `${name}: ${reason}` };
      }
      return { ...result, outcome: 'failed', reason: `${name}: ${reason}` };
    }
  }
  return result;
}

/** The frontend a step works on (replace:web-2 → web-2), as the testbed has it now. */
function nodeOf(ctx: ProcedureContext, at: string) {
  const match = /:(?:drain|replace|undrain):web-(\d+)$/.exec(at);
  return match ? ctx.testbed.webs[Number(match[1]) - 1] : undefined;
}
