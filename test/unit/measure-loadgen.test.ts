// The load generator against a local server scripted to stall (plain node:http on 127.0.0.1),
// beside autocannon on the same server: why the bench takes intended send times itself.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { afterEach, describe, expect, it } from 'vitest';
import { measureRun } from '../../analysis/measure/index.ts';
import { appendText, ledgerText, rewriteText } from '../../harness/testbed/wiki-vocabulary.ts';
import { startLoad } from '../../harness/workload/generator.ts';
import { selfCheck } from '../../harness/workload/self-check.ts';

interface Scripted {
  url: string;
  port: number;
  /** Answers are held until this time (performance.now()); 0 = no stall. */
  stall: { from: number; until: number };
  requests: number;
  edits: string[];
  maxConcurrent: number;
  close(): Promise<void>;
}

const servers: Scripted[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fake wiki: page views (Connection: close, like mod_php), api.php edits, and a scripted stall. */
async function scriptedServer(options: { pageDelayMs?: number; errorEvery?: number } = {}): Promise<Scripted> {
  const state = { stall: { from: 0, until: 0 }, requests: 0, edits: [] as string[], concurrent: 0, maxConcurrent: 0 };
  const server = http.createServer((request, response) => {
    state.requests++;
    state.concurrent++;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
    response.on('finish', () => state.concurrent--);
    const n = state.requests;
    let body = '';
    request.on('data', (c: Buffer) => (body += c.toString()));
    request.on('end', () => {
      const answer = () => {
        if (request.method === 'POST') {
          const form = new URLSearchParams(body);
          state.edits.push(form.get('text') ?? form.get('appendtext') ?? '');
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ edit: { result: 'Success', newrevid: 1000 + state.edits.length } }));
          return;
        }
        if (options.errorEvery && n % options.errorEvery === 0) {
          response.writeHead(200, { 'content-type': 'text/html', connection: 'close' });
          response.end('<html><title>Internal error</title><p>MediaWiki internal error.</p></html>');
          return;
        }
        response.writeHead(200, { 'content-type': 'text/html', connection: 'close' });
        response.end(`<html><body>${'page '.repeat(2000)}</body></html>`);
      };
      const now = performance.now();
      const hold = now >= state.stall.from && now < state.stall.until ? state.stall.until - now : 0;
      setTimeout(answer, hold + (options.pageDelayMs ?? 0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scripted: Scripted = {
    url: `http://127.0.0.1:${port}/mediawiki`,
    port,
    get stall() {
      return state.stall;
    },
    set stall(v) {
      state.stall = v;
    },
    get requests() {
      return state.requests;
    },
    edits: state.edits,
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  servers.push(scripted);
  return scripted;
}

describe('the open-loop generator', () => {
  it('counts a 1 s stall from the intended send time: one sample per request, one outage of about 1 s', async () => {
    const server = await scriptedServer();
    const origin = performance.now();
    const clock = () => performance.now() - origin;
    server.stall = { from: origin + 2000, until: origin + 3000 };
    const load = startLoad({ baseUrl: server.url, pages: 10, seed: 1, tag: 't', mix: { read: 1, edit: 0 }, rate: 100, clock, end: 5000 });
    const report = await load.done;
    // One sample per request due, whatever happened to it (the machine may be busy: the
    // generator's validity is tested on literal figures below).
    expect(report.samples.length).toBe(500);
    expect(load.progress()).toMatchObject({ sent: 500, answered: 500, inFlight: 0 });
    // Times are kept to the microsecond (the open loop's due times are not round numbers).
    const micro = (x: number) => Math.abs(x * 1000 - Math.round(x * 1000)) < 1e-6;
    expect(report.samples.every((s) => micro(s.intended) && micro(s.sent) && micro(s.latency))).toBe(true);
    // Requests due in the stall waited until it ended: latency = 3000 - intended.
    const stalled = report.samples.filter((s) => s.intended >= 2000 && s.intended < 3000);
    expect(stalled).toHaveLength(100);
    for (const s of stalled) expect(s.latency).toBeGreaterThan(3000 - s.intended - 5);
    const m = measureRun({ samples: report.samples, events: [], loadStart: report.start, loadEnd: report.end, maxLatencyMs: 2000 });
    const all = m.windows.find((w) => w.name === 'all')!;
    // ~1 ms on an idle machine; bounded loosely because the machine is shared (autocannon: ~850 ms).
    expect(all.latency_ms.p50).toBeLessThan(250);
    expect(all.latency_ms.max).toBeGreaterThan(950);
    // Every answer came within the 2 s cut-off: a stall, not an outage.
    expect(m.outages).toEqual([]);
    // With a 500 ms cut-off the requests due in the stall's first half were not good, and service
    // came back when the stall ended: one window from 2 s to 3 s.
    const strict = measureRun({ samples: report.samples, events: [], loadStart: report.start, loadEnd: report.end, maxLatencyMs: 500 });
    expect(strict.outages).toHaveLength(1);
    expect(strict.outages[0]!.duration_s).toBeGreaterThanOrEqual(0.9);
    expect(strict.outages[0]!.duration_s).toBeLessThanOrEqual(1.1);
  }, 15_000);

  it("autocannon 9's coordinated-omission correction is wrongly scaled on the same stall", async () => {
    const server = await scriptedServer();
    const started = performance.now();
    server.stall = { from: started + 2000, until: started + 3000 };
    const result = await autocannon({ url: `${server.url}/index.php?title=X`, connections: 10, overallRate: 100, duration: 5 });
    const requests = result.requests.total;
    // A correct correction adds about one sample per missed 10 ms slot (~100); autocannon adds
    // one per missed millisecond, so its histogram holds many times the requests it sent.
    expect(requests).toBeGreaterThan(200);
    const samples = (result.latency as unknown as { totalCount: number }).totalCount;
    expect(samples).toBeGreaterThan(5 * requests);
    // The true median is ~1 ms (see the test above on the same server).
    expect(result.latency.p50).toBeGreaterThan(100);
  }, 15_000);

  it('records the mix, writes the ledger of acknowledged edits, and sees error pages served with 200', async () => {
    const server = await scriptedServer({ errorEvery: 7 });
    const origin = performance.now();
    const load = startLoad({ baseUrl: server.url, pages: 10, seed: 3, tag: 'u', mix: { read: 0.7, edit: 0.3 }, rate: 50, clock: () => performance.now() - origin, end: 2000 });
    const report = await load.done;
    const edits = report.samples.filter((s) => s.kind === 'edit');
    expect(report.samples).toHaveLength(100);
    expect(edits.length).toBeGreaterThan(15);
    expect(edits.length).toBeLessThan(45);
    expect(report.ledger).toHaveLength(edits.length);
    expect(new Set(report.ledger.map((e) => e.token)).size).toBe(edits.length);
    // What each edit wrote: a page of its own, a section appended to a seeded page, or a rewrite of one.
    const written = { create: ledgerText, append: appendText, rewrite: rewriteText };
    expect(server.edits).toEqual(report.ledger.map((e) => written[e.op!](e.token)));
    expect(report.ledger[0]).toMatchObject({ status: 200, revisionId: 1001 });
    expect(report.ledger.find((e) => e.op === 'create')?.page).toMatch(/^Bench ledger u \d+$/);
    const errorPages = report.samples.filter((s) => s.outcome === 'error-page');
    expect(errorPages.length).toBeGreaterThan(5);
    expect(report.failureBodies[0]!.body).toContain('MediaWiki internal error');
  }, 10_000);

  it('connection refused and timeouts are failures with their own outcome', async () => {
    const server = await scriptedServer({ pageDelayMs: 400 });
    const origin = performance.now();
    const clock = () => performance.now() - origin;
    const slow = await startLoad({ baseUrl: server.url, pages: 5, seed: 1, tag: 'v', mix: { read: 1, edit: 0 }, rate: 20, clock, end: 500, timeoutMs: 200 }).done;
    expect(slow.samples.map((s) => s.outcome)).toEqual(Array(10).fill('timeout'));
    await server.close();
    servers.pop();
    const refused = await startLoad({ baseUrl: server.url, pages: 5, seed: 1, tag: 'w', mix: { read: 1, edit: 0 }, rate: 20, clock, end: clock() + 300 }).done;
    expect(refused.samples.length).toBeGreaterThan(4);
    expect(new Set(refused.samples.map((s) => s.outcome))).toEqual(new Set(['refused']));
  }, 10_000);

  it('with `connections`, keeps at most that many in flight; a request that waits for one counts the wait', async () => {
    // 40 req/s for 1 s, answers take 200 ms: 2 connections serve 10 a second, so the queue drains by ~4 s.
    const server = await scriptedServer({ pageDelayMs: 200 });
    const origin = performance.now();
    const clock = () => performance.now() - origin;
    const report = await startLoad({ baseUrl: server.url, pages: 5, seed: 1, tag: 'c', mix: { read: 1, edit: 0 }, rate: 40, connections: 2, clock, end: 1000, timeoutMs: 8000 }).done;
    expect(server.maxConcurrent).toBe(2);
    expect(report.samples).toHaveLength(40);
    expect(report.samples.every((s) => s.outcome === '2xx')).toBe(true);
    // Sent in due order as connections came free; the last ones waited seconds, and latency counts from the due time.
    const bySend = [...report.samples].sort((x, y) => x.sent - y.sent);
    expect(bySend.map((s) => s.id)).toEqual([...report.samples].sort((x, y) => x.intended - y.intended).map((s) => s.id));
    const last = bySend.at(-1)!;
    expect(last.sent - last.intended).toBeGreaterThan(2000);
    for (const s of report.samples) expect(s.latency).toBeGreaterThanOrEqual(s.sent - s.intended + 190);
    // Waiting for the system is not the generator falling behind.
    expect(report.self.send_lag_ms.p99).toBeLessThan(100);
  }, 15_000);

  it('a request still waiting for a connection when the user gives up is a time-out, never sent', async () => {
    const server = await scriptedServer({ pageDelayMs: 200 });
    const origin = performance.now();
    const clock = () => performance.now() - origin;
    const report = await startLoad({ baseUrl: server.url, pages: 5, seed: 1, tag: 'd', mix: { read: 1, edit: 0 }, rate: 40, connections: 2, clock, end: 1000, timeoutMs: 600 }).done;
    expect(report.samples).toHaveLength(40);
    const neverSent = report.samples.filter((s) => s.detail === 'no connection free within 600 ms');
    expect(neverSent.length).toBeGreaterThan(10);
    for (const s of neverSent) expect(s).toMatchObject({ outcome: 'timeout' });
    for (const s of neverSent) expect(s.latency).toBeGreaterThanOrEqual(600);
    expect(server.requests).toBe(40 - neverSent.length);
  }, 10_000);

  it('closed loop keeps `connections` requests going back to back', async () => {
    const server = await scriptedServer({ pageDelayMs: 20 });
    const origin = performance.now();
    const report = await startLoad({ baseUrl: server.url, pages: 5, seed: 1, tag: 'x', mix: { read: 1, edit: 0 }, connections: 3, clock: () => performance.now() - origin, end: 1000 }).done;
    // 3 loops of ~20-25 ms requests for 1 s: at most 3 at a time, at most ~150 in all.
    expect(report.samples.length).toBeGreaterThan(30);
    expect(report.samples.length).toBeLessThan(160);
    expect(server.maxConcurrent).toBe(3);
    expect(report.self.loop).toBe('closed');
    for (const s of report.samples) expect(s.sent).toBe(s.intended);
  }, 10_000);

  it('refuses to send anywhere but 127.0.0.1', () => {
    expect(() => startLoad({ baseUrl: 'http://example.org/mediawiki', pages: 1, seed: 1, tag: 'y', mix: { read: 1, edit: 0 }, rate: 1, connections: 1, clock: () => 0, end: 10 })).toThrow(
      /127\.0\.0\.1 only/,
    );
  });
});

describe('the generator watching itself', () => {
  const delay = { percentile: () => 2e6, max: 5e6 };
  it('is valid when it held its rate at moderate CPU', () => {
    expect(selfCheck('open', 25, 750, 30, Array(750).fill(2), Array(30).fill(0.1), delay, 0).invalid).toEqual([]);
  });
  it('is invalid when it sent late, sent too few, ran near 100% CPU or overflowed', () => {
    const late = [...Array(740).fill(2), ...Array(10).fill(400)];
    expect(selfCheck('open', 25, 750, 30, late, Array(30).fill(0.1), delay, 0).invalid).toEqual([expect.stringMatching(/send lag p99 \d+ ms/)]);
    expect(selfCheck('open', 25, 600, 30, Array(600).fill(2), Array(30).fill(0.1), delay, 0).invalid).toEqual([expect.stringMatching(/sent 20\.0 req\/s of the intended 25/)]);
    const busy = [...Array(20).fill(0.3), ...Array(6).fill(0.99), ...Array(4).fill(0.3)];
    expect(selfCheck('closed', undefined, 900, 30, [], busy, delay, 0).invalid).toEqual([expect.stringMatching(/99% of a core over 5 s/)]);
    expect(selfCheck('closed', undefined, 900, 30, [], Array(30).fill(0.93), delay, 0).invalid).toEqual([expect.stringMatching(/93% of a core on average/)]);
    expect(selfCheck('open', 25, 750, 30, Array(750).fill(2), Array(30).fill(0.1), delay, 3).invalid).toEqual([expect.stringMatching(/3 requests were not sent/)]);
  });
  it('warns when it stalled once as long as an outage window, too rarely to move the p99', () => {
    const stalledOnce = [...Array(745).fill(2), 962, 700, 400, 200, 50];
    const check = selfCheck('open', 25, 750, 30, stalledOnce, Array(30).fill(0.1), delay, 0);
    expect(check.invalid).toEqual([]);
    expect(check.warnings).toEqual([expect.stringMatching(/went out 962 ms late/)]);
    expect(selfCheck('open', 25, 750, 30, [...Array(749).fill(2), 499], Array(30).fill(0.1), delay, 0).warnings).toEqual([]);
  });
});
