// npm run bench:scale [-- <pages,...>] [--cached] [--duration <d>]: how every cost of an upgrade
// grows with the wiki, 1.35 -> 1.39, for 100, 1,000, 10,000 and 100,000 articles (content seed 42).
// For each size:
// 1. seeding: the cached 1.35 seed of that size is removed and built again (cold; with --cached a
//    seed already built is kept and its manifest's figures are shown), then looked up and copied
//    into a run's volume (cached);
// 2. `bench up` from the cached seed: a testbed of 2 frontends, until the wiki answers;
// 3. a fault-free Imago upgrade under 20 req/s with 10% edits (Zipf popularity, the default):
//    its transfer-data and migrate-schema steps, the catch-up lag, the hold at the switch-over,
//    the outage;
// 4. a fault-free rolling upgrade under the same load: its outage (and migrate-schema, on the
//    live database).
// Then how each cost grows: b of a least-squares fit of log(cost) = a + b log(articles), or
// "constant" when |b| < 0.1, over all sizes and between the two largest.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { linearRegression } from 'simple-statistics';
import { connectEngine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import type { ImagoReport } from '../../harness/procedures/procedure.ts';
import { runScenario } from '../../harness/run.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import { measureSeeding, timeBenchUp } from './seeding.ts';

const { values, positionals } = parseArgs({
  options: { cached: { type: 'boolean', default: false }, duration: { type: 'string' } },
  allowPositionals: true,
});
const sizes = (positionals[0] ?? '100,1000,10000,100000').split(',').map(Number);
const contentSeed = 42;
// The load outlasts the procedure by itself up to its cap (duration + 10 min); at 100,000 articles
// Imago takes 14 to 18 minutes, so the load is given 10 (cap 20): the switch-over happens under
// load with minutes to spare.
const loadDuration = (pages: number) => values.duration ?? (pages >= 100_000 ? '10m' : '60s');

const docker = await connectEngine();
await ensureImages(docker, imagesFor(['1.35', '1.39']), (line) => console.error(`images: ${line}`));
const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
const since = (started: number) => (performance.now() - started) / 1000;

const scenario = (strategy: 'imago' | 'rolling', pages: number) => {
  const text = `name: scale-${strategy}-${pages}
testbed: { from: "1.35", to: "1.39", frontends: 2, pages: ${pages} }
workload: { duration: ${loadDuration(pages)}, rate: 20, mix: { read: 0.9, edit: 0.1 } }
upgrade: { strategy: ${strategy}, start_after: 10s }
seed: ${contentSeed}
`;
  const parsed = parseScenario(text, `scale-${strategy}-${pages}.yaml`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
};

/** What this script reads of a run's journal. */
interface Journal {
  upgrade: { imago?: ImagoReport };
  events: Array<{ kind: string; name?: string; detail?: string }>;
}

interface Row {
  pages: number;
  coldS: number;
  cachedS: number;
  upS: number;
  migrateS: number;
  migrateRollingS: number;
  transferS: number;
  transferMB: string;
  lag: ImagoReport['lag'];
  holdMs: number;
  imago: string;
  rollingOutageS: number;
  rollingErrors: number;
}
const rows: Row[] = [];

// The table is printed a row at a time: the largest size takes the better part of an hour.
const lagText = (lag: ImagoReport['lag']) => lag.map((l) => `${l.seconds.toFixed(1)}`).join(' > ');
console.log(`1.35 -> 1.39, 2 frontends, ${values.duration ?? '60 s (10 min at 100,000 articles)'} of load at 20 req/s with 10% edits; seconds unless said`);
// name, figure, decimals shown
const columns: Array<[string, (r: Row) => number, number]> = [
  ['articles', (r) => r.pages, 0],
  ['seed cold', (r) => r.coldS, 1],
  ['seed cached', (r) => r.cachedS, 1],
  ['bench up', (r) => r.upS, 1],
  ['migrate-schema (Imago)', (r) => r.migrateS, 1],
  ['migrate-schema (rolling)', (r) => r.migrateRollingS, 1],
  ['transfer-data', (r) => r.transferS, 1],
  ['hold ms', (r) => r.holdMs, 0],
  ['rolling outage', (r) => r.rollingOutageS, 1],
];
console.log(`| ${columns.map(([name]) => name).join(' | ')} | snapshot MB | catch-up lag per round | Imago | rolling errors |`);
console.log(`|${columns.map(() => '---:').join('|')}|---:|---|---|---:|`);
const printRow = (r: Row) => console.log(`| ${columns.map(([, f, digits]) => f(r).toFixed(digits)).join(' | ')} | ${r.transferMB} | ${lagText(r.lag)} | ${r.imago} | ${r.rollingErrors} |`);

for (const pages of sizes) {
  const key = { version: '1.35' as const, pages, seed: contentSeed };
  // 1. Seeding, cold then cached; 2. bench up from the cached seed.
  const seeding = await measureSeeding(docker, key, { cached: values.cached, log });
  log(`${pages}: seed cold ${seeding.coldS.toFixed(1)} s, cached ${(seeding.lookupS + seeding.copyS).toFixed(1)} s`);
  const { upS } = await timeBenchUp(docker, key, log);

  // 3. and 4. The two upgrades under load.
  const runs: Array<{ result: Awaited<ReturnType<typeof runScenario>>; journal: Journal }> = [];
  for (const strategy of ['imago', 'rolling'] as const) {
    const started = performance.now();
    const result = await runScenario({
      docker,
      scenario: scenario(strategy, pages),
      file: `scale-${strategy}-${pages}.yaml`,
      resultsDir: 'results/bench-scale',
      progress: (line: string) => log(`${pages} ${strategy}: ${line}`),
    });
    const journal = JSON.parse(await readFile(result.journal, 'utf8')) as Journal;
    log(`${pages}: ${strategy} ${result.upgrade.outcome} in ${since(started).toFixed(0)} s, outage ${result.summary.outage_s.toFixed(1)} s, ${result.summary.errors} errors`);
    runs.push({ result, journal });
  }
  const [imago, rolling] = runs as [(typeof runs)[number], (typeof runs)[number]];
  const stepS = (run: (typeof runs)[number], name: string) => {
    const step = run.result.upgrade.steps.find((s) => s.name === name);
    return step ? step.end_s - step.start_s : Number.NaN;
  };
  const report = imago.journal.upgrade.imago;
  rows.push({
    pages,
    coldS: seeding.coldS,
    cachedS: seeding.lookupS + seeding.copyS,
    upS,
    migrateS: stepS(imago, 'migrate-schema'),
    migrateRollingS: stepS(rolling, 'migrate-schema'),
    transferS: stepS(imago, 'transfer-data'),
    transferMB: imago.journal.events.find((e) => e.kind === 'step-end' && e.name === 'transfer-data')?.detail?.match(/([\d.]+) MB/)?.[1] ?? '?',
    lag: report?.lag ?? [],
    holdMs: report?.quiescenceMs ?? Number.NaN,
    imago: `${imago.result.upgrade.outcome}${imago.result.upgrade.reason ? ` (${imago.result.upgrade.reason.slice(0, 80)})` : ''}, outage ${imago.result.summary.outage_s.toFixed(1)} s, ${imago.result.summary.errors} errors`,
    rollingOutageS: rolling.result.summary.outage_s,
    rollingErrors: rolling.result.summary.errors,
  });
  printRow(rows.at(-1)!);
}

// How each cost grows with the number of articles: over all sizes, and between the two largest,
// where the fixed costs (containers, PHP's start) no longer hide the growth.
const growth = (sized: Row[]) =>
  columns
    .slice(1)
    .map(([name, f]) => {
      const { m } = linearRegression(sized.map((r) => [Math.log10(r.pages), Math.log10(Math.max(f(r), 1e-3))]));
      return `${name}: ${Math.abs(m) < 0.1 ? 'constant' : `pages^${m.toFixed(2)}`}`;
    })
    .join('; ');
if (rows.length >= 2) console.log(`growth (least squares on log-log over ${rows.length} sizes): ${growth(rows)}`);
if (rows.length >= 3) console.log(`growth between the two largest sizes (${rows.at(-2)!.pages} and ${rows.at(-1)!.pages}): ${growth(rows.slice(-2))}`);

// The goals at 100,000 articles.
const largest = rows.find((r) => r.pages === 100_000);
if (largest)
  console.log(
    `goals at 100,000 articles: bench up from the cached seed ${largest.upS.toFixed(1)} s (goal < 60 s: ${largest.upS < 60 ? 'met' : 'missed'}); Imago ${largest.imago}, hold ${largest.holdMs.toFixed(0)} ms (goal: no outage and < 1,000 ms: ${largest.imago.startsWith('completed') && largest.imago.includes('outage 0.0 s') && largest.holdMs < 1000 ? 'met' : 'missed'})`,
  );
