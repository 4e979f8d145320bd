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
import { isVersion, type Version } from '../../harness/versions.ts';
import { measureSeeding, timeBenchUp } from './seeding.ts';

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
  const seeding = await measureSeeding(docker, key, { cached: values.cached, log });
  log(`${pages}: cold build ${seeding.coldS.toFixed(1)} s (steps in the manifest), now bench up from the cache`);
  const up = await timeBenchUp(docker, key, log);
  const counts = seeding.manifest.counts!;
  rows.push({
    pages,
    coldS: seeding.coldS,
    loadS: seeding.manifest.seconds.load ?? Number.NaN,
    allPages: counts.pages,
    revisions: counts.revisions,
    textMB: mb(counts.textBytes),
    sqlMB: mb(counts.sqlBytes),
    lookupS: seeding.lookupS,
    copyS: seeding.copyS,
    datadirMB: seeding.datadirMB,
    upS: up.upS,
    upTimings: up.timings,
  });
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
