// Writes at risk: the ledger counted per window of the run's timeline.
import { describe, expect, it } from 'vitest';
import { writesByWindow } from '../../analysis/measure/index.ts';
import type { RunEvent } from '../../analysis/measure/timeline.ts';

const ledger = (...ts: number[]) => ts.map((t) => ({ t }));

describe('writesByWindow', () => {
  const marks: RunEvent[] = [
    { t: 0, kind: 'phase', name: 'warm-up' },
    { t: 10_000, kind: 'phase', name: 'upgrade' },
    { t: 30_000, kind: 'phase', name: 'cool-down' },
  ];

  it('counts before, during and after the upgrade; at risk from its start without a fault', () => {
    expect(writesByWindow(ledger(1_000, 9_999, 10_000, 20_000, 29_999, 30_000, 45_000), marks)).toEqual({ before: 2, during: 3, after_fault: null, after: 2, at_risk: 5 });
  });

  it('at risk from the fault injection when there is one', () => {
    const events: RunEvent[] = [...marks, { t: 20_000, kind: 'fault-inject', name: 'typo-php-ini' }];
    expect(writesByWindow(ledger(1_000, 12_000, 19_000, 21_000, 35_000), events)).toEqual({ before: 1, during: 3, after_fault: 2, after: 1, at_risk: 2 });
  });

  it('a run that never reached the upgrade has nothing at risk', () => {
    expect(writesByWindow(ledger(1_000, 2_000), [{ t: 0, kind: 'phase', name: 'warm-up' }]).at_risk).toBe(0);
  });
});
