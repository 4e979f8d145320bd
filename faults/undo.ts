/**
 * Undo that cannot be lost: a fault changes its targets one by one, and when a later one fails
 * the ones already changed are put back before the error goes up (the engine has no handle on a
 * half-made fault); a revert runs once and reaches every target even when one of them fails.
 */
import { isGone } from './capabilities.ts';
import type { ActiveFault } from './fault.ts';

/** A fault's change of one target, in three parts so that it can be undone at any point. */
export interface Change<T, S> {
  /** Reads what `undo` puts back; changes nothing. */
  save(target: T): Promise<S>;
  /** Makes the change; returns what it did, for the journal. */
  apply(target: T, saved: S): Promise<string>;
  /** Puts back what `save` read; also right on a target whose `apply` failed part-way. */
  undo(target: T, saved: S): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Applies `change` to each target in turn; the active fault's revert undoes them newest first. */
export async function applyToEach<T, S>(targets: readonly T[], change: Change<T, S>): Promise<ActiveFault> {
  const changed: Array<{ target: T; saved: S }> = [];
  const notes: string[] = [];
  const undo = () => undoEach(changed, change);
  try {
    for (const target of targets) {
      const saved = await change.save(target);
      changed.push({ target, saved });
      notes.push(await change.apply(target, saved));
    }
  } catch (error) {
    try {
      await undo();
    } catch (rollback) {
      throw Object.assign(new Error(`${messageOf(error)}; undoing it failed too: ${messageOf(rollback)}`, { cause: error }), { rollbackFailed: true });
    }
    throw error;
  }
  return active(notes.join('; '), undo);
}

/** Whether a failed injection left something behind (its rollback failed too). */
export const isRollbackFailure = (error: unknown): boolean => (error as { rollbackFailed?: unknown } | undefined)?.rollbackFailed === true;

/** Undoes each target, newest first: one that fails does not keep the others from being undone; a gone one has nothing left to undo. */
async function undoEach<T, S>(changed: ReadonlyArray<{ target: T; saved: S }>, change: Change<T, S>): Promise<void> {
  const failures: string[] = [];
  for (const { target, saved } of [...changed].reverse()) {
    try {
      await change.undo(target, saved);
    } catch (error) {
      if (!isGone(error)) failures.push(messageOf(error));
    }
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
}

/** An active fault whose revert runs `undo` on the first call only; later calls return the same promise. */
export function active(description: string, undo: () => Promise<void>): ActiveFault {
  let done: Promise<void> | undefined;
  return { description, revert: () => (done ??= undo()) };
}

/** An active fault that only marks the journal (procedural faults act through transformSteps). */
export const marker = (description: string): ActiveFault => ({ description, revert: async () => {} });
