// HAProxy's httplog lines (as HAProxy 2.6 in the testbed writes them) matched to the bench's samples.
import { describe, expect, it } from 'vitest';
import { annotateServers, compareWithHaproxy, parseHaproxyLog, supported } from '../../harness/workload/haproxy-log.ts';
import type { Sample } from '../../analysis/measure/timeline.ts';

const log = `[NOTICE]   (1) : New worker (8) forked
Server web/web-2 is UP, reason: Layer7 check passed, code: 200, check duration: 22ms.
192.168.208.1:47246 [22/Nov/2026:03:53:13.840] www web/web-1 0/0/0/2261/2265 200 1982 - - ---- 3/3/0/0/0 0/0 "GET /mediawiki/api.php?action=query&meta=siteinfo&format=json HTTP/1.1"
192.168.208.1:47262 [22/Nov/2026:03:53:16.107] www web/web-2 0/0/0/38/40 200 7515 - - ---- 2/2/0/0/0 0/0 "GET /mediawiki/index.php?title=Bench_page_3&bench_req=1 HTTP/1.1"
192.168.208.1:47262 [22/Nov/2026:03:53:16.980] www web/web-1 0/0/1/59/61 200 5119 - - ---- 2/2/1/0/0 0/0 "POST /mediawiki/api.php?bench_req=2 HTTP/1.1"
192.168.208.1:47263 [22/Nov/2026:03:53:17.000] www web/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET /mediawiki/index.php?title=Bench_page_4&bench_req=3 HTTP/1.1"
`;

describe('parseHaproxyLog', () => {
  it('reads server, Tr, Ta and status of every request that carries bench_req', () => {
    expect(parseHaproxyLog(log)).toEqual([
      { id: 1, server: 'web-2', tr: 38, ta: 40, status: 200 },
      { id: 2, server: 'web-1', tr: 59, ta: 61, status: 200 },
      { id: 3, server: '<NOSRV>', tr: -1, ta: 0, status: 503 },
    ]);
  });

  it('compares the same successful requests per kind and names the serving frontend', () => {
    const samples: Sample[] = [
      { id: 1, intended: 0, sent: 0, latency: 42, kind: 'read', outcome: '2xx' },
      { id: 2, intended: 10, sent: 10, latency: 63, kind: 'edit', outcome: '2xx' },
      { id: 3, intended: 20, sent: 20, latency: 2, kind: 'read', outcome: '5xx' },
    ];
    const agreement = compareWithHaproxy(samples, parseHaproxyLog(log));
    expect(agreement).toEqual([
      { kind: 'read', matched: 1, bench_ms: { p50: 42, p90: 42, p99: 42 }, haproxy_ms: { p50: 40, p90: 40, p99: 40 }, diff: { p50: 0.05, p90: 0.05, p99: 0.05 }, judged: [] },
      { kind: 'edit', matched: 1, bench_ms: { p50: 63, p90: 63, p99: 63 }, haproxy_ms: { p50: 61, p90: 61, p99: 61 }, diff: { p50: 0.033, p90: 0.033, p99: 0.033 }, judged: [] },
    ]);
    annotateServers(samples, parseHaproxyLog(log));
  });

  it('judges a percentile only where at least 10 samples lie beyond it', () => {
    expect([20, 99, 100, 999, 1000].map((n) => (['p50', 'p90', 'p99'] as const).filter((p) => supported(n, Number(p.slice(1)) / 100)))).toEqual([
      ['p50'],
      ['p50'],
      ['p50', 'p90'],
      ['p50', 'p90'],
      ['p50', 'p90', 'p99'],
    ]);
  });

  it('names the serving frontend', () => {
    const samples: Sample[] = [
      { id: 1, intended: 0, sent: 0, latency: 42, kind: 'read', outcome: '2xx' },
      { id: 2, intended: 10, sent: 10, latency: 63, kind: 'edit', outcome: '2xx' },
      { id: 3, intended: 20, sent: 20, latency: 2, kind: 'read', outcome: '5xx' },
    ];
    annotateServers(samples, parseHaproxyLog(log));
    expect(samples.map((s) => s.server)).toEqual(['web-2', 'web-1', '<NOSRV>']);
  });
});
