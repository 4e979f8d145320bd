// npm run bench:loadgen: the highest request rate of the bench's own load path (closed loop,
// recording every request into a journal) against plain autocannon and wrk (Debian's package),
// on the same static page answered by HAProxy itself (no PHP behind it) on 127.0.0.1, twice:
// on kept-alive connections, and with `Connection: close` after every answer, as MediaWiki page
// views under mod_php do. All three use the same connections and duration, each try in a process
// of its own after its own second of warm-up (loadgen-client.ts). Each runs six times per
// endpoint, once in every order of the three, so a drift of the shared host's load falls on all
// three alike, and the median try counts (single tries swing by up to 1.5x here). Prints the
// rates, the ratio bench / autocannon, the CPU each Node client spent per request, and the
// recorder's own cost per request.
import { pageTitle } from '../../harness/testbed/pages.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from 'simple-statistics';
import { connectEngine, labelsFor, putFiles } from '../../harness/docker.ts';
import { ensureImages, haproxyImage } from '../../harness/images.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { freePort, newRunId } from '../../harness/testbed/index.ts';
import { toMicrosecond, type Sample } from '../../analysis/measure/timeline.ts';
import { httpAnswers, waitFor } from '../../harness/wait.ts';
import { Journal } from '../../reports/journal.ts';
import { journalStart } from '../journal-fixture.ts';

const run = promisify(execFile);
const clientScript = fileURLToPath(new URL('./loadgen-client.ts', import.meta.url));
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
  /** Process CPU per request in µs (the Node clients only). */
  cpuUs?: number;
}

/** autocannon and the bench's load path each run in a process of their own (loadgen-client.ts). */
const ownProcess = async (tool: string, url: string): Promise<Measured> => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', clientScript, tool, url, String(seconds), String(connections)]);
  const r = JSON.parse(stdout) as { requests: number; failures: number; seconds: number; cpuUs: number };
  return { rps: r.requests / r.seconds, failures: r.failures, cpuUs: r.cpuUs };
};

const tools: Record<string, (url: string) => Promise<Measured>> = {
  wrk: async (url) => {
    const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url]);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout)?.slice(1).map(Number) ?? [];
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
    return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]), failures: non2xx + socketErrors.reduce((a, b) => a + b, 0) };
  },
  autocannon: (url) => ownProcess('autocannon', url),
  bench: (url) => ownProcess('bench', url),
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
    { name: 'kept-alive connections', url: `http://127.0.0.1:${keepalive}/mediawiki/index.php?title=${encodeURIComponent(pageTitle(1).replace(/ /g, '_'))}` },
    { name: 'Connection: close', url: `http://127.0.0.1:${close}/mediawiki/index.php?title=${encodeURIComponent(pageTitle(1).replace(/ /g, '_'))}` },
  ];
  await waitFor(httpAnswers(endpoints[0]!.url), { what: 'HAProxy', timeoutMs: 10_000, intervalMs: 100, container });

  console.log(`static page served by HAProxy on 127.0.0.1, ${connections} connections, ${seconds} s per try, ${orders.length} tries each (median)`);
  const row = (name: string, m: Measured[]) => {
    const rps = median(m.map((x) => x.rps));
    const cpu =
      m[0]!.cpuUs === undefined
        ? ''
        : `   CPU ${median(m.map((x) => x.cpuUs!))
            .toFixed(0)
            .padStart(3)} µs/request`;
    const failures = m.reduce((a, x) => a + x.failures, 0);
    console.log(`  ${name.padEnd(12)} ${rps.toFixed(0).padStart(7)} req/s  (tries ${m.map((x) => x.rps.toFixed(0)).join(', ')}; ${failures} failed)${cpu}`);
    return rps;
  };
  for (const endpoint of endpoints) {
    // HAProxy and the host's TCP stack see traffic first.
    await run('wrk', ['-t1', `-c${connections}`, '-d1s', endpoint.url]);
    const results: Record<string, Measured[]> = { wrk: [], autocannon: [], bench: [] };
    for (const order of orders) {
      for (const name of order) results[name]!.push(await tools[name]!(endpoint.url));
    }
    console.log(`${endpoint.name}:`);
    const wrk = row('wrk', results.wrk!);
    const ac = row('autocannon', results.autocannon!);
    const bench = row('bench', results.bench!);
    console.log(`  bench / autocannon: ${(bench / ac).toFixed(2)}   bench / wrk: ${(bench / wrk).toFixed(2)}   autocannon / wrk: ${(ac / wrk).toFixed(2)}`);
  }

  // The recorder alone: a sample kept and appended to requests.ndjson.
  const dir = mkdtempSync(join(tmpdir(), 'bench-loadgen-'));
  const probe = new Journal(join(dir, `${runId}-probe`), `${runId}-probe`, journalStart('probe'));
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
  await probe.close(false, {});
  rmSync(dir, { recursive: true, force: true });
  console.log(`recorder: ${recorderUs.toFixed(2)} µs per request (sample kept + appended to requests.ndjson)`);
});
