// npm run bench:loadgen: the highest request rate of the bench's own load path (closed loop,
// recording every request into a journal) against plain autocannon and wrk (Debian's package),
// on the same static page answered by HAProxy itself (no PHP behind it) on 127.0.0.1, twice:
// on kept-alive connections, and with `Connection: close` after every answer, as MediaWiki page
// views under mod_php do. All three use the same connections and duration, after the same
// warm-up; each runs six times per endpoint, once in every order of the three, so a drift of the shared host's
// load falls on all three alike, and the median try counts (single tries swing by up to 1.5x
// here). Prints the rates, the ratio bench / autocannon, and the CPU each in-process client spent
// per request.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { median } from 'simple-statistics';
import { connectEngine, labelsFor, putFiles } from '../../harness/docker.ts';
import { ensureImages, haproxyImage } from '../../harness/images.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { freePort, newRunId } from '../../harness/testbed/index.ts';
import { toMicrosecond, type Sample } from '../../harness/timeline.ts';
import { startLoad } from '../../harness/workload/generator.ts';
import { Journal } from '../../reports/journal.ts';

const seconds = Number(process.env.LOADGEN_SECONDS ?? 5);
const connections = Number(process.env.LOADGEN_CONNECTIONS ?? 10);

const page = '"<html><body>static</body></html>"';
const config = `global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend keepalive
  bind :80
  http-request return status 200 content-type text/html string ${page}
frontend close
  bind :81
  option httpclose
  http-request return status 200 content-type text/html string ${page}
`;

// Every order of the three once.
const orders = [
  ['wrk', 'autocannon', 'bench'],
  ['bench', 'wrk', 'autocannon'],
  ['autocannon', 'bench', 'wrk'],
  ['bench', 'autocannon', 'wrk'],
  ['wrk', 'bench', 'autocannon'],
  ['autocannon', 'wrk', 'bench'],
];

interface Measured {
  rps: number;
  /** Answers that were not a 2xx, and connection errors. */
  failures: number;
  /** Process CPU per request in µs (the in-process clients only). */
  cpuUs?: number;
}

const inProcess = async (run: () => Promise<{ requests: number; failures: number; seconds: number }>): Promise<Measured> => {
  const cpu = process.cpuUsage();
  const r = await run();
  const used = process.cpuUsage(cpu);
  return { rps: r.requests / r.seconds, failures: r.failures, cpuUs: (used.user + used.system) / r.requests };
};

const tools: Record<string, (url: string, runId: string) => Promise<Measured>> = {
  wrk: async (url) => {
    const { stdout } = await promisify(execFile)('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url]);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).map(Number) ?? [];
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
    return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]), failures: non2xx + socketErrors.reduce((a, b) => a + b, 0) };
  },
  autocannon: (url) =>
    inProcess(async () => {
      const r = await autocannon({ url, connections, duration: seconds });
      return { requests: r.requests.total, failures: r.non2xx + r.errors, seconds: r.duration };
    }),
  // The bench's load path as `bench run` drives it: every sample kept and appended to requests.ndjson.
  bench: (url, runId) =>
    inProcess(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-loadgen-'));
      const journal = new Journal(dir, runId, {});
      const origin = performance.now();
      const report = await startLoad({
        baseUrl: url.replace(/\/index\.php.*/, ''),
        pages: 100,
        seed: 1,
        tag: 'lg',
        mix: { read: 1, edit: 0 },
        connections,
        clock: () => performance.now() - origin,
        end: seconds * 1000,
        onSample: (s) => journal.appendRequest(s),
      }).done;
      await journal.close(true);
      rmSync(dir, { recursive: true, force: true });
      const failures = report.samples.filter((s) => s.outcome !== '2xx').length;
      return { requests: report.samples.length, failures, seconds: (report.end - report.start) / 1000 };
    }),
};

const docker = await connectEngine();
await ensureImages(docker, [haproxyImage], (line) => console.error(line));
const runId = newRunId('loadgen');
await withRunScope(docker, runId, async () => {
  const keepalive = await freePort();
  const close = await freePort();
  const container = await docker.createContainer({
    name: `bench-${runId}-ingress`,
    Image: haproxyImage.tag,
    Labels: labelsFor(runId, 'ingress'),
    ExposedPorts: { '80/tcp': {}, '81/tcp': {} },
    HostConfig: {
      PortBindings: {
        '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(keepalive) }],
        '81/tcp': [{ HostIp: '127.0.0.1', HostPort: String(close) }],
      },
    },
  });
  await putFiles(container, '/etc/haproxy', { 'haproxy.cfg': config });
  await container.start();
  const endpoints = [
    { name: 'kept-alive connections', url: `http://127.0.0.1:${keepalive}/mediawiki/index.php?title=Bench_page_1` },
    { name: 'Connection: close', url: `http://127.0.0.1:${close}/mediawiki/index.php?title=Bench_page_1` },
  ];
  for (let i = 0; i < 50; i++) {
    if ((await fetch(endpoints[0]!.url).catch(() => undefined))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  console.log(`static page served by HAProxy on 127.0.0.1, ${connections} connections, ${seconds} s per try, ${orders.length} tries each (median)`);
  const row = (name: string, m: Measured[]) => {
    const rps = median(m.map((x) => x.rps));
    const cpu = m[0]!.cpuUs === undefined ? '' : `   CPU ${median(m.map((x) => x.cpuUs!)).toFixed(0).padStart(3)} µs/request`;
    const failures = m.reduce((a, x) => a + x.failures, 0);
    console.log(`  ${name.padEnd(12)} ${rps.toFixed(0).padStart(7)} req/s  (tries ${m.map((x) => x.rps.toFixed(0)).join(', ')}; ${failures} failed)${cpu}`);
    return rps;
  };
  for (const endpoint of endpoints) {
    // The same warm-up for all: HAProxy, the host's TCP stack and the JIT see traffic first.
    await autocannon({ url: endpoint.url, connections, duration: 1 });
    await startLoad({ baseUrl: endpoint.url.replace(/\/index\.php.*/, ''), pages: 1, seed: 1, tag: 'w', mix: { read: 1, edit: 0 }, connections, clock: () => performance.now(), end: performance.now() + 1000 }).done;
    const results: Record<string, Measured[]> = { wrk: [], autocannon: [], bench: [] };
    for (const order of orders) {
      for (const name of order) results[name]!.push(await tools[name]!(endpoint.url, runId));
    }
    console.log(`${endpoint.name}:`);
    const wrk = row('wrk', results.wrk!);
    const ac = row('autocannon', results.autocannon!);
    const bench = row('bench', results.bench!);
    console.log(`  bench / autocannon: ${(bench / ac).toFixed(2)}   bench / wrk: ${(bench / wrk).toFixed(2)}   autocannon / wrk: ${(ac / wrk).toFixed(2)}`);
  }

  // The recorder alone: a sample kept and appended to requests.ndjson.
  const dir = mkdtempSync(join(tmpdir(), 'bench-loadgen-'));
  const probe = new Journal(dir, `${runId}-probe`, {});
  const samples: Sample[] = [];
  const n = 100_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    // Times as the load takes them: the run's clock, to the microsecond.
    const now = toMicrosecond(performance.now() - t0 + 60_000);
    const s: Sample = { intended: now, sent: now, latency: toMicrosecond(now / 1e5), kind: 'read', outcome: '2xx', status: 200, id: i };
    samples.push(s);
    probe.appendRequest(s);
  }
  const recorderUs = ((performance.now() - t0) * 1000) / n;
  await probe.close(true);
  rmSync(dir, { recursive: true, force: true });
  console.log(`recorder: ${recorderUs.toFixed(2)} µs per request (sample kept + appended to requests.ndjson)`);
});
