/**
 * The step engine: runs a strategy's ordered steps while the load runs, marks each step's start
 * and end on the timeline, and offers the injection points before:<step> and after:<step>.
 */
import { findFaultKind } from '../../faults/index.ts';
import { isRollbackFailure } from '../../faults/undo.ts';
import { badInput } from '../exit-codes.ts';
import { faultTarget } from '../fault-capabilities.ts';
import { seededRandom } from '../../analysis/statistics/random.ts';
import { stepNames } from '../../faults/strategies.ts';
import type { FaultRecord, ProcedureContext, ProcedureResult } from './procedure.ts';
import { procedureFor } from './steps.ts';

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

  /** Injects the fault if `at` is its point; says why when the injection failed (journaled as such). */
  const inject = async (at: string): Promise<string | undefined> => {
    if (!fault || !faultKind || fault.at !== at) return undefined;
    const injectedAt = ctx.clock();
    const entry: FaultRecord = { kind: fault.kind, colour: faultKind.colour, at, injectedAt, injection: 'ok', description: '' };
    result.faults.push(entry);
    try {
      const target = await faultTarget({ testbed: ctx.testbed, universe: procedure.created?.(), node: nodeOf(ctx, at), strategy, at, random: seededRandom(scenario.seed) });
      const active = await faultKind.inject(target, fault.params);
      entry.description = active.description;
      ctx.record({ t: injectedAt, kind: 'fault-inject', name: fault.kind, outcome: 'ok', detail: active.description });
      ctx.defer(async () => {
        try {
          await active.revert();
          entry.revertedAt = ctx.clock();
          ctx.record({ t: entry.revertedAt, kind: 'fault-revert', name: fault.kind, outcome: 'ok' });
        } catch (error) {
          entry.revertError = (error as Error).message;
          ctx.record({ t: ctx.clock(), kind: 'fault-revert', name: fault.kind, outcome: 'failed', detail: entry.revertError });
          ctx.log(`reverting ${fault.kind} failed: ${entry.revertError.split('\n')[0]}`);
        }
      });
      return undefined;
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      entry.injection = 'failed';
      entry.description = (error as Error).message;
      ctx.record({ t: injectedAt, kind: 'fault-inject', name: fault.kind, outcome: 'failed', detail: entry.description });
      // The kind undid what it had changed before it failed (faults/undo.ts), unless that failed too.
      if (isRollbackFailure(error)) {
        entry.revertError = entry.description;
        ctx.record({ t: ctx.clock(), kind: 'fault-revert', name: fault.kind, outcome: 'failed', detail: entry.description });
      } else {
        entry.revertedAt = ctx.clock();
        ctx.record({ t: entry.revertedAt, kind: 'fault-revert', name: fault.kind, outcome: 'ok', detail: 'undone by the failed injection' });
      }
      ctx.log(`injecting ${fault.kind} at ${at} failed: ${entry.description.split('\n')[0]}`);
      return `injecting ${fault.kind} at ${at} failed: ${entry.description}`;
    }
  };

  /** Ends the procedure: Imago backs out so that the old universe keeps serving, the others stop where they are. */
  const stop = async (reason: string): Promise<ProcedureResult> => {
    if (!procedure.abort) return { ...result, outcome: 'failed', reason, created: procedure.created?.() };
    await procedure.abort(ctx);
    ctx.record({ t: ctx.clock(), kind: 'note', name: 'aborted', detail: `the old system keeps serving: ${reason.split('\n')[0]}` });
    return { ...result, outcome: 'aborted', reason, created: procedure.created?.() };
  };

  // A procedural fault may have removed the step it names (omitted-step): it acts from the start.
  const atStep = fault?.at.replace(/^(before|after):/, '');
  if (fault && atStep !== undefined && !names.includes(atStep)) {
    const failed = await inject(fault.at);
    if (failed) return stop(failed);
  }

  for (const name of names) {
    ctx.signal.throwIfAborted();
    const failedBefore = await inject(`before:${name}`);
    if (failedBefore) return stop(failedBefore);
    const start = ctx.clock();
    ctx.record({ t: start, kind: 'step-start', name });
    try {
      const log = await procedure.action(name)(ctx);
      const end = ctx.clock();
      ctx.record({ t: end, kind: 'step-end', name, outcome: 'ok', detail: log });
      result.steps.push({ name, start, end, outcome: 'ok', log });
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const reason = (error as Error).message;
      const end = ctx.clock();
      ctx.record({ t: end, kind: 'step-end', name, outcome: 'failed', detail: reason });
      result.steps.push({ name, start, end, outcome: 'failed', error: reason });
      ctx.log(`step ${name} failed: ${reason.split('\n')[0]}`);
      return stop(`${name}: ${reason}`);
    }
    const failedAfter = await inject(`after:${name}`);
    if (failedAfter) return stop(failedAfter);
  }
  return { ...result, created: procedure.created?.() };
}

/** The frontend a step works on (replace:web-2 → web-2), as the testbed has it now. */
function nodeOf(ctx: ProcedureContext, at: string) {
  const match = /:(?:drain|replace|undrain):web-(\d+)$/.exec(at);
  return match ? ctx.testbed.webs[Number(match[1]) - 1] : undefined;
}
