/**
 * The lifetime of one run's Docker resources: whatever happens (success, error, SIGINT,
 * SIGTERM or SIGHUP, an exception nothing caught, a wait nothing is left to end), everything labelled with
 * the run id is removed, and a cleanup error never masks the error that ended the run. What the
 * process cannot catch (SIGKILL, out of memory) its reaper handles (reaper.ts). While it works,
 * the run beats its heartbeat (owner.ts), so other bench processes see it as live.
 */
import { removeLabelled, sweepRun, type Engine } from './docker.ts';
import { BenchError, ExitCode } from './exit-codes.ts';
import { currentOwner, heartbeatEveryMs, removeRunState, writeRunState } from './owner.ts';
import { startReaper, stopReaper } from './reaper.ts';
import { redact } from './secrets.ts';

export interface RunScope {
  runId: string;
  /** Aborted on SIGINT/SIGTERM: long work checks it between steps. */
  signal: AbortSignal;
}

export interface ScopeOptions {
  /** Leave the resources running when `work` succeeds (`bench up`). */
  keepOnSuccess?: boolean;
  log?: (line: string) => void;
}

export async function withRunScope<T>(docker: Engine, runId: string, work: (scope: RunScope) => Promise<T>, options: ScopeOptions = {}): Promise<T> {
  const log = (line: string) => (options.log ?? console.error)(redact(line));
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals++;
    // The terminal is gone: writes to it fail from now on, and must not end the cleanup.
    if (name === 'SIGHUP') for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
    log(`\n${name}: stopping run ${runId} and removing its containers...`);
    controller.abort(new BenchError(`interrupted by ${name}`, ExitCode.interrupted));
    // A second signal does not wait for the work to notice the abort.
    if (signals > 1) void removeLabelled(docker, runId).finally(() => process.exit(ExitCode.interrupted));
  };
  // The work can no longer reach the `finally` below: the run's resources go first, then the
  // process ends as for any unknown error.
  const abandon = (why: string) => {
    log(`bench: run ${runId} ${why}`);
    void sweep(docker, runId, log).finally(() => process.exit(ExitCode.infrastructure));
  };
  // An exception thrown in a callback (a socket's, a timer's) would end the process.
  const onCrash = (error: Error) => abandon(`crashed: ${error.stack ?? error.message}`);
  // The event loop ran empty while the work still waits: a promise nothing will settle (undici's
  // fetch can leave one so on a port that refused the connection, with only unref'd timers
  // behind it). Node would end the process silently (exit 13).
  const onStall = () => abandon('stalled: it waits on something nothing is left to finish');
  const reaper = startReaper(runId, currentOwner());
  const beat = () => writeRunState(runId, { heartbeat: Date.now() });
  beat();
  const heartbeat = setInterval(beat, heartbeatEveryMs).unref();
  // SIGHUP: the terminal the run was started from closed; its resources must go as on Ctrl-C.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('beforeExit', onStall);
  let succeeded = false;
  try {
    const result = await work({ runId, signal: controller.signal });
    succeeded = true;
    return result;
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('beforeExit', onStall);
    clearInterval(heartbeat);
    if (succeeded && options.keepOnSuccess) writeRunState(runId, { heartbeat: Date.now(), kept: true });
    else {
      await sweep(docker, runId, log);
      removeRunState(runId);
    }
    stopReaper(reaper);
  }
}

/** Removes the run's resources; a failure here is reported, not thrown over the first error. */
async function sweep(docker: Engine, runId: string, log: (line: string) => void) {
  try {
    const removed = await sweepRun(docker, runId);
    log(`cleanup: removed ${removed.containers} containers, ${removed.networks} networks, ${removed.volumes} volumes of ${runId}`);
  } catch (error) {
    log(`cleanup of ${runId} failed: ${(error as Error).message}\n  run \`bench down ${runId}\` to retry`);
  }
}
