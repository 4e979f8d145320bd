/**
 * HAProxy's own per-request timings, from the ingress container's log (option httplog, logged
 * to stdout): an independent measurement of the same requests, matched by the `bench_req=`
 * number the load puts in every URL.
 *
 * A line: `172.18.0.1:40312 [22/Nov/2026:03:13:14.123] www web/web-1 0/0/1/38/39 200 51234 - - ----
 * 1/1/0/0/0 0/0 "GET /mediawiki/index.php?title=X&bench_req=17 HTTP/1.1"`; the five timers are
 * TR/Tw/Tc/Tr/Ta, and Ta is the request's total active time in ms (from the first byte of the
 * request to the last byte of the answer).
 */
import type Docker from 'dockerode';
import { quantile } from 'simple-statistics';
import { lastLogLines } from '../docker.ts';
import type { Sample } from '../../analysis/measure/timeline.ts';

export interface HaproxyRequest {
  id: number;
  server: string;
  status: number;
  /** Total active time, ms. */
  ta: number;
  /** Time the server took to answer (Tr), ms; -1 when it did not. */
  tr: number;
}

const line = /\s\S+\s(\S+)\/(\S+)\s(-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/\+?(-?\d+)\s(-?\d+)\s.*"\S+ \S*[?&]bench_req=(\d+)/;

export function parseHaproxyLog(text: string): HaproxyRequest[] {
  const out: HaproxyRequest[] = [];
  for (const l of text.split('\n')) {
    const m = line.exec(l);
    if (!m) continue;
    out.push({ server: m[2]!, tr: Number(m[6]), ta: Number(m[7]), status: Number(m[8]), id: Number(m[9]) });
  }
  return out;
}

export async function ingressRequests(ingress: Docker.Container): Promise<HaproxyRequest[]> {
  return parseHaproxyLog(await lastLogLines(ingress, 1_000_000));
}

/** The percentiles compared, and the fraction each stands for. */
const percentiles = { p50: 0.5, p90: 0.9, p99: 0.99 } as const;
type Percentile = keyof typeof percentiles;
type Percentiles = Record<Percentile, number>;

export interface Agreement {
  kind: string;
  matched: number;
  bench_ms: Percentiles;
  haproxy_ms: Percentiles;
  /** bench / haproxy - 1. */
  diff: Percentiles;
  /** The percentiles the samples support (see `supported`): only these may be judged. */
  judged: Percentile[];
}

/**
 * Tail agreement is judged only where the samples support it: a percentile p needs at least
 * `minBeyond` samples above it (n (1 - p) >= 10). Below that the "p99" of 20 edits is nearly
 * their maximum, one sample, and comparing it at 10% is a coin toss on a shared host.
 */
export const minBeyond = 10;
export const supported = (n: number, p: number) => n * (1 - p) >= minBeyond - 1e-9;

/**
 * The bench's latencies beside HAProxy's Ta for the same successful requests, per request kind
 * (only requests sent on time: a request that waited for a stalled server has a latency HAProxy
 * never saw start).
 */
export function compareWithHaproxy(samples: readonly Sample[], logged: readonly HaproxyRequest[]): Agreement[] {
  const byId = new Map(logged.map((r) => [r.id, r]));
  const kinds = new Map<string, { bench: number[]; haproxy: number[] }>();
  for (const s of samples) {
    if (s.id === undefined || (s.outcome !== '2xx' && s.outcome !== '3xx')) continue;
    const h = byId.get(s.id);
    if (!h || h.ta < 0) continue;
    const group = kinds.get(s.kind) ?? { bench: [], haproxy: [] };
    group.bench.push(s.latency);
    group.haproxy.push(h.ta);
    kinds.set(s.kind, group);
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return [...kinds.entries()].map(([kind, g]) => {
    const names = Object.keys(percentiles) as Percentile[];
    const each = (value: (p: Percentile) => number) => Object.fromEntries(names.map((p) => [p, value(p)])) as Percentiles;
    const b = each((p) => r(quantile(g.bench, percentiles[p])));
    const h = each((p) => r(quantile(g.haproxy, percentiles[p])));
    const n = g.bench.length;
    return { kind, matched: n, bench_ms: b, haproxy_ms: h, diff: each((p) => r(b[p] / Math.max(h[p], 1) - 1)), judged: names.filter((p) => supported(n, percentiles[p])) };
  });
}

/** Fills in `server` on the samples HAProxy logged. */
export function annotateServers(samples: Sample[], logged: readonly HaproxyRequest[]): void {
  const byId = new Map(logged.map((r) => [r.id, r.server]));
  for (const s of samples) if (s.id !== undefined && byId.has(s.id)) s.server = byId.get(s.id);
}
