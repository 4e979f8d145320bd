/**
 * What fault kinds do with frontends, on top of their capabilities: pick the ones to act on, run
 * a command that must succeed, restart or bring one back, and edit a config file in each.
 */
import type { Attempt, Frontend } from './capabilities.ts';
import type { ActiveFault, FaultTarget } from './fault.ts';
import { applyToEach } from './undo.ts';

export function frontendsOf(target: FaultTarget): Frontend[] {
  if (target.frontends.length === 0) throw new Error(`no frontend to act on at ${target.at}`);
  return target.frontends;
}

/** Runs a command and fails with its output when it exits non-zero. */
export async function runOk(f: Frontend, command: string[]): Promise<string> {
  const r = await f.run(command);
  if (r.exitCode !== 0) throw new Error(`${f.name}: \`${command.join(' ').slice(0, 120)}\` exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' ')}`);
  return r.stdout;
}

/** The one path matching a shell glob in the frontend (e.g. /etc/php/{7.4,8.2}/apache2/php.ini). */
export async function resolveGlob(f: Frontend, pattern: string): Promise<string> {
  const out = (await runOk(f, ['sh', '-c', `ls -d ${pattern}`])).trim().split('\n').filter(Boolean);
  if (out.length !== 1) throw new Error(`expected one path for ${pattern} on ${f.name}, found ${out.length}`);
  return out[0]!;
}

/** Restarts a frontend and reports whether it came back within `timeoutMs`. */
export async function restartAndWait(f: Frontend, timeoutMs = 8_000): Promise<Attempt> {
  await f.restart();
  return f.waitUntilServing(timeoutMs);
}

/** Reloads a running frontend or starts a stopped one (after a revert), then waits until it serves. */
export async function bringBack(f: Frontend): Promise<void> {
  if (await f.isRunning()) await f.reload();
  else await f.restart();
  const back = await f.waitUntilServing(30_000);
  if (!back.ok) throw new Error(`${f.name} did not come back after the revert: ${back.detail}`);
}

/** How a config change takes effect: PHP rereads the file, Apache reloads gracefully, or the frontend restarts. */
type Apply = 'none' | 'graceful' | 'restart';

/**
 * The common shape of a config fault on frontends: edit one file in each and apply the change;
 * the revert puts the original back and brings the frontend back.
 */
export function editFrontendFiles(target: FaultTarget, path: string | ((f: Frontend) => Promise<string>), edit: (text: string) => { text: string; what: string }, apply: Apply): Promise<ActiveFault> {
  return applyToEach(frontendsOf(target), {
    async save(f) {
      const file = typeof path === 'string' ? path : await path(f);
      const original = await f.readFile(file);
      return { file, original, ...edit(original) };
    },
    async apply(f, { file, text, what }) {
      await f.writeFile(file, text);
      return `${f.name} ${file}: ${what}${await takeEffect(f, apply)}`;
    },
    async undo(f, { file, original }) {
      await f.writeFile(file, original);
      if (apply === 'none') await f.waitForPhpRevalidation();
      else await bringBack(f);
    },
  });
}

/** Applies a change and says how it went, for the journal (", reloaded"). */
async function takeEffect(f: Frontend, apply: Apply): Promise<string> {
  switch (apply) {
    case 'none':
      await f.waitForPhpRevalidation();
      return '';
    case 'graceful': {
      const r = await f.reload();
      return r.ok ? ', reloaded' : `, reload refused (${r.detail})`;
    }
    case 'restart': {
      const r = await restartAndWait(f);
      return r.ok ? ', restarted and answering' : `, restarted: ${r.detail}`;
    }
  }
}
