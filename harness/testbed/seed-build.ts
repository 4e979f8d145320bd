/**
 * Building a seed: a MariaDB datadir holding an installed wiki and its seeded pages, made once in
 * a labelled volume (seed.ts keeps it and copies it for each run).
 *
 * The first version (1.35) is installed with install.php and filled with bulk SQL (seed-sql.ts)
 * streamed into the `mariadb` client of the database container: no per-page PHP. A later
 * version starts from a copy of the previous version's seed and runs its own mariadb-upgrade
 * and update.php: a schema migration, done once and kept.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { execOk, labelsFor, putFiles, type Engine, type ExecResult } from '../docker.ts';
import { mariadbImage, mediawikiImage } from '../images.ts';
import { redact, secret } from '../secrets.ts';
import type { Version } from '../versions.ts';
import { waitFor } from '../wait.ts';
import { dbAnswers, dbEnv, sql, type DbCredentials } from './mariadb.ts';
import { installWiki, runSettings, writeSettings } from './mediawiki.ts';
import { seedContent } from './pages.ts';
import { emptyCounts, seedStatements, type SeedBase, type SeedCounts } from './seed-sql.ts';

/** Where a build runs: inside a run's scope and network, so that the reaper removes its containers if it is killed. */
export interface BuildContext {
  runId: string;
  network: string;
  progress: (stage: string) => void;
  signal?: AbortSignal;
}

/** What a seed volume holds beside the datadir (its file `bench-seed.json`, written last: a seed without it is incomplete). */
export interface SeedManifest {
  version: Version;
  pages: number;
  seed: number;
  recipe: string;
  built_at: string;
  /** install.php's LocalSettings.php as the build's install wrote it (secret key and all); a run rewrites its database lines. */
  settings: string;
  /** The seed this one was migrated from (a later version's). */
  from?: string;
  counts?: SeedCounts;
  /** Seconds of each step of the build. */
  seconds: Record<string, number>;
}

export const manifestFile = 'bench-seed.json';
const datadir = '/var/lib/mysql';
const maintenance = '/usr/share/mediawiki/maintenance';
const dbAlias = 'seed-db';
const containerName = (runId: string, role: string) => `bench-${runId}-${role}`;

/**
 * The builder database: the run's image and entrypoint, tuned for one bulk load (a large buffer
 * pool; no doublewrite or log flush per commit: a crash during a build only loses the build,
 * which has no manifest and is built again).
 */
const builderArgs = ['--innodb-buffer-pool-size=2G', '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--max-allowed-packet=256M'];

async function startBuilder(docker: Engine, ctx: BuildContext, version: Version, volume: string, credentials: DbCredentials) {
  const db = await docker.createContainer({
    name: containerName(ctx.runId, `seed-db-${version}`),
    Image: mariadbImage(version).tag,
    Env: dbEnv(credentials),
    Cmd: builderArgs,
    Labels: labelsFor(ctx.runId, 'seed-db'),
    HostConfig: { NetworkMode: ctx.network, Binds: [`${volume}:${datadir}`] },
    NetworkingConfig: { EndpointsConfig: { [ctx.network]: { Aliases: [dbAlias] } } },
  });
  await db.start();
  await waitFor(dbAnswers(db, credentials), { what: `the seed builder's MariaDB ${version}`, timeoutMs: 120_000, container: db, signal: ctx.signal });
  const web = await docker.createContainer({
    name: containerName(ctx.runId, `seed-web-${version}`),
    Image: mediawikiImage(version).tag,
    Labels: labelsFor(ctx.runId, 'seed-web'),
    HostConfig: { NetworkMode: ctx.network },
    NetworkingConfig: { EndpointsConfig: { [ctx.network]: {} } },
  });
  await web.start();
  return { db, web };
}

/** A clean shutdown (InnoDB flushed, no recovery at the next start), the binary log emptied first, then the manifest written last. */
async function finish(db: Docker.Container, web: Docker.Container, credentials: DbCredentials, manifest: SeedManifest) {
  await web.remove({ force: true, v: true });
  await sqlOk(db, credentials, 'RESET MASTER');
  await db.stop({ t: 300 });
  await putFiles(db, datadir, { [manifestFile]: JSON.stringify(manifest) }, 0o600);
  await db.remove({ force: true, v: true });
}

async function sqlOk(db: Docker.Container, c: DbCredentials, statement: string): Promise<string> {
  const result = await sql(db, c, statement);
  if (result.exitCode !== 0) throw new Error(`${statement.slice(0, 80)}: ${redact(result.stderr.trim())}`);
  return result.stdout;
}

/** The ids the installer left and the name-table ids the seeded rows refer to. */
async function readBase(db: Docker.Container, c: DbCredentials, seed: number): Promise<SeedBase> {
  const out = await sqlOk(
    db,
    c,
    `USE ${c.database}; SELECT (SELECT COALESCE(MAX(page_id),0) FROM page), (SELECT COALESCE(MAX(rev_id),0) FROM revision), (SELECT COALESCE(MAX(old_id),0) FROM text), ` +
      '(SELECT COALESCE(MAX(content_id),0) FROM content), (SELECT COALESCE(MAX(comment_id),0) FROM comment), (SELECT COALESCE(MAX(actor_id),0) FROM actor), ' +
      "(SELECT model_id FROM content_models WHERE model_name='wikitext'), (SELECT role_id FROM slot_roles WHERE role_name='main')",
  );
  const [page, revision, text, content, comment, actor, wikitextModel, mainRole] = out.trim().split('\t').map(Number);
  if ([wikitextModel, mainRole].some((id) => !Number.isInteger(id))) throw new Error(`the installed wiki has no wikitext model or main slot role (${out.trim()})`);
  return { page: page!, revision: revision!, text: text!, content: content!, comment: comment!, actor: actor!, wikitextModel: wikitextModel!, mainRole: mainRole!, now: new Date(), seed };
}

/**
 * Runs a command in a container with `input` on its stdin (backpressure respected), and collects
 * its output; returns the bytes written too. An abort stops writing at once and throws (a 100,000
 * article load would otherwise go on for minutes after Ctrl-C, the run's cleanup waiting for it).
 */
export async function execWithInput(container: Docker.Container, cmd: string[], input: Iterable<string>, env: string[] = [], signal?: AbortSignal): Promise<ExecResult & { bytes: number }> {
  const run = await container.exec({ Cmd: cmd, Env: env, AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const stream = (await run.start({ hijack: true, stdin: true })) as NodeJS.ReadWriteStream & { destroy?: () => void };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  container.modem.demuxStream(stream, stdout, stderr);
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  ended.catch(() => {}); // awaited below; an early error must not count as unhandled meanwhile
  let bytes = 0;
  let failed = false;
  stream.on('error', () => (failed = true));
  const aborted = signal ? once(signal, 'abort') : new Promise<never>(() => {});
  for (const chunk of input) {
    if (failed) break;
    if (signal?.aborted) {
      stream.destroy?.();
      signal.throwIfAborted();
    }
    const buffer = Buffer.from(chunk, 'utf8');
    bytes += buffer.length;
    stream.write(buffer);
    // Up to 8 MB ahead of the client, so that generating and loading overlap; no further.
    if ((stream as unknown as { writableLength: number }).writableLength > 8 << 20) await Promise.race([once(stream, 'drain'), ended, aborted]);
    // The client stops reading when a statement fails: stop writing once it has said so.
    if (err.length > 0) break;
  }
  stream.end();
  await ended;
  const { ExitCode } = await run.inspect();
  return { exitCode: ExitCode ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), bytes };
}

/** install.php, then the seeded pages as bulk SQL, then the site statistics: the first version's seed. */
export async function buildBaseSeed(docker: Engine, ctx: BuildContext, key: { version: Version; pages: number; seed: number; recipe: string }, volume: string): Promise<SeedManifest> {
  const { seconds, step } = stepper(ctx);
  const credentials: DbCredentials = { rootPassword: secret(), database: 'wiki', user: 'wiki', password: secret() };
  const { db, web } = await step('start', () => startBuilder(docker, ctx, key.version, volume, credentials));
  return removedOnError([db, web], async () => {
    const settings = await step('install', () => installWiki(web, dbAlias, credentials, { withBenchSettings: false }));
    const base = await readBase(db, credentials, key.seed);
    const counts = emptyCounts();
    await step('load', async () => {
      const loaded = await execWithInput(
        db,
        ['mariadb', '-uroot', '--default-character-set=binary', '--max-allowed-packet=256M', credentials.database],
        seedStatements(seedContent(key.pages, key.seed), base, counts),
        [`MYSQL_PWD=${credentials.rootPassword}`],
        ctx.signal,
      );
      counts.sqlBytes = loaded.bytes;
      if (loaded.exitCode !== 0) throw new Error(`loading the seed's rows failed (exit ${loaded.exitCode}): ${redact(loaded.stderr.trim().slice(0, 2000))}`);
    });
    await step('site-stats', async () => {
      await writeSettings(web, runSettings(settings, credentials, dbAlias));
      await execOk(web, ['php', `${maintenance}/initSiteStats.php`, '--update']);
    });
    const manifest: SeedManifest = { ...key, built_at: base.now.toISOString(), settings, counts, seconds };
    await step('finish', () => finish(db, web, credentials, manifest));
    return manifest;
  });
}

/** Named, timed steps of a build, told to its progress as they start. */
function stepper(ctx: BuildContext) {
  const seconds: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    ctx.signal?.throwIfAborted();
    ctx.progress(name);
    const started = performance.now();
    const result = await work();
    seconds[name] = (performance.now() - started) / 1000;
    return result;
  };
  return { seconds, step };
}

/** The builder's containers go when a build fails, so that its incomplete volume can be removed. */
async function removedOnError<T>(containers: Docker.Container[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await Promise.all(containers.map((c) => c.remove({ force: true, v: true }).catch(() => {})));
    throw error;
  }
}

/** A later version's seed: the previous version's, copied into `volume` (by the caller), upgraded by this version's MariaDB and update.php. */
export async function buildDerivedSeed(
  docker: Engine,
  ctx: BuildContext,
  key: { version: Version; pages: number; seed: number; recipe: string },
  volume: string,
  from: { volume: string; manifest: SeedManifest },
): Promise<SeedManifest> {
  const { seconds, step } = stepper(ctx);
  const credentials: DbCredentials = { rootPassword: secret(), database: 'wiki', user: 'wiki', password: secret() };
  const { db, web } = await step('start', () => startBuilder(docker, ctx, key.version, volume, credentials));
  return removedOnError([db, web], async () => {
    await step('mariadb-upgrade', () => execOk(db, ['mariadb-upgrade', '-uroot'], { env: [`MYSQL_PWD=${credentials.rootPassword}`] }));
    await step('update', async () => {
      await writeSettings(web, runSettings(from.manifest.settings, credentials, dbAlias));
      await execOk(web, ['php', `${maintenance}/update.php`, '--quick']);
    });
    const manifest: SeedManifest = { ...key, built_at: new Date().toISOString(), settings: from.manifest.settings, from: from.volume, counts: from.manifest.counts, seconds };
    await step('finish', () => finish(db, web, credentials, manifest));
    return manifest;
  });
}
