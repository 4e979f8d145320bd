/**
 * The capabilities faults act through (faults/capabilities.ts), made of the testbed's containers:
 * what the step engine hands a fault at its injection point, for the testbed or Imago's new
 * universe.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { posix } from 'node:path';
import type Docker from 'dockerode';
import { gone, type Attempt, type Database, type Files, type Frontend } from '../faults/capabilities.ts';
import type { FaultTarget } from '../faults/fault.ts';
import type { Random } from '../analysis/statistics/random.ts';
import type { StrategyName } from '../faults/strategies.ts';
import { exec, execOk, isNotFound, lastLogLines, putFiles } from './docker.ts';
import { containerName, type Testbed, type Universe } from './testbed/index.ts';
import { dbAnswers, sql } from './testbed/mariadb.ts';
import { waitFor } from './wait.ts';

/**
 * mod_php's opcache looks at a PHP file's time stamp at most every 2 s (Debian's
 * opcache.revalidate_freq), and the file's time stamp has whole seconds: an edit of
 * LocalSettings.php is surely in effect after twice that (2.2 s was seen to miss it in CI).
 */
export const opcacheRevalidateMs = 4_500;

export interface TargetOptions {
  testbed: Testbed;
  /** Imago's new universe once it is bootstrapped; without it the testbed is the universe upgraded. */
  universe?: Universe;
  /** The frontend the step works on (rolling, big-flip). */
  node?: Docker.Container;
  strategy: StrategyName;
  at: string;
  random: Random;
}

export async function faultTarget(o: TargetOptions): Promise<FaultTarget> {
  const universe = o.universe ?? o.testbed;
  const roleOf = async (c: Docker.Container) => (await c.inspect()).Name.replace(/^\//, '').replace(containerName(o.testbed.runId, ''), '');
  const webs = o.node ? [o.node] : universe.webs;
  return {
    strategy: o.strategy,
    at: o.at,
    frontends: await Promise.all(webs.map(async (c) => frontend(c, await roleOf(c)))),
    database: database(universe, await roleOf(universe.db)),
    oldSettings: universe === o.testbed ? undefined : o.testbed.settings,
    random: o.random,
  };
}

function frontend(c: Docker.Container, name: string): Frontend {
  return {
    name,
    ...filesOf(c, name),
    run: (command) => on(name, () => exec(c, command)),
    reload: () =>
      on(name, async () => {
        const r = await exec(c, ['apache2ctl', 'graceful']);
        // AH00558 (no ServerName) is Apache's greeting on every start, not a reason.
        const detail = (r.stderr + r.stdout)
          .split('\n')
          .filter((l) => l && !l.includes('AH00558'))
          .join(' ')
          .slice(0, 300);
        return { ok: r.exitCode === 0, detail };
      }),
    restart: () => on(name, () => restartOrStart(c, 3)),
    isRunning: () => on(name, () => isRunning(c)),
    waitUntilServing: (timeoutMs) => waitUntil(c, `${name} serving api.php`, servesApi(c), timeoutMs, 'the container exited'),
    waitForPhpRevalidation: () => sleep(opcacheRevalidateMs),
  };
}

function database(u: Universe, name: string): Database {
  return {
    name,
    wiki: { database: u.credentials.database, user: u.credentials.user },
    ...filesOf(u.db, name),
    sql: (statement) =>
      on(name, async () => {
        const r = await sql(u.db, u.credentials, statement);
        if (r.exitCode !== 0) throw new Error(`SQL failed (${statement.slice(0, 100)}): ${r.stderr.trim()}`);
        return r.stdout;
      }),
    restart: () => on(name, () => restartOrStart(u.db, 5)),
    isRunning: () => on(name, () => isRunning(u.db)),
    waitUntilReady: (timeoutMs) => waitUntil(u.db, `${name} answering SQL`, dbAnswers(u.db, u.credentials), timeoutMs, 'mariadbd exited'),
  };
}

function filesOf(c: Docker.Container, name: string): Files {
  return {
    readFile: (path) => on(name, () => execOk(c, ['cat', path])),
    writeFile: (path, content, mode = 0o644) => on(name, () => putFiles(c, posix.dirname(path), { [posix.basename(path)]: content }, mode)),
  };
}

/** A call on a container; one the procedure has removed meanwhile is `gone`: nothing is left there to undo. */
const on = <T>(name: string, call: () => Promise<T>): Promise<T> =>
  call().catch((error: unknown) => {
    throw isNotFound(error) ? gone(name) : error;
  });

const isRunning = async (c: Docker.Container) => (await c.inspect()).State.Running;

async function restartOrStart(c: Docker.Container, stopSeconds: number): Promise<void> {
  if (await isRunning(c)) await c.restart({ t: stopSeconds });
  else await c.start();
}

const servesApi = (c: Docker.Container) => async () =>
  (await exec(c, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '5', 'http://localhost/mediawiki/api.php?action=query&meta=siteinfo&format=json'])).stdout.trim() === '200';

/** Polls `answers` until it says yes; a container that exits meanwhile ends the wait at once, with its last log lines. */
async function waitUntil(c: Docker.Container, what: string, answers: () => Promise<boolean>, timeoutMs: number, exited: string): Promise<Attempt> {
  const stopped = new AbortController();
  try {
    await waitFor(
      async () => {
        if (!(await isRunning(c))) stopped.abort();
        return !stopped.signal.aborted && answers();
      },
      { what, timeoutMs, intervalMs: 300, signal: stopped.signal },
    );
    return { ok: true, detail: 'answers' };
  } catch (error) {
    if (!stopped.signal.aborted) return { ok: false, detail: (error as Error).message };
    return { ok: false, detail: `${exited}: ${(await lastLogLines(c, 4)).replace(/\s+/g, ' ').slice(0, 300)}` };
  }
}
