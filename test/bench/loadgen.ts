// npm run bench:loadgen: the highest request rate of the bench's own load path (closed loop,
// recording every request) against plain autocannon and wrk (Debian's package), all on the same
// static endpoint answered by HAProxy itself (no PHP behind it), published on 127.0.0.1.
// Prints the rates, the ratios and the recorder's cost per request in microseconds.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { connectEngine, labelsFor, putFiles } from '../../harness/docker.ts';
import { ensureImages, haproxyImage } from '../../harness/images.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { freePort, newRunId } from '../../harness/testbed/index.ts';
import type { Sample } from '../../harness/timeline.ts';
import { startLoad } from '../../harness/workload/generator.ts';
import { Journal } from '../../reports/journal.ts';

const seconds = Number(process.env.LOADGEN_SECONDS ?? 5);
const connections = Number(process.env.LOADGEN_CONNECTIONS ?? 10);

const config = `global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend www
  bind :80
  http-request return status 200 content-type text/html string "<html><body>static</body></html>"
`;

const docker = await connectEngine();
await ensureImages(docker, [haproxyImage], (line) => console.error(line));
const runId = newRunId('loadgen');
await withRunScope(docker, runId, async () => {
  const port = await freePort();
  const container = await docker.createContainer({
    name: `bench-${runId}-ingress`,
    Image: haproxyImage.tag,
    Labels: labelsFor(runId, 'ingress'),
    ExposedPorts: { '80/tcp': {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
  });
  await putFiles(container, '/etc/haproxy', { 'haproxy.cfg': config });
  await container.start();
  const base = `http://127.0.0.1:${port}/mediawiki`;
  for (let i = 0; i < 50; i++) {
    if ((await fetch(`${base}/index.php`).catch(() => undefined))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // wrk
  const { stdout } = await promisify(execFile)('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, `${base}/index.php?title=Bench_page_1`]);
  const wrkRps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);

  // plain autocannon
  const ac = await autocannon({ url: `${base}/index.php?title=Bench_page_1`, connections, duration: seconds });
  const acRps = ac.requests.total / seconds;

  // the bench's load path: closed loop, every sample recorded and appended to a journal's requests.ndjson
  const dir = mkdtempSync(join(tmpdir(), 'bench-loadgen-'));
  const journal = new Journal(dir, runId, {});
  const origin = performance.now();
  const report = await startLoad({
    baseUrl: base,
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
  const benchRps = report.samples.length / seconds;

  // The recorder alone: a sample pushed and appended to requests.ndjson.
  const probe = new Journal(dir, `${runId}-probe`, {});
  const samples: Sample[] = [];
  const n = 100_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s: Sample = { intended: i, sent: i, latency: 1.234, kind: 'read', outcome: '2xx', status: 200, id: i };
    samples.push(s);
    probe.appendRequest(s);
  }
  const recorderUs = ((performance.now() - t0) * 1000) / n;
  await probe.close(true);
  rmSync(dir, { recursive: true, force: true });

  const row = (name: string, rps: number) => `${name.padEnd(26)} ${rps.toFixed(0).padStart(8)} req/s`;
  console.log(`static endpoint served by HAProxy on 127.0.0.1, ${connections} connections, ${seconds} s each`);
  console.log(row('wrk (1 thread)', wrkRps));
  console.log(row('autocannon 9', acRps));
  console.log(row('bench load path', benchRps));
  console.log(`bench / autocannon: ${(benchRps / acRps).toFixed(2)}   bench / wrk: ${(benchRps / wrkRps).toFixed(2)}   autocannon / wrk: ${(acRps / wrkRps).toFixed(2)}`);
  console.log(`recorder: ${recorderUs.toFixed(2)} µs per request (sample kept + appended to requests.ndjson); per request, the bench spends ${((1e6 / benchRps - 1e6 / acRps) / 1).toFixed(0)} µs more than autocannon at ${connections} connections`);
  console.log(`bench process CPU during its run: ${(100 * report.self.cpu.mean).toFixed(0)}% of a core`);
});
