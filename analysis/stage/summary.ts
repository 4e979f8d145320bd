// The protocol comparison: overhead against completion time, relative to NoStaging.
import type { Protocol } from './params.ts';
import type { SimResult } from './simulate.ts';

export interface ComparisonRow {
  protocol: Protocol;
  overheadMachines: number;
  overheadRepresentatives: number;
  faultyInstalls: number;
  /** Overhead as a share of NoStaging's (null without a NoStaging run or when it had none). */
  overheadVsNoStaging: number | null;
  completionDays: number | null;
  /** Completion time relative to NoStaging's: 0.25 is 25% later. */
  delayVsNoStaging: number | null;
  p90Days: number;
  unfinished: number;
}

const minutesPerDay = 24 * 60;

export function compare(results: SimResult[]): ComparisonRow[] {
  const baseline = results.find((r) => r.protocol === 'nostaging');
  return results.map((r) => ({
    protocol: r.protocol,
    overheadMachines: r.overhead.machines,
    overheadRepresentatives: r.overhead.representatives,
    faultyInstalls: r.overhead.faultyInstalls,
    overheadVsNoStaging: baseline && baseline.overhead.machines > 0 ? r.overhead.machines / baseline.overhead.machines : null,
    completionDays: r.completionTime === null ? null : r.completionTime / minutesPerDay,
    delayVsNoStaging: baseline?.completionTime && r.completionTime !== null ? r.completionTime / baseline.completionTime - 1 : null,
    p90Days: r.upgradedBy.p90 / minutesPerDay,
    unfinished: r.unfinished,
  }));
}

const pct = (x: number | null, signed = false) => (x === null ? '-' : `${signed && x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);
const days = (x: number | null) => (x === null ? 'never' : x.toFixed(2));

/** A Markdown table (also readable on a terminal). */
export function comparisonTable(rows: ComparisonRow[]): string {
  const header = ['protocol', 'overhead (machines)', 'of which representatives', 'faulty installs', 'overhead vs NoStaging', 'completion (days)', 'vs NoStaging', '90% upgraded (days)'];
  const lines = rows.map((r) => [
    r.protocol,
    r.overheadMachines.toLocaleString('en-US'),
    String(r.overheadRepresentatives),
    r.faultyInstalls.toLocaleString('en-US'),
    pct(r.overheadVsNoStaging),
    days(r.completionDays) + (r.unfinished > 0 ? ` (${r.unfinished} never fixed)` : ''),
    pct(r.delayVsNoStaging, true),
    r.p90Days.toFixed(2),
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
