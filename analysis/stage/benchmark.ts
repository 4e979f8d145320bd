// `npm run bench:stage`: simulate 1,000,000 machines (default parameters) under each protocol,
// each in its own process so that its peak memory is its own, and print time and peak RSS.
// Aim: under 10 s and 1 GiB per protocol.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultSimParams, protocols, type Protocol } from './params.ts';
import { buildPopulation } from './population.ts';
import { simulate } from './simulate.ts';

interface Measurement {
  protocol: Protocol;
  machines: number;
  events: number;
  populationMs: number;
  simulateMs: number;
  peakRssMiB: number;
  overhead: number;
  completionDays: number | null;
}

const child = process.argv[2] === '--one' ? (process.argv[3] as Protocol) : undefined;

if (child) {
  const t0 = performance.now();
  const population = buildPopulation(defaultSimParams);
  const t1 = performance.now();
  const result = simulate(population, defaultSimParams, child);
  const t2 = performance.now();
  const measurement: Measurement = {
    protocol: child,
    machines: result.machines,
    events: result.events,
    populationMs: t1 - t0,
    simulateMs: t2 - t1,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    overhead: result.overhead.machines,
    completionDays: result.completionTime === null ? null : result.completionTime / 1440,
  };
  process.send?.(measurement);
} else {
  const limitMs = 10_000;
  const limitMiB = 1024;
  let ok = true;
  console.log('protocol    machines   events     population  simulation  total     peak RSS   overhead  completion');
  for (const protocol of protocols) {
    const m = await new Promise<Measurement>((resolve, reject) => {
      const proc = fork(fileURLToPath(import.meta.url), ['--one', protocol]);
      proc.once('message', (message) => resolve(message as Measurement));
      proc.once('exit', (code) => code !== 0 && reject(new Error(`benchmark of ${protocol} exited with ${code}`)));
    });
    const total = m.populationMs + m.simulateMs;
    ok &&= total < limitMs && m.peakRssMiB < limitMiB;
    console.log(
      [
        m.protocol.padEnd(11),
        String(m.machines).padEnd(10),
        String(m.events).padEnd(10),
        `${(m.populationMs / 1000).toFixed(2)} s`.padEnd(11),
        `${(m.simulateMs / 1000).toFixed(2)} s`.padEnd(11),
        `${(total / 1000).toFixed(2)} s`.padEnd(9),
        `${m.peakRssMiB.toFixed(0)} MiB`.padEnd(10),
        String(m.overhead).padEnd(9),
        m.completionDays === null ? 'never' : `${m.completionDays.toFixed(2)} d`,
      ].join(' '),
    );
  }
  console.log(ok ? `ok: every protocol under ${limitMs / 1000} s and ${limitMiB} MiB` : `FAIL: a protocol took ${limitMs / 1000} s or ${limitMiB} MiB or more`);
  if (!ok) process.exitCode = 1;
}
