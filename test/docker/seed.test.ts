// The bulk seed on the real engine: a small wiki seeded with SQL rows serves each namespace's
// pages with the model's current text and history, its link tables are what MediaWiki's own
// refreshLinks.php derives, a second testbed starts from the cached seed without seeding, and the
// seed survives `bench down`.
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, exec, execOk, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { newRunId, startTestbed, type Testbed } from '../../harness/testbed/index.ts';
import { sql } from '../../harness/testbed/mariadb.ts';
import { prefixedTitle, seedContent, type SeedPage } from '../../harness/testbed/pages.ts';
import { listSeeds } from '../../harness/testbed/seed.ts';
import { readWikitext } from '../../harness/testbed/wiki-client.ts';

let docker: Engine;
const pages = 50;
// A content seed of this test's own, so that its first testbed builds the seed cold.
const contentSeed = 20_261_202;
const key = `1.35/${pages}/${contentSeed}`;

beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35']), (line) => console.log(`images: ${line}`));
  for (const seed of await listSeeds(docker)) if (seed.key === key) await docker.getVolume(seed.volume).remove();
});

const up = (label: string, work: (testbed: Testbed) => Promise<void>) => {
  const runId = newRunId(label);
  return withRunScope(docker, runId, async ({ signal }) => {
    const testbed = await startTestbed(docker, { runId, version: '1.35', frontends: 1, pages, seed: contentSeed, signal, progress: () => {} });
    await work(testbed);
    return testbed;
  });
};

const query = async (testbed: Testbed, statement: string) => (await sql(testbed.db, testbed.credentials, `USE wiki; ${statement}`)).stdout.trim();

/** A fingerprint of a link table's rows (order-independent), to compare before and after refreshLinks.php. */
const fingerprints = {
  pagelinks: "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', pl_from, pl_from_namespace, pl_namespace, pl_title))) FROM pagelinks",
  templatelinks: "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', tl_from, tl_from_namespace, tl_namespace, tl_title))) FROM templatelinks",
  categorylinks: "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', cl_from, cl_to, cl_sortkey, cl_sortkey_prefix, cl_collation, cl_type))) FROM categorylinks",
  externallinks: "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', el_from, el_to, el_index, el_index_60))) FROM externallinks",
  category: "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', cat_title, cat_pages, cat_subcats, cat_files))) FROM category",
};

describe('a testbed seeded in bulk', () => {
  it("serves every namespace's pages with the model's current text and history, and its link tables are MediaWiki's", async () => {
    const model = [...seedContent(pages, contentSeed)];
    const testbed = await up('test-seed-cold', async (testbed) => {
      expect(testbed.seed.built).toBe(true);
      for (const ns of [0, 1, 10, 14] as const) {
        const page = model.filter((p) => p.namespace === ns).sort((a, b) => b.revisions.length - a.revisions.length)[0] as SeedPage;
        expect(page, `a page in namespace ${ns}`).toBeDefined();
        const title = prefixedTitle(page);
        expect(await readWikitext(testbed.url, title), title).toBe(page.revisions.at(-1)!.text);
        const params = new URLSearchParams({ action: 'query', prop: 'revisions', rvprop: 'ids|timestamp|user', rvlimit: 'max', titles: title, format: 'json', formatversion: '2' });
        const history = (await (await fetch(`${testbed.url}/api.php?${params}`)).json()) as { query: { pages: Array<{ revisions: Array<{ timestamp: string; user: string }> }> } };
        const revisions = history.query.pages[0]!.revisions.reverse();
        expect(revisions.map((r) => r.timestamp)).toEqual(page.revisions.map((r) => r.timestamp));
        expect(revisions.map((r) => r.user.replace(/^imported>/, ''))).toEqual(page.revisions.map((r) => r.user));
      }
      const articles = model.filter((p) => p.namespace === 0).length;
      expect(Number(await query(testbed, 'SELECT COUNT(*) FROM page WHERE page_namespace=0'))).toBe(articles + 1); // and the Main Page
      const before: Record<string, string> = {};
      for (const [table, statement] of Object.entries(fingerprints)) {
        before[table] = await query(testbed, statement);
        expect(Number(before[table]!.split('\t')[0]), table).toBeGreaterThan(0);
      }
      // MediaWiki parses every page again and writes the link tables it finds: nothing changes.
      await execOk(testbed.webs[0]!, ['php', '/usr/share/mediawiki/maintenance/refreshLinks.php']);
      for (const [table, statement] of Object.entries(fingerprints)) expect(await query(testbed, statement), table).toBe(before[table]);
      // The wiki's own account has the run's password, not the build's.
      const login = await exec(testbed.db, ['mariadb', '-uwiki', '-h127.0.0.1', '-e', 'SELECT 1'], { env: [`MYSQL_PWD=${testbed.credentials.password}`] });
      expect(login.exitCode).toBe(0);
    });
    expect(testbed.timings.seed).toBeGreaterThan(0);
  });

  it('starts a second testbed of the same size from the cached seed, without seeding', async () => {
    const [seed] = (await listSeeds(docker)).filter((s) => s.key === key);
    expect(seed).toBeDefined();
    const testbed = await up('test-seed-cached', async (testbed) => {
      expect(testbed.seed).toMatchObject({ volume: seed!.volume, built: false });
    });
    // A lookup of the cache, not a build: a cold build installs the wiki (tens of seconds).
    expect(testbed.timings.seed).toBeLessThan(10);
  });

  it('keeps the seed through `bench down`', async () => {
    const code = await new Promise<number | null>((resolve) => spawn('node', ['harness/bench.mjs', 'down'], { stdio: 'ignore' }).on('exit', resolve));
    expect(code).toBe(0);
    expect((await listSeeds(docker)).map((s) => s.key)).toContain(key);
  });
});
