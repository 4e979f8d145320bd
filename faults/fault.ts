/**
 * What every fault kind is: a typed params spec, where it can apply, and an inject that acts on
 * the right target and returns an active fault whose revert() is idempotent.
 */
import type { z } from 'zod';
import type { Random } from '../analysis/statistics/random.ts';
import type { StrategyName } from './strategies.ts';
import type { Database, Frontend } from './capabilities.ts';

/** The four classes of the upgrade-centric fault model. */
export const faultClasses = ['simple-config', 'semantic-config', 'environment', 'data-access'] as const;
export type FaultClass = (typeof faultClasses)[number];

/** Where and on what a fault acts, handed over by the step engine at `fault.at`. */
export interface FaultTarget {
  strategy: StrategyName;
  /** The injection point, e.g. after:replace:web-1. */
  at: string;
  /**
   * The frontends to act on: the one the step works on (rolling, big-flip), as it is at injection
   * time, else every frontend of the universe being upgraded (Imago's new one once bootstrapped).
   */
  frontends: Frontend[];
  /** The database of the universe being upgraded: the shared one, or Imago's new one. */
  database: Database;
  /** The old universe's LocalSettings.php when the target is a new universe beside it (Imago). */
  oldSettings?: string;
  random: Random;
}

/**
 * The releases of the universe being upgraded, where a kind's reach depends on them: the database
 * server is the old universe's in the in-place strategies and the new one's in Imago.
 */
export interface UpgradedSystem {
  /** MariaDB release of the upgraded universe's database, e.g. "10.5", "11.8". */
  mariadb: string;
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
  /**
   * true, or why this kind cannot act on the upgraded universe's releases (e.g. an option its
   * MariaDB's config files do not set); absent: it acts on every release of the testbed.
   */
  appliesOn?(system: UpgradedSystem, params?: z.output<P>): true | string;
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
  /**
   * Makes the fault. When it fails part-way, what it had changed is undone before the error goes
   * up (faults/undo.ts); isRollbackFailure(error) says that undoing failed too.
   */
  inject(target: FaultTarget, params: z.output<P>): Promise<ActiveFault>;
}

/** Declares a kind with its params type inferred (no casts in the modules). */
export const defineFault = <P extends z.ZodType>(kind: FaultKind<P>): FaultKind<P> => kind;
