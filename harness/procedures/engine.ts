/**
 * The step engine: runs a strategy's ordered steps while the load runs, marks each step's start
 * and end on the timeline, and offers the injection points before:<step> and after:<step>.
 */
import type { Engine } from '../docker.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Testbed } from '../testbed/index.ts';
import type { RunEvent } from '../timeline.ts';

export interface ProcedureContext {
  docker: Engine;
  scenario: Scenario;
  testbed: Testbed;
  /** Milliseconds since the run's start, the clock of every sample and event. */
  clock: () => number;
  record: (event: RunEvent) => void;
  log: (line: string) => void;
  signal: AbortSignal;
}

export interface StepResult {
  name: string;
  start: number;
  end: number;
  outcome: 'ok' | 'failed';
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
}

export async function runProcedure(ctx: ProcedureContext): Promise<ProcedureResult> {
  const { strategy } = ctx.scenario.upgrade;
  if (strategy === 'none') return { strategy, outcome: 'completed', steps: [], faults: [] };
  throw new Error(`the ${strategy} strategy is not built yet`);
}
