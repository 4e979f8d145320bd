/**
 * Writes at risk: the acknowledged writes that the upgrade (or the fault) could lose. A verdict
 * of "0 lost" means little when few writes were acknowledged while the system was at risk, so
 * the ledger is counted per window and the lost-write verdict needs `minWritesAtRisk` of them.
 */
import type { RunEvent } from './timeline.ts';

export interface WritesByWindow {
  /** Acknowledged before the upgrade started. */
  before: number;
  /** Acknowledged while the procedure ran. */
  during: number;
  /** Acknowledged from the fault's injection on (null: no fault was injected). */
  after_fault: number | null;
  /** Acknowledged after the procedure ended. */
  after: number;
  /** Acknowledged from the upgrade's start, or the fault's injection when there is one, to the end. */
  at_risk: number;
}

export function writesByWindow(ledger: ReadonlyArray<{ t: number }>, events: readonly RunEvent[]): WritesByWindow {
  const mark = (kind: RunEvent['kind'], name?: string) => events.find((e) => e.kind === kind && (name === undefined || e.name === name))?.t;
  const upgrade = mark('phase', 'upgrade') ?? Infinity;
  const coolDown = mark('phase', 'cool-down') ?? Infinity;
  // A failed injection never took effect.
  const fault = events.find((e) => e.kind === 'fault-inject' && e.outcome !== 'failed')?.t;
  const count = (from: number, to = Infinity) => ledger.filter((e) => e.t >= from && e.t < to).length;
  return {
    before: count(-Infinity, upgrade),
    during: count(upgrade, coolDown),
    after_fault: fault === undefined ? null : count(fault),
    after: count(coolDown),
    at_risk: count(fault ?? upgrade),
  };
}
