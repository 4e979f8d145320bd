// `npm run bench:taxonomy`: time and peak memory of the taxonomy on 1,000 and 10,000 synthetic
// records (30 binary features, 4 planted clusters, Gower distance, average linkage, default
// engine by size), the whole analysis: distances, tree, cophenetic, silhouettes, description.
// Each size runs in its own process, so one size's peak memory does not hide in the other's.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type PhaseTimes, runTaxonomy } from '../../analysis/taxonomy/taxonomy.ts';
import { binaryPlantedTable } from '../taxonomy-synthetic.ts';

const sizes = [1_000, 10_000];
const goal = { seconds: 10, bytes: 2 ** 30 };

const size = Number(process.argv[2]);
if (Number.isInteger(size) && size > 0) {
  const table = binaryPlantedTable({ k: 4, n: size, features: 30, flips: 6, seed: size });
  const start = performance.now();
  const startCpu = process.cpuUsage();
  const phases: Partial<PhaseTimes> = {};
  const result = runTaxonomy(table, { k: 4, linkage: 'average', distance: 'gower' }, phases);
  const seconds = (performance.now() - start) / 1000;
  // CPU time too: on a shared machine the wall time also measures the other processes.
  const cpu = process.cpuUsage(startCpu);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // maxRSS is the process's peak resident set, in KiB.
  const peakBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ size, engine: result.options.engine, seconds, cpuSeconds, peakBytes, ari: result.agreement!.ari, phases }));
} else {
  const script = fileURLToPath(import.meta.url);
  console.log('records  engine    time      cpu       peak memory  ARI    goal (10,000: < 10 s, < 1 GiB)');
  for (const n of sizes) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, String(n)], { encoding: 'utf8' });
    const { engine, seconds, cpuSeconds, peakBytes, ari, phases } = JSON.parse(out);
    const met = seconds < goal.seconds && peakBytes < goal.bytes ? 'met' : 'MISSED';
    console.log(
      `${String(n).padStart(7)}  ${engine.padEnd(8)}  ${seconds.toFixed(2).padStart(6)} s  ${cpuSeconds.toFixed(2).padStart(6)} s  ${(peakBytes / 2 ** 20).toFixed(0).padStart(7)} MiB  ${ari.toFixed(3)}  ${n === 10_000 ? met : ''}`,
    );
    const breakdown = Object.entries(phases as PhaseTimes).map(([phase, s]) => `${phase} ${s.toFixed(2)}`);
    console.log(`         phases (wall s): ${breakdown.join(', ')}`);
  }
}
