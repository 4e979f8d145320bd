/**
 * What fault modules do to containers: read and write files, reload or restart a service, wait
 * until it answers again, and make a revert that runs once. A container that is gone (replaced by
 * the procedure) has nothing left to revert.
 */
import { posix } from 'node:path';
import type Docker from 'dockerode';
import { exec, execOk, isNotFound, lastLogLines, putFiles } from '../harness/docker.ts';
import { sql } from '../harness/testbed/mariadb.ts';
import type { Universe } from '../harness/testbed/index.ts';
import type { ActiveFault, FaultTarget } from './fault.ts';

/** The frontends a fault acts on: the step's node, else every frontend of the target universe. */
export function frontendsOf(target: FaultTarget): Docker.Container[] {
  if (target.node) return [target.node];
  if (target.universe.webs.length === 0) throw new Error(`no frontend to act on at ${target.at}`);
  return target.universe.webs;
}

/** web-1, db, ...: the container's name without the run prefix. */
export async function nameOf(container: Docker.Container): Promise<string> {
  const name = (await container.inspect()).Name.replace(/^\//, '');
  return name.replace(/^bench-.*-(web-\d+|db[\w-]*|ingress)$/, '$1');
}

export const readFile = (c: Docker.Container, path: string) => execOk(c, ['cat', path]);

export const writeFile = (c: Docker.Container, path: string, content: string, mode = 0o644) => putFiles(c, posix.dirname(path), { [posix.basename(path)]: content }, mode);

export async function isRunning(c: Docker.Container): Promise<boolean> {
  return (await c.inspect()).State.Running;
}

/** The one path matching a shell glob in the container (e.g. /etc/php/{7.4,8.2}/apache2/php.ini). */
export async function resolveGlob(c: Docker.Container, pattern: string): Promise<string> {
  const out = (await execOk(c, ['sh', '-c', `ls -d ${pattern}`])).trim().split('\n').filter(Boolean);
  if (out.length !== 1) throw new Error(`expected one path for ${pattern}, found ${out.length}`);
  return out[0]!;
}

/** apache2ctl graceful: re-reads the config (and php.ini), keeps connections; refused when the config is broken. */
export async function gracefulApache(c: Docker.Container): Promise<{ ok: boolean; detail: string }> {
  const r = await exec(c, ['apache2ctl', 'graceful']);
  const detail = (r.stderr + r.stdout).split('\n').filter((l) => l && !l.includes('AH00558')).join(' ').slice(0, 300);
  return { ok: r.exitCode === 0, detail };
}

/**
 * mod_php's opcache looks at a PHP file's time stamp at most every 2 s (Debian's
 * opcache.revalidate_freq), and the file's time stamp has whole seconds: an edit of
 * LocalSettings.php is surely in effect after twice that (2.2 s was seen to miss it in CI).
 */
export const opcacheRevalidateMs = 4_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the frontend answers api.php itself (not through HAProxy), or says why not. */
export async function waitForFrontend(c: Docker.Container, timeoutMs = 20_000): Promise<{ ok: boolean; detail: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const exited = async () => ({ ok: false, detail: `the container exited: ${(await lastLogLines(c, 3)).replace(/\s+/g, ' ').slice(0, 300)}` });
    if (!(await isRunning(c))) return exited();
    const r = await exec(c, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '5', 'http://localhost/mediawiki/api.php?action=query&meta=siteinfo&format=json']).catch((error: unknown) => {
      // The container stopped between the check and the exec.
      if ((error as { statusCode?: number }).statusCode === 409) return undefined;
      throw error;
    });
    if (!r) return exited();
    last = r.stdout.trim();
    if (last === '200') return { ok: true, detail: 'answers' };
    await sleep(300);
  }
  return { ok: false, detail: `no 200 within ${timeoutMs / 1000} s (last: ${last || 'no answer'})` };
}

/** Restarts a frontend (Apache is its PID 1) and reports whether it came back. */
export async function restartFrontend(c: Docker.Container, timeoutMs = 8_000): Promise<{ ok: boolean; detail: string }> {
  await c.restart({ t: 3 });
  return waitForFrontend(c, timeoutMs);
}

/** Starts a stopped frontend (after a revert) or reloads a running one, then waits for it. */
export async function bringBackFrontend(c: Docker.Container): Promise<void> {
  if (await isRunning(c)) await gracefulApache(c);
  else await c.start();
  const back = await waitForFrontend(c, 30_000);
  if (!back.ok) throw new Error(`${await nameOf(c)} did not come back after the revert: ${back.detail}`);
}

/** Polls until MariaDB answers as root, or the container has exited. */
export async function waitForDatabase(u: Universe, timeoutMs = 30_000): Promise<{ ok: boolean; detail: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isRunning(u.db))) return { ok: false, detail: `mariadbd exited: ${(await lastLogLines(u.db, 4)).replace(/\s+/g, ' ').slice(0, 300)}` };
    if ((await sql(u.db, u.credentials, 'SELECT 1')).exitCode === 0) return { ok: true, detail: 'answers' };
    await sleep(300);
  }
  return { ok: false, detail: `no answer within ${timeoutMs / 1000} s` };
}

/** Runs SQL as root and fails with MariaDB's message. */
export async function sqlOk(u: Universe, statement: string): Promise<string> {
  const r = await sql(u.db, u.credentials, statement);
  if (r.exitCode !== 0) throw new Error(`SQL failed (${statement.slice(0, 100)}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** SQL string literal. */
export const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Runs `undo` on the first call only; later calls return the same promise. A vanished container is nothing to undo. */
export function once(undo: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () =>
    (done ??= undo().catch((error: unknown) => {
      if (isNotFound(error)) return;
      throw error;
    }));
}

export function active(description: string, undo: () => Promise<void>): ActiveFault {
  return { description, revert: once(undo) };
}

/** An active fault that only marks the journal (procedural faults act through transformSteps). */
export const marker = (description: string): ActiveFault => ({ description, revert: async () => {} });

/**
 * The common shape of a config fault on frontends: edit one file in each, apply the change
 * (reload, restart or nothing), and on revert put the original back and bring the frontend back.
 */
export async function editFrontendFiles(
  target: FaultTarget,
  path: string | ((c: Docker.Container) => Promise<string>),
  edit: (text: string, c: Docker.Container) => { text: string; what: string },
  apply: 'none' | 'graceful' | 'restart',
): Promise<ActiveFault> {
  const saved: Array<{ c: Docker.Container; file: string; original: string }> = [];
  const notes: string[] = [];
  const undo = async () => {
    for (const { c, file, original } of [...saved].reverse()) {
      try {
        await writeFile(c, file, original);
        if (apply === 'none') await sleep(opcacheRevalidateMs);
        else await bringBackFrontend(c);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  };
  try {
    for (const c of frontendsOf(target)) {
      const file = typeof path === 'string' ? path : await path(c);
      const original = await readFile(c, file);
      const { text, what } = edit(original, c);
      saved.push({ c, file, original });
      await writeFile(c, file, text);
      let outcome = '';
      if (apply === 'none') await sleep(opcacheRevalidateMs);
      else if (apply === 'graceful') {
        const r = await gracefulApache(c);
        outcome = r.ok ? ', reloaded' : `, reload refused (${r.detail})`;
      } else {
        const r = await restartFrontend(c);
        outcome = r.ok ? ', restarted and answering' : `, restarted: ${r.detail}`;
      }
      notes.push(`${await nameOf(c)} ${file}: ${what}${outcome}`);
    }
  } catch (error) {
    // A half-injected fault is undone before the error goes up: the engine has no handle on it.
    await undo().catch(() => {});
    throw error;
  }
  return active(notes.join('; '), undo);
}
