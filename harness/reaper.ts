/**
 * The reaper: a run that is killed (SIGKILL, out of memory) cannot clean up after itself, so each
 * run starts a small watcher process of its own, detached from it (its own session, so Ctrl-C in
 * the terminal and a kill of the run's process group do not reach it). The watcher checks every
 * second that the run's process is still there; once it is not, it removes everything labelled
 * with the run id and ends. A run that ends normally stops its watcher after its own cleanup.
 *
 * Why a process and not a reaper container as testcontainers' Ryuk: a container would need the
 * engine's socket mounted (root on the host, from inside the testbed a fault may break) and an
 * image of its own; the bench's engine is local (it publishes on 127.0.0.1), so a process beside
 * the run sees all the container would. What it cannot survive (the host going down) takes the
 * engine with it; `bench down` removes such leftovers, as their owner is gone.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Docker from 'dockerode';
import { sweepRun } from './docker.ts';
import { ownerAlive, readRunState, removeRunState, stateDir, type Owner } from './owner.ts';

/** Starts the run's watcher; returns its pid. */
export function startReaper(runId: string, owner: Pick<Owner, 'pid' | 'started'>): number | undefined {
  // From the repository, where `--import tsx` finds tsx.
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), runId, String(owner.pid), owner.started], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid;
}

/** Stops the watcher of a run that ended (or was left running on purpose). */
export function stopReaper(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function watch(runId: string, owner: Pick<Owner, 'pid' | 'started'>): Promise<void> {
  while (ownerAlive(owner)) await sleep(1000);
  if (readRunState(runId)?.kept) return;
  const docker = new Docker();
  let line: string;
  try {
    const removed = await sweepRun(docker, runId);
    line = `reaped ${runId} (pid ${owner.pid} gone): ${removed.containers} containers, ${removed.networks} networks, ${removed.volumes} volumes`;
    removeRunState(runId);
  } catch (error) {
    line = `reaping ${runId} failed: ${(error as Error).message}; \`bench down ${runId}\` retries`;
  }
  mkdirSync(stateDir(), { recursive: true });
  appendFileSync(join(stateDir(), 'reaper.log'), `${new Date().toISOString()} ${line}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [runId, pid, started] = process.argv.slice(2);
  await watch(runId!, { pid: Number(pid), started: started ?? '' });
}
