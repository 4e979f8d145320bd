// npm run bench:seed [-- <pages,...>] [--version 1.35]: the seeding rate and `bench up` from a cached seed.
// For each size (default 1,000, 10,000 and 100,000 articles, content seed 42):
// 1. cold: the cached seed of that size is removed and built again (install.php, bulk SQL, site
//    statistics): seconds, pages/s and MB/s of wikitext (and of SQL) over the load step (with
//    --cached a seed already built is kept, and these figures are the ones its build recorded);
// 2. cached: the seed is looked up again and copied into a run's volume: seconds, datadir size;
// 3. `bench up` from the cached seed: a testbed of 2 frontends, until the wiki answers (timings).
import { parseArgs } from 'node:util';
import { connectEngine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { containerName, copySeedInto, newRunId, startTestbed } from '../../harness/testbed/index.ts';
import { ensureSeed, listSeeds } from '../../harness/testbed/seed.ts';
import { isVersion, type Version } from '../../harness/versions.ts';

const { values, positionals } = parseArgs({
  options: { version: { type: 'string', default: '1.35' }, seed: { type: 'string', default: '42' }, cached: { type: 'boolean', default: false } },
  allowPositionals: true,
});
if (!isVersion(values.version)) throw new Error(`no version ${values.version}`);
const version: Version = values.version;
const contentSeed = Number(values.seed);
const sizes = (positionals[0] ?? '1000,10000,100000').split(',').map(Number);

const docker = await connectEngine();
await ensureImages(docker, imagesFor(['1.35', version]), (line) => console.error(`images: ${line}`));
const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
const seconds = (started: number) => (performance.now() - started) / 1000;
const mb = (bytes: number) => bytes / 1e6;

interface Row {
  pages: number;
  coldS: number;
  loadS: number;
  allPages: number;
  revisions: number;
  textMB: number;
  sqlMB: number;
  lookupS: number;
  copyS: number;
  datadirMB: number;
  upS: number;
  upTimings: Record<string, number>;
}
const rows: Row[] = [];

for (const pages of sizes) {
  const key = { version, pages, seed: contentSeed };
  // --cached: keep a seed already built (the cold figures are then its manifest's).
  if (!values.cached) for (const seed of await listSeeds(docker)) if (seed.key === `${version}/${pages}/${contentSeed}`) await docker.getVolume(seed.volume).remove();

  const runId = newRunId(`bench-seed-${pages}`);
  const row = await withRunScope(docker, runId, async ({ signal }) => {
    const network = containerName(runId, 'net');
    await docker.createNetwork({ Name: network, Driver: 'bridge', Labels: { bench: '1', 'bench.run': runId } });
    const ctx = { runId, network, signal, progress: (stage: string) => log(`${pages}: ${stage}`) };
    let started = performance.now();
    const cold = await ensureSeed(docker, key, ctx);
    const coldS = cold.built ? seconds(started) : Object.values(cold.manifest.seconds).reduce((a, b) => a + b, 0);
    started = performance.now();
    const cached = await ensureSeed(docker, key, ctx);
    const lookupS = seconds(started);
    if (cached.built) throw new Error('the second lookup built the seed again');
    started = performance.now();
    await copySeedInto(docker, runId, 'probe', version, cached.volume);
    const copyS = seconds(started);
    const counts = cold.manifest.counts!;
    // The datadir's size: the volume the copy filled.
    const sizeContainer = await docker.createContainer({
      Image: 'bench/base:bullseye',
      Cmd: ['du', '-sm', '/d'],
      Tty: true,
      Labels: { bench: '1', 'bench.run': runId },
      HostConfig: { Binds: [`${containerName(runId, 'probe-data')}:/d:ro`] },
    });
    await sizeContainer.start();
    await sizeContainer.wait();
    const datadirMB = Number.parseInt(((await sizeContainer.logs({ stdout: true })) as unknown as Buffer).toString('utf8'), 10);
    return {
      pages,
      coldS,
      loadS: cold.manifest.seconds.load ?? Number.NaN,
      allPages: counts.pages,
      revisions: counts.revisions,
      textMB: mb(counts.textBytes),
      sqlMB: mb(counts.sqlBytes),
      lookupS,
      copyS,
      datadirMB,
      upS: 0,
      upTimings: {} as Record<string, number>,
    };
  });
  log(`${pages}: cold build ${row.coldS.toFixed(1)} s (steps in the manifest), now bench up from the cache`);

  const upId = newRunId(`bench-seed-up-${pages}`);
  const started = performance.now();
  const testbed = await withRunScope(docker, upId, ({ signal }) =>
    startTestbed(docker, { runId: upId, version, frontends: 2, pages, seed: contentSeed, signal, progress: (stage) => log(`up ${pages}: ${stage}`) }),
  );
  row.upS = seconds(started);
  row.upTimings = testbed.timings;
  if (testbed.seed.built) throw new Error('bench up built the seed again');
  rows.push(row);
}

console.log(`seeding MediaWiki ${version}, content seed ${contentSeed} (cold: install.php + bulk SQL + site statistics; cached: lookup + copy of the datadir)`);
console.log('articles  pages(all) revisions  text MB   SQL MB  cold s  load s  pages/s  text MB/s  SQL MB/s  lookup s  copy s  datadir MB  bench up s');
for (const r of rows) {
  console.log(
    [
      String(r.pages).padStart(8),
      String(r.allPages).padStart(10),
      String(r.revisions).padStart(9),
      r.textMB.toFixed(1).padStart(8),
      r.sqlMB.toFixed(1).padStart(8),
      r.coldS.toFixed(1).padStart(7),
      r.loadS.toFixed(1).padStart(7),
      (r.allPages / r.loadS).toFixed(0).padStart(8),
      (r.textMB / r.loadS).toFixed(1).padStart(10),
      (r.sqlMB / r.loadS).toFixed(1).padStart(9),
      r.lookupS.toFixed(1).padStart(9),
      r.copyS.toFixed(1).padStart(7),
      String(r.datadirMB).padStart(11),
      r.upS.toFixed(1).padStart(11),
    ].join(' '),
  );
}
for (const r of rows)
  console.log(
    `bench up at ${r.pages} from the cache: ${Object.entries(r.upTimings)
      .map(([phase, s]) => `${phase} ${s.toFixed(1)}`)
      .join(', ')} s`,
  );
