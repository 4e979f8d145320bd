/**
 * What every fault kind is: a typed params spec, where it can apply, and an inject that acts on
 * the right target and returns an active fault whose revert() is idempotent.
 */
import type Docker from 'dockerode';
import type { z } from 'zod';
import type { Engine } from '../harness/docker.ts';
import type { Random } from '../harness/random.ts';
import type { StrategyName } from '../harness/strategies.ts';
import type { Testbed, Universe } from '../harness/testbed/index.ts';
import type { FaultClass } from './index.ts';

/** Where and on what a fault acts, handed over by the step engine at `fault.at`. */
export interface FaultTarget {
  docker: Engine;
  testbed: Testbed;
  strategy: StrategyName;
  /** The injection point, e.g. after:replace:web-1. */
  at: string;
  /** Where to act: Imago's new universe once bootstrapped, otherwise the shared one (the testbed). */
  universe: Universe;
  /** The frontend the step works on (rolling, big-flip), as it is at injection time. */
  node?: Docker.Container;
  random: Random;
  log: (line: string) => void;
}

export interface ActiveFault {
  /** What was done, for the journal: "LocalSettings.php: $wgDBserver 'db' -> 'dn'". */
  description: string;
  /** Undoes the fault; calling it twice is harmless. */
  revert(): Promise<void>;
}

export interface FaultKind<P extends z.ZodType = z.ZodType> {
  class: FaultClass;
  kind: string;
  description: string;
  params: P;
  /**
   * true, or why this kind cannot apply at that point of that strategy (shown by bench validate).
   * `params` are the validated params when the scenario's are well-formed.
   */
  appliesTo(strategy: StrategyName, at: string, params?: z.output<P>): true | string;
  /** Chart colour of its window in reports. */
  colour: string;
  /** What acts, in one line, for `bench faults` (e.g. "the node's LocalSettings.php"). */
  acts: string;
  /**
   * Procedural faults (omitted, spurious, reordered steps) change the procedure, not a
   * container: the engine applies this to the strategy's step names before running them. It
   * throws an Error saying why when the params do not fit the steps (bench validate shows it).
   */
  transformSteps?(steps: string[], at: string, params: z.output<P>): string[];
  inject(target: FaultTarget, params: z.output<P>): Promise<ActiveFault>;
}

/** Declares a kind with its params type inferred (no casts in the modules). */
export const defineFault = <P extends z.ZodType>(kind: FaultKind<P>): FaultKind<P> => kind;
