// npm run bench:imago: what Imago costs and gains, in one run on the real testbed.
// 1. The ingress interceptor's cost: HAProxy answers /bench-ping itself on port 80, to reads
//    (which pass the interceptor's write test only) and to writes (POST: the Lua hold action and
//    the writes-in-flight counter), and on the test port without any of it, under the same
//    autocannon load.
// 2. A fault-free Imago upgrade and a fault-free offline upgrade of the same testbed under the
//    same load: catch-up lag, quiescence, the whole upgrade's time, the offline downtime.
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { connectEngine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { runScenario } from '../../harness/run.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import { newRunId, startTestbed } from '../../harness/testbed/index.ts';

const docker = await connectEngine();
await ensureImages(docker, imagesFor(['1.35', '1.39']), (line) => console.error(`images: ${line}`));

const ping = async (url: string, method: 'GET' | 'POST' = 'GET') => {
  const result = await autocannon({ url, connections: 8, duration: 8, method, ...(method === 'POST' ? { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
};
const runId = newRunId('bench-imago');
const ingress = await withRunScope(docker, runId, async ({ signal }) => {
  const testbed = await startTestbed(docker, { runId, version: '1.35', frontends: 1, pages: 5, seed: 1, signal, progress: (line) => console.error(`up: ${line}`) });
  const base = (url: string) => url.replace(/\/mediawiki$/, '/bench-ping');
  await ping(base(testbed.url)); // warm-up
  return { withInterceptor: await ping(base(testbed.url)), writes: await ping(base(testbed.url), 'POST'), without: await ping(base(testbed.testUrl)) };
});
console.log('ingress path, HAProxy answering /bench-ping, 8 connections, 8 s each:');
console.log(
  `  with the interceptor, reads:  ${ingress.withInterceptor.rps.toFixed(0)} req/s, p50 ${ingress.withInterceptor.p50} ms, p99 ${ingress.withInterceptor.p99} ms, errors ${ingress.withInterceptor.errors}`,
);
console.log(`  with the interceptor, writes: ${ingress.writes.rps.toFixed(0)} req/s, p50 ${ingress.writes.p50} ms, p99 ${ingress.writes.p99} ms, errors ${ingress.writes.errors}`);
console.log(`  without the interceptor:      ${ingress.without.rps.toFixed(0)} req/s, p50 ${ingress.without.p50} ms, p99 ${ingress.without.p99} ms, errors ${ingress.without.errors}`);
console.log(`  throughput ratio with/without: reads ${(ingress.withInterceptor.rps / ingress.without.rps).toFixed(3)}, writes ${(ingress.writes.rps / ingress.without.rps).toFixed(3)}`);

const scenario = (strategy: string) => {
  const parsed = parseScenario(
    `name: bench-${strategy}\ntestbed: { from: "1.35", to: "1.39", frontends: 2, pages: 50 }\nworkload: { duration: 40s, rate: 15 }\nupgrade: { strategy: ${strategy}, start_after: 5s }\n`,
    `${strategy}.yaml`,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
};
for (const strategy of ['imago', 'offline']) {
  const r = await runScenario({ docker, scenario: scenario(strategy), file: `${strategy}.yaml`, resultsDir: 'results/bench-imago' });
  const steps = r.upgrade.steps;
  const total = steps.length ? steps.at(-1)!.end_s - steps[0]!.start_s : 0;
  console.log(
    `${strategy}: ${r.upgrade.outcome}, upgrade ${total.toFixed(1)} s, outage ${r.summary.outage_s.toFixed(1)} s in ${r.summary.outages.length} window(s), ${r.summary.errors} errors, p99 ${r.summary.latency_ms.p99?.toFixed(0)} ms, lost writes ${r.summary.lost_writes}`,
  );
  const journal = JSON.parse(await readFile(r.journal, 'utf8')) as { upgrade: { imago?: { lag: Array<{ pages: number; seconds: number }>; quiescenceMs?: number } } };
  const imago = journal.upgrade.imago;
  if (imago) console.log(`  catch-up lag per round (pages/seconds): ${imago.lag.map((l) => `${l.pages}/${l.seconds.toFixed(1)}`).join(', ')}; quiescence ${imago.quiescenceMs?.toFixed(0)} ms`);
}
