/**
 * Imago: the parallel-universe upgrade (Dumitras and Narasimhan, Middleware 2009). The old
 * universe keeps serving through the ingress while a new one is bootstrapped beside it, loaded
 * from a consistent snapshot, converted by update.php, caught up by following the old database's
 * binary log, tested by the compare engine, and switched to atomically after a bounded hold of
 * new writes. If anything fails, the old universe simply keeps serving.
 */
import { execOk, putFiles } from '../docker.ts';
import { seededRandom } from '../../analysis/statistics/random.ts';
import { runtimeCommand, universeMap, writesInFlight } from '../testbed/haproxy.ts';
import { secret } from '../secrets.ts';
import { addressOf, setCpuPriority, startDatabase, startFrontend, webName, type Universe } from '../testbed/index.ts';
import { sql, type DbCredentials } from '../testbed/mariadb.ts';
import { writeSettings } from '../testbed/mediawiki.ts';
import { pageTitle } from '../testbed/pages.ts';
import { readWikitext, refreshDerivedData, viewPage } from '../testbed/wiki-client.ts';
import { errorPageMarkers, titleFromRow } from '../testbed/wiki-vocabulary.ts';
import { waitFor } from '../wait.ts';
import { servesVersion } from './actions.ts';
import { changedPageIds, insertedRevisionIds, neededLogLines, positionFromDump, type BinlogPosition } from './binlog.ts';
import type { Action, ImagoReport, ProcedureContext } from './procedure.ts';

const maintenance = '/usr/share/mediawiki/maintenance';
const newName = (i: number) => `new-${webName(i)}`;

/** The steps of one Imago upgrade, sharing its state; abort() backs out leaving U_old serving. */
export function imago(frontends: number) {
  const report: ImagoReport = { lag: [], compared: 0, differences: [], pagesTransferred: 0 };
  let universe: Universe | undefined;
  let synced: BinlogPosition | undefined;
  let syncedAt = 0;
  let holdStartedAt: number | undefined;
  const changedTitles = new Set<string>();
  // The last round's pages, and where its time went (ms), for the flush's account of the hold.
  let lastRound = { titles: [] as string[], log: 0, transfer: 0 };
  const numbers = Array.from({ length: frontends }, (_, i) => i + 1);
  const required = () => {
    if (!universe || !synced) throw new Error('the new universe has no data yet');
    return { universe, synced };
  };

  /**
   * One catch-up round: pages changed in U_old since the last sync are exported and imported.
   * Under the hold (the flush) the export runs at full priority and the import leaves the pages'
   * derived data (links, categories, search) to the switch-over: writers wait for this round.
   */
  const catchUpRound = async (ctx: ProcedureContext, underHold = false): Promise<number> => {
    const { universe: next, synced: from } = required();
    const old = ctx.testbed;
    const readAt = ctx.clock();
    // The old database's head and what it logged since the last sync, in one exec: the last
    // round runs while writes are held, and every exec adds to the hold.
    // Only the lines the readers use leave the container (grep's status 1 is "no line").
    const decoded = await execOk(
      next.db,
      [
        'bash',
        '-c',
        `set -eo pipefail; head=$(mariadb -hdb -uroot -N -e 'SHOW MASTER STATUS' | cut -f1,2); [ -n "$head" ] || { echo 'db answered no binary-log head' >&2; exit 1; }
         echo "$head"; set -- $head
         if [ "$1" = "${from.file}" ] && [ "$2" != "${from.position}" ]; then
           mariadb-binlog --read-from-remote-server -hdb -uroot --start-position=${from.position} --stop-position="$2" --base64-output=decode-rows -v "$1" | { grep -E '${neededLogLines}' || [ $? -eq 1 ]; }
         fi`,
      ],
      { env: [`MYSQL_PWD=${old.credentials.rootPassword}`] },
    );
    const logRead = ctx.clock();
    const head = decoded.slice(0, decoded.indexOf('\n')).split('\t');
    const to = { file: head[0]!, position: Number(head[1]) };
    if (to.file !== from.file) throw new Error(`the binary log rotated (${from.file} -> ${to.file}); following a rotation is not built`);
    const ids = changedPageIds(decoded, old.credentials.database);
    const revisions = insertedRevisionIds(decoded, old.credentials.database);
    // Lag: how old the oldest change this round copies can be.
    report.lag.push({ t: ctx.clock(), pages: ids.length, seconds: (readAt - syncedAt) / 1000 });
    const titles = async (): Promise<string[]> => {
      if (ids.length === 0) return [];
      const rows = await sqlOk(old.db, old.credentials, `SELECT page_namespace, CONVERT(page_title USING utf8mb4) FROM ${old.credentials.database}.page WHERE page_id IN (${ids.join(',')})`);
      return rows
        .split('\n')
        .filter(Boolean)
        .map((row) => row.split('\t'))
        .flatMap(([namespace, dbKey]) => titleFromRow(Number(namespace), dbKey!) ?? []);
    };
    // Only the revisions made since the last sync travel: the cost of a round follows the write rate.
    const [round] = await Promise.all([titles(), revisions.length > 0 ? transferRevisions(old.webs[0]!, next.webs[0]!, revisions[0]!, revisions.at(-1)! + 1, underHold) : undefined]);
    for (const title of round) changedTitles.add(title);
    lastRound = { titles: round, log: logRead - readAt, transfer: ctx.clock() - logRead };
    report.pagesTransferred += ids.length;
    synced = to;
    syncedAt = readAt;
    return ids.length;
  };

  const steps: Record<string, Action> = {
    'bootstrap-universe': async (ctx) => {
      const { docker, testbed, scenario } = ctx;
      const version = scenario.testbed.to;
      const credentials: DbCredentials = { ...testbed.credentials, rootPassword: secret(), password: secret() };
      // U_new yields the CPU to U_old, which serves users meanwhile (Imago gives it hardware of its own).
      const db = await startDatabase(docker, testbed.runId, testbed.network, 'db-new', version, credentials, ctx.signal, 'background');
      const settings = testbed.settings.replace(/^\$wgDBserver = .*$/m, '$wgDBserver = "db-new";').replace(/^\$wgDBpassword = .*$/m, `$wgDBpassword = "${credentials.password}";`);
      const webs = await Promise.all(numbers.map((i) => startFrontend(docker, testbed.runId, testbed.network, newName(i), version, 'background')));
      await Promise.all(webs.map((web) => writeSettings(web, settings)));
      universe = { version, db, webs, credentials, settings };
      return `db-new (MariaDB of ${version}) and ${webs.length} frontends ${numbers.map(newName).join(', ')}`;
    },

    'transfer-data': async (ctx) => {
      const next = universe!;
      const old = ctx.testbed.credentials;
      // Until it serves, db-new holds a copy that can be made again from U_old: its commits need
      // not reach the disk one by one, which keeps the load and update.php's many small
      // transactions from queueing fsyncs beside U_old's on a shared disk. quiesce restores it.
      await sqlOk(next.db, next.credentials, 'SET GLOBAL innodb_flush_log_at_trx_commit = 2');
      await execOk(next.db, ['sh', '-c', `mariadb-dump -hdb -uroot --single-transaction --master-data=2 ${old.database} > /tmp/transfer.sql`], { env: [`MYSQL_PWD=${old.rootPassword}`] });
      const line = await execOk(next.db, ['sh', '-c', "grep -m1 'CHANGE MASTER TO' /tmp/transfer.sql; wc -c < /tmp/transfer.sql"]);
      synced = positionFromDump(line);
      if (!synced) throw new Error('the snapshot has no binary-log position');
      syncedAt = ctx.clock();
      await execOk(next.db, ['sh', '-c', `mariadb -uroot ${next.credentials.database} < /tmp/transfer.sql`], { env: [`MYSQL_PWD=${next.credentials.rootPassword}`] });
      const bytes = Number(line.trim().split('\n').pop());
      return `snapshot of ${(bytes / 1e6).toFixed(1)} MB at ${synced.file}:${synced.position} loaded into db-new`;
    },

    'migrate-schema': async (ctx) => {
      const next = universe!;
      const out = await execOk(next.webs[0]!, ['php', `${maintenance}/update.php`, '--quick']);
      await Promise.all(
        next.webs.map((web, i) => waitFor(servesVersion(web, next.version), { what: `${newName(i + 1)} serving ${next.version}`, timeoutMs: 30_000, container: web, signal: ctx.signal })),
      );
      // The test port reaches the new frontends from now on.
      for (const [i, web] of next.webs.entries()) {
        const address = await addressOf(web, ctx.testbed.network);
        await runtimeCommand(ctx.testbed.ingress, `set server web-new/${newName(i + 1)} addr ${address} port 80;set server web-new/${newName(i + 1)} state ready`);
      }
      return out.trim().split('\n').slice(-1)[0] ?? '';
    },

    'catch-up': async (ctx) => {
      // Rounds until one finds (almost) nothing new, or a bound: the old universe keeps writing.
      for (let round = 1; round <= 8; round++) {
        ctx.signal.throwIfAborted();
        const started = ctx.clock();
        const pages = await catchUpRound(ctx);
        // Caught up: little was left, or a round is now quicker than the hold would allow.
        if (pages <= 2 || ctx.clock() - started < ctx.scenario.upgrade.max_quiescence / 2) break;
      }
      return `${report.lag.length} rounds, ${report.pagesTransferred} pages transferred; lag ${report.lag.map((l) => `${l.pages}p/${l.seconds.toFixed(1)}s`).join(', ')}`;
    },

    compare: async (ctx) => {
      const random = seededRandom(ctx.scenario.seed + 1);
      const pages = ctx.scenario.testbed.pages;
      const sample = new Set<string>([...changedTitles, ...(pages > 0 ? Array.from({ length: Math.min(20, pages) }, () => pageTitle(1 + Math.floor(random() * pages))) : [])]);
      // The old universe's text of each page found differing, as last read.
      const lastOld = new Map<string, string | undefined>();
      const differing = async (titles: Iterable<string>) => {
        const found: Array<ImagoReport['differences'][number] & { moving?: boolean }> = [];
        const queue = [...titles];
        // Two readers at a time: the old universe is serving users meanwhile (four opened a
        // 0.6 s stall of its answers in a CI run at 12 req/s).
        const reader = async () => {
          for (let title = queue.shift(); title !== undefined; title = queue.shift()) {
            const [before, after] = await Promise.all([readWikitext(ctx.testbed.url, title), readWikitext(ctx.testbed.testUrl, title)]);
            if (normalise(before) !== normalise(after)) {
              found.push({ title, old: before?.slice(0, 200), new: after?.slice(0, 200), moving: lastOld.has(title) && lastOld.get(title) !== before });
              lastOld.set(title, before);
              continue;
            }
            // The new universe must also render it for a reader (the HTML differs between
            // versions, so it is not compared); this also warms its page-view path before users get it.
            if (after === undefined) continue;
            const view = await viewPage(ctx.testbed.testUrl, title);
            const marker = errorPageMarkers.exec(view.html)?.[0];
            if (view.status !== 200 || marker) found.push({ title, old: 'page view: HTTP 200', new: `page view: HTTP ${view.status}${marker ? `, ${marker}` : ''}` });
          }
        };
        await Promise.all(Array.from({ length: 2 }, reader));
        return found.sort((a, b) => a.title.localeCompare(b.title));
      };
      let differences = await differing(sample);
      // The old universe keeps taking writes: a page edited since the last round differs only
      // until the next one. A page whose old text stayed the same across a round and still
      // differs is a real difference; one edited again meanwhile (a popular page) is read again
      // after the next round, a few times at most.
      for (let attempt = 1; attempt <= 5 && differences.length > 0; attempt++) {
        await catchUpRound(ctx);
        differences = await differing(differences.map((d) => d.title));
        if (differences.every((d) => !d.moving)) break;
      }
      report.compared = sample.size;
      report.differences = differences.map(({ moving: _, ...d }) => d);
      for (const d of differences) ctx.record({ t: ctx.clock(), kind: 'note', name: 'compare-difference', detail: d.title });
      if (differences.length > 0)
        throw new Error(
          `the universes answer ${differences.length} of ${sample.size} reads differently: ${differences
            .slice(0, 5)
            .map((d) => d.title)
            .join(', ')}`,
        );
      return `${sample.size} pages read from both universes, no difference`;
    },

    quiesce: async (ctx) => {
      // The new universe gets a serving container's CPU weight from here on, so the flush under
      // the hold is quick and it is warm when the held writes and everything after them arrive.
      await setCpuPriority([universe!.db, ...universe!.webs], 'serving');
      // Durable commits again before any user's write can reach db-new.
      await sqlOk(universe!.db, universe!.credentials, 'SET GLOBAL innodb_flush_log_at_trx_commit = 1');
      // Rounds first, without the hold: the compare engine may have taken a while, and whatever
      // changed meanwhile would otherwise be flushed while writers wait. Each round is shorter
      // than the last, and so is what the next one (in the end, the flush) finds.
      let caughtUp = 0;
      for (let round = 1, pages = Number.POSITIVE_INFINITY; round <= 3 && pages > 2; round++) {
        pages = await catchUpRound(ctx);
        caughtUp += pages;
      }
      const bound = ctx.scenario.upgrade.max_quiescence;
      await runtimeCommand(ctx.testbed.ingress, `set map ${universeMap} hold ${Date.now() + bound}`);
      holdStartedAt = ctx.clock();
      // Writes already inside U_old finish; new ones wait at the ingress; reads go on.
      await waitFor(async () => (await writesInFlight(ctx.testbed.ingress)) === 0, { what: 'writes in flight in the old universe', timeoutMs: bound, intervalMs: 20, signal: ctx.signal });
      return `${caughtUp} pages caught up; holding new writes (bound ${bound} ms); writes in flight done after ${Math.round(ctx.clock() - holdStartedAt)} ms`;
    },

    flush: async (ctx) => {
      const pages = await catchUpRound(ctx, true);
      const held = ctx.clock() - holdStartedAt!;
      if (held > ctx.scenario.upgrade.max_quiescence) throw new Error(`the flush took the hold to ${Math.round(held)} ms, past max_quiescence (${ctx.scenario.upgrade.max_quiescence} ms)`);
      return `${pages} pages flushed (binary log read in ${Math.round(lastRound.log)} ms, pages copied in ${Math.round(lastRound.transfer)} ms)`;
    },

    'switch-over': async (ctx) => {
      await runtimeCommand(ctx.testbed.ingress, `set map ${universeMap} active web-new;set map ${universeMap} hold 0`);
      report.quiescenceMs = ctx.clock() - holdStartedAt!;
      // The old universe yields the CPU once it serves nobody.
      await setCpuPriority([ctx.testbed.db, ...ctx.testbed.webs], 'background');
      // The flushed pages' derived data (the flush was the last round), left out under the hold. The
      // switch-over stands whatever happens here: a failure is the run's to see, not a reason to switch back.
      const flushed = lastRound.titles;
      const refreshed = await refreshDerivedData(ctx.testbed.testUrl, flushed).catch((error: unknown) => {
        ctx.log(`refreshing the links of ${flushed.length} flushed pages failed: ${(error as Error).message}`);
        return 0;
      });
      return `the ingress serves ${universe!.version}; writes were held ${Math.round(report.quiescenceMs)} ms; links of ${refreshed} of ${flushed.length} flushed pages refreshed`;
    },
  };

  return {
    report,
    /** The new universe once bootstrapped; after the switch-over it serves (the old one stays until the run ends). */
    created: () => universe,
    action(name: string): Action {
      const step = steps[name];
      if (!step) throw new Error(`the imago strategy has no step called ${name}`);
      return step;
    },
    /** Backs out: releases held requests; the ingress still routes to U_old. */
    async abort(ctx: ProcedureContext): Promise<void> {
      await runtimeCommand(ctx.testbed.ingress, `set map ${universeMap} active web;set map ${universeMap} hold 0`);
      if (holdStartedAt !== undefined) report.quiescenceMs = ctx.clock() - holdStartedAt;
    },
  };
}

const normalise = (text: string | undefined) => text?.replace(/\s+$/gm, '').trim();

async function sqlOk(db: Universe['db'], credentials: DbCredentials, statement: string): Promise<string> {
  const result = await sql(db, credentials, statement);
  if (result.exitCode !== 0) throw new Error(`SQL failed: ${statement}: ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * MediaWiki's own export (old frontend) and import (new frontend) of a range of revisions. The
 * export runs inside a serving frontend of U_old, at the lowest priority there so its Apache
 * workers go first, except under the hold, when writers wait for it.
 */
async function transferRevisions(from: Universe['webs'][number], to: Universe['webs'][number], start: number, end: number, underHold: boolean) {
  const xml = await execOk(from, [...(underHold ? [] : ['nice', '-n', '19']), ...php, `${maintenance}/dumpBackup.php`, '--full', '--quiet', '--revrange', `--revstart=${start}`, `--revend=${end}`]);
  await putFiles(to, '/tmp', { 'changed.xml': xml });
  await execOk(to, [...php, `${maintenance}/importDump.php`, ...(underHold ? ['--no-updates'] : []), '/tmp/changed.xml']);
}

/**
 * PHP for the catch-up's scripts, keeping MediaWiki's compiled code in a file cache between
 * rounds: the bootstrap of each script is then about a third shorter (0.16 s against 0.24 s for
 * dumpBackup on a quiet host), which counts in the round run under the hold.
 */
const php = ['php', '-d', 'opcache.enable_cli=1', '-d', 'opcache.file_cache=/tmp', '-d', 'opcache.file_cache_only=1'];
