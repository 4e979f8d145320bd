// Undo that cannot be lost (faults/undo.ts): a change across targets is rolled back on the ones
// already changed when a later one fails, a revert runs once and reaches every target.
import { describe, expect, it } from 'vitest';
import { gone } from '../../faults/capabilities.ts';
import { active, applyToEach, isRollbackFailure, type Change } from '../../faults/undo.ts';
import { rejection } from './faults-fakes.ts';

/** Targets with a value each; the change sets it to 'changed', the undo puts the saved one back. */
function bench(o: { failApplyOn?: string; failUndoOn?: string; goneOn?: string } = {}) {
  const values = new Map([
    ['a', 'a0'],
    ['b', 'b0'],
    ['c', 'c0'],
  ]);
  const log: string[] = [];
  const change: Change<string, string> = {
    async save(t) {
      return values.get(t)!;
    },
    async apply(t) {
      values.set(t, 'half');
      if (t === o.failApplyOn) throw new Error(`apply ${t} failed`);
      values.set(t, 'changed');
      log.push(`apply ${t}`);
      return `${t} changed`;
    },
    async undo(t, saved) {
      if (t === o.goneOn) throw gone(t);
      if (t === o.failUndoOn) throw new Error(`undo ${t} failed`);
      values.set(t, saved);
      log.push(`undo ${t}`);
    },
  };
  return { values, log, change };
}

describe('applyToEach', () => {
  it('changes every target in order; the revert undoes them newest first, once', async () => {
    const { values, log, change } = bench();
    const fault = await applyToEach(['a', 'b', 'c'], change);
    expect(fault.description).toBe('a changed; b changed; c changed');
    expect([...values.values()]).toEqual(['changed', 'changed', 'changed']);
    await fault.revert();
    await fault.revert();
    expect(log).toEqual(['apply a', 'apply b', 'apply c', 'undo c', 'undo b', 'undo a']);
    expect(Object.fromEntries(values)).toEqual({ a: 'a0', b: 'b0', c: 'c0' });
  });

  it('a failure on the second target rolls back the first (and the second, half changed), then rethrows', async () => {
    const { values, log, change } = bench({ failApplyOn: 'b' });
    const error = await rejection(applyToEach(['a', 'b', 'c'], change));
    expect(error.message).toBe('apply b failed');
    expect(isRollbackFailure(error)).toBe(false);
    expect(log).toEqual(['apply a', 'undo b', 'undo a']);
    expect(Object.fromEntries(values)).toEqual({ a: 'a0', b: 'b0', c: 'c0' });
  });

  it('a rollback that fails too is said, and the other targets are still rolled back', async () => {
    const { values, change } = bench({ failApplyOn: 'c', failUndoOn: 'b' });
    const error = await rejection(applyToEach(['a', 'b', 'c'], change));
    expect(error.message).toBe('apply c failed; undoing it failed too: undo b failed');
    expect(isRollbackFailure(error)).toBe(true);
    expect(Object.fromEntries(values)).toEqual({ a: 'a0', b: 'changed', c: 'c0' });
  });

  it('a revert reaches every target: a gone one has nothing to undo, a failing one is reported after the rest', async () => {
    const goneCase = bench({ goneOn: 'b' });
    await (await applyToEach(['a', 'b', 'c'], goneCase.change)).revert();
    expect(goneCase.log.filter((l) => l.startsWith('undo'))).toEqual(['undo c', 'undo a']);

    const failing = bench({ failUndoOn: 'b' });
    const fault = await applyToEach(['a', 'b', 'c'], failing.change);
    await expect(fault.revert()).rejects.toThrow('undo b failed');
    expect(failing.log.filter((l) => l.startsWith('undo'))).toEqual(['undo c', 'undo a']);
  });

  it('a target whose save fails is not undone; the ones before it are', async () => {
    const { log, change } = bench();
    const failingSave: Change<string, string> = { ...change, save: async (t) => (t === 'b' ? Promise.reject(new Error('cannot read b')) : change.save(t)) };
    await expect(applyToEach(['a', 'b'], failingSave)).rejects.toThrow('cannot read b');
    expect(log).toEqual(['apply a', 'undo a']);
  });
});

describe('active', () => {
  it('runs its undo on the first revert only, and every caller gets the same outcome', async () => {
    let runs = 0;
    const fault = active('x', async () => {
      runs++;
      throw new Error('stuck');
    });
    await expect(fault.revert()).rejects.toThrow('stuck');
    await expect(fault.revert()).rejects.toThrow('stuck');
    expect(runs).toBe(1);
  });
});
