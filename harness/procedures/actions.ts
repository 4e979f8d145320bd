/**
 * What the steps do to the testbed. Each action is a plain async function of the procedure's
 * context; the strategies (steps.ts) map step names to them.
 */
import type Docker from 'dockerode';
import { exec, execOk } from '../docker.ts';
import { runtimeCommand } from '../testbed/haproxy.ts';
import { addressOf, containerName, startFrontend, webName } from '../testbed/index.ts';
import { writeSettings } from '../testbed/mediawiki.ts';
import { waitFor } from '../wait.ts';
import type { ProcedureContext } from './procedure.ts';

const backend = 'web';

/** The frontends a step name speaks of: web-2, first-half, second-half. */
export function frontendsOf(target: string, frontends: number): number[] {
  const all = Array.from({ length: frontends }, (_, i) => i + 1);
  const half = Math.ceil(frontends / 2);
  if (target === 'first-half') return all.slice(0, half);
  if (target === 'second-half') return all.slice(half);
  const match = /^web-(\d+)$/.exec(target);
  if (!match) throw new Error(`no frontend is called ${target}`);
  return [Number(match[1])];
}

/** A consistent dump of the wiki database with the binary-log position, kept in the db container. */
export async function snapshotDb(ctx: ProcedureContext): Promise<string> {
  const { db, credentials } = ctx.testbed;
  await execOk(db, ['sh', '-c', `mariadb-dump -uroot --single-transaction --master-data=2 ${credentials.database} > /var/lib/mysql/bench-snapshot.sql`], {
    env: [`MYSQL_PWD=${credentials.rootPassword}`],
  });
  const head = await execOk(db, ['sh', '-c', "grep -m1 'CHANGE MASTER TO' /var/lib/mysql/bench-snapshot.sql; du -h /var/lib/mysql/bench-snapshot.sql | cut -f1"]);
  return head.trim().replace(/\s+/g, ' ');
}

/**
 * update.php of the new version against the database, run from a one-shot container of the new
 * image (labelled with the run id) that is never put behind the ingress.
 */
export async function migrateSchema(ctx: ProcedureContext): Promise<string> {
  const { docker, testbed, scenario } = ctx;
  const upgrader = await startFrontend(docker, testbed.runId, testbed.network, 'upgrader', scenario.testbed.to);
  try {
    await writeSettings(upgrader, testbed.settings);
    const out = await execOk(upgrader, ['php', '/usr/share/mediawiki/maintenance/update.php', '--quick']);
    return out.trim().split('\n').slice(-2).join(' ');
  } finally {
    await upgrader.remove({ force: true, v: true }).catch(() => {});
  }
}

export async function setServerState(ctx: ProcedureContext, numbers: number[], state: 'ready' | 'drain' | 'maint'): Promise<void> {
  // One runtime-API session for all of them: the change is as close to atomic as HAProxy allows.
  const commands = numbers.map((i) => `set server ${backend}/${webName(i)} state ${state}`).join(';');
  await runtimeCommand(ctx.testbed.ingress, commands);
}

/** Drains frontends: no new requests, then waits (bounded) until their open sessions end. */
export async function drain(ctx: ProcedureContext, numbers: number[]): Promise<string> {
  await setServerState(ctx, numbers, 'drain');
  const waited = await waitFor(async () => (await currentSessions(ctx, numbers)) === 0, { what: 'drained sessions', timeoutMs: 10_000, intervalMs: 100, signal: ctx.signal }).catch(() => -1);
  await setServerState(ctx, numbers, 'maint');
  return waited < 0 ? 'sessions still open after 10 s; put in maintenance anyway' : `drained in ${Math.round(waited)} ms`;
}

/** HAProxy's statistics rows of one backend, as name -> column -> value. */
async function backendStats(ctx: ProcedureContext, backendName: string): Promise<Map<string, Record<string, string>>> {
  const csv = await runtimeCommand(ctx.testbed.ingress, 'show stat');
  const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n');
  const columns = header!.split(',');
  const stats = new Map<string, Record<string, string>>();
  for (const cells of rows.map((row) => row.split(','))) {
    if (cells[0] === backendName) stats.set(cells[1]!, Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
  }
  return stats;
}

async function currentSessions(ctx: ProcedureContext, numbers: number[]): Promise<number> {
  const stats = await backendStats(ctx, backend);
  return numbers.reduce((sum, i) => sum + Number(stats.get(webName(i))?.scur ?? 0), 0);
}

/** Puts frontends back behind the ingress and waits until HAProxy's health check says they are up. */
export async function undrain(ctx: ProcedureContext, numbers: number[]): Promise<string> {
  await setServerState(ctx, numbers, 'ready');
  const waited = await waitFor(async () => (await serversUp(ctx, numbers)) === numbers.length, {
    what: `${numbers.map(webName).join(', ')} up in HAProxy`,
    timeoutMs: 30_000,
    intervalMs: 200,
    container: ctx.testbed.ingress,
    signal: ctx.signal,
  });
  return `up in HAProxy after ${Math.round(waited)} ms`;
}

async function serversUp(ctx: ProcedureContext, numbers: number[]): Promise<number> {
  const stats = await backendStats(ctx, backend);
  return numbers.filter((i) => stats.get(webName(i))?.status === 'UP').length;
}

/**
 * Replaces frontends with new-version containers of the same network name, each with the
 * testbed's settings, and points HAProxy at their new addresses. They stay out of service.
 */
export async function replace(ctx: ProcedureContext, numbers: number[]): Promise<string> {
  const { docker, testbed, scenario } = ctx;
  const lines: string[] = [];
  await Promise.all(
    numbers.map(async (i) => {
      const name = webName(i);
      const old = testbed.webs[i - 1]!;
      await old.stop({ t: 2 }).catch(() => {});
      await old.remove({ force: true, v: true });
      const fresh = await startFrontend(docker, testbed.runId, testbed.network, name, scenario.testbed.to);
      testbed.webs[i - 1] = fresh;
      await writeSettings(fresh, testbed.settings);
      const address = await addressOf(fresh, testbed.network);
      await runtimeCommand(testbed.ingress, `set server web/${name} addr ${address} port 80`);
      const version = await waitFor(servesVersion(fresh, scenario.testbed.to), {
        what: `MediaWiki ${scenario.testbed.to} in ${containerName(testbed.runId, name)}`,
        timeoutMs: 30_000,
        container: fresh,
        signal: ctx.signal,
      });
      lines.push(`${name}: ${scenario.testbed.to} at ${address}, answering after ${Math.round(version)} ms`);
    }),
  );
  return lines.sort().join('; ');
}

/** The frontend answers siteinfo itself (not through the ingress) with the expected version. */
export const servesVersion = (web: Docker.Container, version: string) => async () => {
  const result = await exec(web, ['curl', '-sf', 'http://localhost/mediawiki/api.php?action=query&meta=siteinfo&format=json']);
  return result.exitCode === 0 && result.stdout.includes(`"generator":"MediaWiki ${version}.`);
};
