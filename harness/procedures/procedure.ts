/**
 * What a procedure is to the engine that runs it, and what running it gives: the context its
 * steps get, its actions by step name, the steps' and the fault's records, Imago's report, and
 * what it created.
 */
import type { RunEvent } from '../../analysis/measure/timeline.ts';
import type { Engine } from '../docker.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Testbed, Universe } from '../testbed/index.ts';

export interface ProcedureContext {
  docker: Engine;
  scenario: Scenario;
  testbed: Testbed;
  /** Milliseconds since the run's start, the clock of every sample and event. */
  clock: () => number;
  record: (event: RunEvent) => void;
  /** A failure in a line (a step, an injection or a revert that failed): shown even with --quiet. */
  log: (line: string) => void;
  signal: AbortSignal;
  /**
   * Registers an undo (a fault's revert) that the run calls, newest first, after its checks or
   * in a finally when the run fails; the undo journals its outcome and never throws.
   */
  defer: (undo: () => Promise<void>) => void;
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
  /** The fault injected at its point, and whether it was reverted. */
  faults: FaultRecord[];
  /** Imago only: catch-up lag, the compare engine's findings, the quiescence. */
  imago?: ImagoReport;
  /** What the procedure created (Imago's new universe): it serves after a completed switch-over. */
  created?: Universe;
}

export interface FaultRecord {
  kind: string;
  /** The kind's chart colour: the report shades its window with it. */
  colour: string;
  at: string;
  injectedAt: number;
  /** failed: the injection failed, and what it had changed was undone before it said so. */
  injection: 'ok' | 'failed';
  /** What the fault did, or why its injection failed. */
  description: string;
  revertedAt?: number;
  /** Why the revert failed (what the fault changed may still be there). */
  revertError?: string;
}

/** One run of a strategy: its actions by step name, and its way of backing out, if it has one. */
export interface Procedure {
  action(name: string): Action;
  /** Undo what a failed run did so the old system keeps serving (Imago). */
  abort?(ctx: ProcedureContext): Promise<void>;
  imago?: ImagoReport;
  /** What it has created so far (Imago's new universe, once bootstrapped): where faults act. */
  created?(): Universe | undefined;
}

/** A step's action returns a line for the step's log. */
export type Action = (ctx: ProcedureContext) => Promise<string>;

export interface ImagoReport {
  /** Catch-up rounds: how far U_new was behind when each started. */
  lag: Array<{ t: number; pages: number; seconds: number }>;
  compared: number;
  differences: Array<{ title: string; old?: string; new?: string }>;
  /** How long new writes were held at the ingress (reads were served all along). */
  quiescenceMs?: number;
  pagesTransferred: number;
}
