/**
 * Who owns a run's Docker resources, and whether that owner is still there: a live run must never
 * be removed by another bench process (`bench down`, `bench doctor`, a second run on the engine).
 *
 * Every container, network and volume carries its owner in labels (host, pid, and the process's
 * start time, so a reused pid is not mistaken for the owner). The owner also keeps a state file
 * in the host's temporary directory with a heartbeat it refreshes while it works, and marks there
 * a testbed that `bench up` leaves running on purpose.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

const ownerLabels = { host: 'bench.owner.host', pid: 'bench.owner.pid', started: 'bench.owner.started' } as const;

export interface Owner {
  host: string;
  pid: number;
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat), '' where unknown. */
  started: string;
}

/** The start time of a process, or undefined when there is no such process. */
function processStarted(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export const currentOwner = (): Owner => ({ host: hostname(), pid: process.pid, started: processStarted(process.pid) ?? '' });

export const labelsOfOwner = (o: Owner): Record<string, string> => ({ [ownerLabels.host]: o.host, [ownerLabels.pid]: String(o.pid), [ownerLabels.started]: o.started });

export function ownerOf(labels: Record<string, string> | undefined): Owner | undefined {
  const pid = Number(labels?.[ownerLabels.pid]);
  if (!labels?.[ownerLabels.host] || !Number.isInteger(pid)) return undefined;
  return { host: labels[ownerLabels.host]!, pid, started: labels[ownerLabels.started] ?? '' };
}

/** Whether the owner's process is still there (its pid, started at the same time). */
export function ownerAlive(o: Pick<Owner, 'pid' | 'started'>): boolean {
  const started = processStarted(o.pid);
  return o.started ? started === o.started : started !== undefined;
}

/** A heartbeat older than this, from an owner whose process is still there, means it hangs. */
export const heartbeatStaleMs = 60_000;
export const heartbeatEveryMs = 5_000;

/**
 * live: the owner runs and beats. kept: `bench up` left it running on purpose. gone: the owner's
 * process ended (killed, crashed) without removing it. stale: the owner's process is there but
 * has not beaten for a minute. elsewhere: owned by another host, whose processes cannot be seen.
 * unowned: made by a bench without owner labels.
 */
export type OwnerState = 'live' | 'kept' | 'gone' | 'stale' | 'elsewhere' | 'unowned';

export function ownerState(runId: string, owner: Owner | undefined, now = Date.now()): OwnerState {
  const state = readRunState(runId);
  if (state?.kept) return 'kept';
  if (!owner) return 'unowned';
  if (owner.host !== hostname()) return 'elsewhere';
  if (!ownerAlive(owner)) return 'gone';
  return state && now - state.heartbeat > heartbeatStaleMs ? 'stale' : 'live';
}

/** States whose resources `bench down` removes without --force. */
export const removedByDown = (s: OwnerState) => s === 'gone' || s === 'stale' || s === 'unowned' || s === 'kept';

// --- the state file: <tmp>/bench-runs/<run id>.json ---

export interface RunState {
  heartbeat: number;
  /** Left running on purpose (`bench up`): not reaped. */
  kept?: boolean;
}

export const stateDir = () => join(tmpdir(), 'bench-runs');
const statePath = (runId: string) => join(stateDir(), `${runId}.json`);

export function readRunState(runId: string): RunState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(runId), 'utf8')) as RunState;
  } catch {
    return undefined;
  }
}

export function writeRunState(runId: string, state: RunState): void {
  mkdirSync(stateDir(), { recursive: true });
  const tmp = `${statePath(runId)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, statePath(runId));
}

export const removeRunState = (runId: string) => rmSync(statePath(runId), { force: true });
