// One try of one in-process client for bench:loadgen, in a process of its own (as a user runs
// it): `tsx test/bench/loadgen-client.ts autocannon|bench URL SECONDS CONNECTIONS`. Both clients
// parse with http-parser-js; in one process they shared its code and its JIT state, and each
// left the other its garbage. A second of warm-up with the same client comes first. Prints one
// JSON line: requests, failures, seconds, and the process CPU per request in µs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startLoad } from '../../harness/workload/generator.ts';
import { Journal } from '../../reports/journal.ts';
import { journalStart } from '../journal-fixture.ts';

const [tool, url, seconds, connections] = [process.argv[2], process.argv[3]!, Number(process.argv[4]), Number(process.argv[5])];

interface Try {
  requests: number;
  failures: number;
  seconds: number;
}

const clients: Record<string, (duration: number) => Promise<Try>> = {
  autocannon: async (duration) => {
    const r = await autocannon({ url, connections, duration });
    return { requests: r.requests.total, failures: r.non2xx + r.errors, seconds: r.duration };
  },
  // The bench's load path as `bench run` drives it: every sample kept and appended to requests.ndjson.
  bench: async (duration) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-loadgen-'));
    const journal = new Journal(join(dir, 'loadgen'), 'loadgen', journalStart('loadgen'));
    const origin = performance.now();
    const report = await startLoad({
      baseUrl: url.replace(/\/index\.php.*/, ''),
      pages: 100,
      seed: 1,
      tag: 'lg',
      mix: { read: 1, edit: 0 },
      connections,
      clock: () => performance.now() - origin,
      end: duration * 1000,
      onSample: (s) => journal.appendRequest(s),
    }).done;
    // Not a run: its journal stays incomplete.
    await journal.close(false, {});
    rmSync(dir, { recursive: true, force: true });
    const failures = report.samples.filter((s) => s.outcome !== '2xx').length;
    return { requests: report.samples.length, failures, seconds: (report.end - report.start) / 1000 };
  },
};

const client = clients[tool ?? ''];
if (!client || !url || !(seconds > 0) || !(connections > 0)) {
  console.error('usage: loadgen-client.ts autocannon|bench URL SECONDS CONNECTIONS');
  process.exit(2);
}
await client(1);
const cpu = process.cpuUsage();
const measured = await client(seconds);
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ ...measured, cpuUs: (used.user + used.system) / measured.requests }));
