/**
 * The load: page views, histories and searches of seeded pages chosen by the scenario's
 * popularity law, Special:RecentChanges, and anonymous api.php edits, in the scenario's mix,
 * against the testbed's 127.0.0.1 ingress. An edit creates a page of its own, appends a section
 * to a seeded page or rewrites one (`editShares` in mix.ts), each writing a unique token and text in
 * several scripts, which the read-back looks for afterwards (harness/checks/readback.ts).
 *
 * Edits to one seeded page never overlap: a page with an edit in flight is not edited again
 * until that one is answered, and a page whose edit went unacknowledged (it may still land, and
 * a rewrite would then replace what came after it) is not edited again at all; such an edit
 * creates a page of its own instead. So the acknowledged edits of a page took effect in the
 * order they were sent, which the read-back relies on.
 *
 * Open loop (a `rate`) is the default: request k is due at start + k/rate, is sent then whatever
 * else is still in flight, and its latency counts from that intended time, so a stall shows as
 * the full wait of every request due during it (no coordinated omission). With `connections`
 * the open loop keeps at most that many requests in flight, as a client with a fixed pool does
 * (a browser opens six per host): a request due when all are busy waits for one, and the wait
 * counts in its latency. Closed loop (no rate) runs `connections` request loops back to back;
 * intended = sent.
 *
 * The bench takes its own per-request timings and does not use autocannon's: autocannon 9's
 * coordinated-omission correction is wrongly scaled, connection errors never reach its
 * histogram, and its page-view figures on `Connection: close` answers are wrong (see
 * test/unit/measure-loadgen.test.ts, which shows both against a scripted local server).
 *
 * The generator watches itself: its process CPU and event-loop delay each second, how late it
 * sent against the schedule, and the rate it achieved. A run where it could not hold the rate or
 * ran near 100% CPU is invalid: its figures describe the generator, not the system.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pick, seededRandom } from '../../analysis/statistics/random.ts';
import { pageTitle } from '../testbed/pages.ts';
import { appendText, editToken, errorPageMarkers, ledgerText, ledgerTitle, parseEdit, recentChangesTitle, rewriteText, searchWords } from '../testbed/wiki-vocabulary.ts';
import { httpClient, type Done, type RequestHandle } from './http-client.ts';
import { editOpOf, kindOf, titleSearchShare, type Mix } from './mix.ts';
import { defaultPopularity, pageDraw, type Popularity } from './popularity.ts';
import { selfCheck, type SelfCheck } from './self-check.ts';
import { toMicrosecond, type EditOp, type LedgerEntry, type Outcome, type RequestKind, type Sample } from '../../analysis/measure/timeline.ts';

/** The closed loop's request loops when the scenario names no `connections`. */
export const defaultLoops = 8;

export interface LoadOptions {
  /** The wiki through HAProxy, http://127.0.0.1:PORT/mediawiki (only 127.0.0.1 is accepted). */
  baseUrl: string;
  /** How many seeded pages exist (`pageTitle(1..pages)`). */
  pages: number;
  seed: number;
  /** Distinguishes this run's ledger pages (`Bench ledger <tag> <n>`) and edit tokens. */
  tag: string;
  mix: Mix;
  /** Which seeded pages reads, histories, title searches and edits go to (default: the scenario's default). */
  popularity?: Popularity;
  /** Requests per second: open loop. Without it, closed loop over `connections`. */
  rate?: number;
  /** Open loop: most requests in flight at once (default: no cap). Closed loop: the loops (default 8). */
  connections?: number;
  /** Milliseconds on the run's clock. */
  clock: () => number;
  /** When the load ends (ms on the clock); `setEnd` moves it. */
  end: number;
  /**
   * A request not answered this long after its intended send time fails as `timeout`, as a user
   * gives up (the scenario's `slo.max_latency`; default 2 s). An answer later than that is a
   * time-out too, so every success is a good request.
   */
  timeoutMs?: number;
  /** Most requests in flight at once; more is a generator overload (default 1,000). */
  maxInFlight?: number;
  onSample?: (s: Sample) => void;
  onLedger?: (e: LedgerEntry) => void;
}

export interface FailureBody {
  kind: RequestKind;
  status?: number;
  outcome: Outcome;
  body: string;
}

export interface LoadReport {
  start: number;
  end: number;
  samples: Sample[];
  ledger: LedgerEntry[];
  self: SelfCheck;
  /** The first failure answers (bodies cut to 4 KB), for the leak probe. */
  failureBodies: FailureBody[];
}

export interface LoadHandle {
  /** When the load started, on the run's clock: the origin of the report's seconds. */
  start: number;
  /** Moves the end of the load (ms on the clock); no request is due at or after it. */
  setEnd(t: number): void;
  /** Ends the load now. */
  stop(): void;
  /** Resolves once the end has passed and every request in flight has been answered or timed out. */
  done: Promise<LoadReport>;
  progress(): { sent: number; answered: number; errors: number; inFlight: number; edits: number };
}

/** A request drawn from the mix: what it asks for. */
interface Drawn {
  id: number;
  intended: number;
  kind: RequestKind;
  /** The seeded page (1-based) of a read, history, title search or seeded-page edit. */
  page: number;
  /** Edits: what the mix drew; a page already being edited makes it a `create`. */
  op?: EditOp;
  /** Searches: what is searched for. */
  term?: string;
}

/** A request on its way: what its sample and ledger entry need once it ends. */
interface InFlight {
  id: number;
  intended: number;
  sent: number;
  kind: RequestKind;
  /** When the user gives up: intended + the time-out, on the run's clock. */
  deadline: number;
  then?: () => void;
  recorded: boolean;
  handle: RequestHandle;
  /** Edits: the page, token and what the edit does. */
  title?: string;
  token?: string;
  op?: EditOp;
  /** Edits of a seeded page: its number, free for the next edit once this one is answered. */
  seeded?: number;
  acknowledged?: boolean;
}

export function startLoad(o: LoadOptions): LoadHandle {
  const base = new URL(o.baseUrl);
  if (base.hostname !== '127.0.0.1') throw new Error(`the load goes to 127.0.0.1 only, not ${base.hostname}`);
  const client = httpClient(Number(base.port));
  const random = seededRandom(o.seed);
  const timeoutMs = o.timeoutMs ?? 2_000;
  const drawPage = pageDraw(o.popularity ?? defaultPopularity, o.pages);
  const maxInFlight = o.maxInFlight ?? 1000;
  const loop: 'open' | 'closed' = o.rate ? 'open' : 'closed';
  const cap = loop === 'open' ? o.connections : undefined;
  const samples: Sample[] = [];
  const ledger: LedgerEntry[] = [];
  const failureBodies: FailureBody[] = [];
  const lags: number[] = [];
  let end = o.end;
  let stopped = false;
  let nextId = 0;
  let edits = 0;
  let inFlight = 0;
  let errors = 0;
  let overloaded = 0;
  const start = o.clock();

  // Self-watch: CPU per second and the event loop's delay.
  const cpuPerSecond: number[] = [];
  let hostLoad = loadavg()[0]!;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let lastCpu = process.cpuUsage();
  let lastWall = performance.now();
  const watch = setInterval(() => {
    const cpu = process.cpuUsage(lastCpu);
    const wall = performance.now();
    cpuPerSecond.push((cpu.user + cpu.system) / 1000 / (wall - lastWall));
    lastCpu = process.cpuUsage();
    lastWall = wall;
    hostLoad = Math.max(hostLoad, loadavg()[0]!);
  }, 1000);

  /** Keeps a sample, its times to the microsecond (analysis/measure/timeline.ts). */
  const record = (s: Sample) => {
    s.intended = toMicrosecond(s.intended);
    s.sent = toMicrosecond(s.sent);
    s.latency = toMicrosecond(s.latency);
    samples.push(s);
    if (s.outcome !== '2xx' && s.outcome !== '3xx') errors++;
    o.onSample?.(s);
  };

  // Titles are encoded once per page, before the load: the closed loop sends thousands of requests a second.
  const titleParam = (title: string) => encodeURIComponent(title.replace(/ /g, '_'));
  const index = `${base.pathname}/index.php?title=`;
  const seededTitles = Array.from({ length: Math.max(1, o.pages) }, (_, i) => titleParam(pageTitle(i + 1)));
  const searchPath = `${index}${titleParam('Special:Search')}&fulltext=1&search=`;
  const recentChangesPath = `${index}${titleParam(recentChangesTitle)}&bench_req=`;
  // Seeded pages with an edit in flight, and those whose edit went unacknowledged.
  const editing = new Set<number>();
  const tainted = new Set<number>();

  let resolveRun: () => void = () => {};
  let sending = true;
  const settled = () => {
    if (!sending && inFlight === 0 && nextWaiting === waiting.length) resolveRun();
  };

  // Requests in flight, in send order. Every request has the same time-out, so their deadlines
  // ascend: one sweep a few times a second ends the overdue ones from the front, instead of a
  // timer per request.
  const pending: InFlight[] = [];
  let oldest = 0;
  // Open loop with a connection cap: requests due while every connection was busy, in due order.
  const waiting: Drawn[] = [];
  let nextWaiting = 0;
  /** A waiting request the user gave up on before a connection came free: never sent. */
  const expire = (w: Drawn) => {
    const now = o.clock();
    record({ intended: w.intended, sent: now, latency: now - w.intended, kind: w.kind, outcome: 'timeout', id: w.id, detail: `no connection free within ${timeoutMs} ms` });
  };
  const sweep = setInterval(
    () => {
      const now = o.clock();
      for (; nextWaiting < waiting.length && waiting[nextWaiting]!.intended + timeoutMs <= now; nextWaiting++) expire(waiting[nextWaiting]!);
      for (; oldest < pending.length; oldest++) {
        const r = pending[oldest]!;
        if (r.recorded) continue;
        if (r.deadline > now) break;
        client.cancel(r.handle, r);
        finish(r, 'timeout', undefined, `no answer within ${timeoutMs} ms`);
      }
      if (oldest > 4096) {
        pending.splice(0, oldest);
        oldest = 0;
      }
      if (nextWaiting > 4096) {
        waiting.splice(0, nextWaiting);
        nextWaiting = 0;
      }
      settled();
    },
    Math.min(100, timeoutMs / 4),
  );

  const finish = (r: InFlight, outcome: Outcome, status?: number, detail?: string, text?: string) => {
    if (r.recorded) return;
    r.recorded = true;
    inFlight--;
    if (r.seeded !== undefined) {
      editing.delete(r.seeded);
      if (!r.acknowledged) tainted.add(r.seeded);
    }
    const { intended, sent, kind, id } = r;
    record({ intended, sent, latency: o.clock() - intended, kind, outcome, status, id, detail });
    if (outcome !== '2xx' && outcome !== '3xx' && failureBodies.length < 20 && text !== undefined) failureBodies.push({ kind, status, outcome, body: text.slice(0, 4096) });
    r.then?.();
    // A stopped load sends nothing more: what still waits is never sent.
    if (stopped) nextWaiting = waiting.length;
    // The connection is free: the longest-waiting request goes out on it.
    while (cap !== undefined && nextWaiting < waiting.length && inFlight < cap) {
      const w = waiting[nextWaiting++]!;
      if (w.intended + timeoutMs <= o.clock()) expire(w);
      else dispatch(w);
    }
    settled();
  };

  /** One callback for every answer; the request's state comes back as its context. */
  const answered: Done<InFlight> = (error, answer, r) => {
    if (o.clock() > r.deadline) return finish(r, 'timeout', answer?.status, `answered after ${timeoutMs} ms`);
    if (error) return finish(r, error.code === 'ECONNREFUSED' ? 'refused' : 'reset', undefined, error.code ?? error.message);
    const { status, body } = answer!;
    const byStatus: Outcome = status >= 500 ? '5xx' : status >= 400 ? '4xx' : status >= 300 ? '3xx' : '2xx';
    if (byStatus !== '2xx') return finish(r, byStatus, status, `HTTP ${status}`, body);
    if (r.kind !== 'edit') {
      const marker = errorPageMarkers.exec(body);
      return marker ? finish(r, 'error-page', status, marker[0], body) : finish(r, '2xx', status);
    }
    const edit = parseEdit(body);
    if (!edit.ok) return finish(r, 'error-page', status, edit.error, body);
    // The system acknowledged the write: it must be readable afterwards.
    r.acknowledged = true;
    const entry: LedgerEntry = { token: r.token!, page: r.title!, t: o.clock(), status, revisionId: edit.revisionId, op: r.op };
    ledger.push(entry);
    o.onLedger?.(entry);
    finish(r, '2xx', status);
  };

  /** Sends one request due at `intended` (or queues it for a free connection); `then` runs once it is recorded. */
  const send = (intended: number, then?: () => void) => {
    const drawn = draw(nextId++, intended);
    // The generator's own lateness: a wait for a connection is the system's, not the generator's.
    if (loop === 'open') lags.push(o.clock() - intended);
    if (cap !== undefined && inFlight >= cap) return void waiting.push(drawn);
    dispatch(drawn, then);
  };

  /**
   * What a request asks for, from the seeded random source alone, in send order: the same seed
   * gives the same requests whatever the system answers.
   */
  const draw = (id: number, intended: number): Drawn => {
    const kind = kindOf(o.mix, random());
    switch (kind) {
      case 'edit': {
        const op = editOpOf(random());
        return { id, intended, kind, op, page: drawPage(random) };
      }
      case 'search': {
        if (random() < titleSearchShare) {
          const page = drawPage(random);
          return { id, intended, kind, page, term: pageTitle(page) };
        }
        return { id, intended, kind, page: 0, term: pick(random, searchWords) };
      }
      case 'recent-changes':
        return { id, intended, kind, page: 0 };
      default:
        return { id, intended, kind, page: drawPage(random) };
    }
  };

  /** The request's path, and for an edit its form (and what the edit is, on `r`). */
  const requestOf = (d: Drawn, r: InFlight): { path: string; form?: string } => {
    switch (d.kind) {
      case 'edit': {
        const n = edits++;
        r.token = editToken(o.tag, n, randomBytes(6).toString('hex'));
        const common = { summary: 'bench load', token: '+\\', format: 'json', formatversion: '2' };
        let fields: Record<string, string>;
        // One edit at a time per seeded page, and none after one went unacknowledged (see the top).
        if (d.op === 'create' || o.pages < 1 || editing.has(d.page) || tainted.has(d.page)) {
          r.op = 'create';
          r.title = ledgerTitle(o.tag, n);
          fields = { action: 'edit', title: r.title, text: ledgerText(r.token), ...common };
        } else {
          r.op = d.op;
          r.title = pageTitle(d.page);
          r.seeded = d.page;
          editing.add(d.page);
          const change: Record<string, string> = d.op === 'append' ? { appendtext: appendText(r.token) } : { text: rewriteText(r.token) };
          // nocreate: the edit is of an existing article; if the page is gone, it fails rather than creating it.
          fields = { action: 'edit', title: r.title, ...change, nocreate: '1', ...common };
        }
        return { path: `${base.pathname}/api.php?bench_req=${d.id}`, form: new URLSearchParams(fields).toString() };
      }
      case 'history':
        return { path: `${index}${seededTitles[d.page - 1]}&action=history&bench_req=${d.id}` };
      case 'search':
        return { path: `${searchPath}${encodeURIComponent(d.term!)}&bench_req=${d.id}` };
      case 'recent-changes':
        return { path: recentChangesPath + d.id };
      default:
        return { path: `${index}${seededTitles[d.page - 1]}&bench_req=${d.id}` };
    }
  };

  const dispatch = (d: Drawn, then?: () => void) => {
    const { id, intended, kind } = d;
    const sent = loop === 'closed' ? intended : o.clock();
    if (inFlight >= maxInFlight) {
      overloaded++;
      record({ intended, sent, latency: sent - intended, kind, outcome: 'timeout', id, detail: 'generator overloaded: too many requests in flight' });
      // Later, not at once: a closed loop must not recurse while it is overloaded.
      if (then) setImmediate(then);
      return;
    }
    const r: InFlight = { id, intended, sent, kind, deadline: intended + timeoutMs, then, recorded: false, handle: undefined! };
    const { path, form } = requestOf(d, r);
    inFlight++;
    pending.push(r);
    r.handle = client.request(form === undefined ? 'GET' : 'POST', path, form, answered, r);
  };

  let loadEnd = start;
  const finished = new Promise<void>((resolve) => {
    resolveRun = resolve;
    const stopSending = () => {
      sending = false;
      loadEnd = Math.min(end, o.clock());
      settled();
    };
    if (loop === 'open') {
      const interval = 1000 / o.rate!;
      let k = 0;
      const tick = () => {
        const now = o.clock();
        while (!stopped) {
          const due = start + k * interval;
          if (due >= end || due > now) break;
          send(due);
          k++;
        }
        const next = start + k * interval;
        if (stopped || next >= end) return stopSending();
        setTimeout(tick, Math.max(0, next - o.clock()));
      };
      tick();
    } else {
      // `connections` loops, each sending its next request once the last one is recorded.
      const loops = o.connections ?? defaultLoops;
      let running = loops;
      const next = () => {
        const now = o.clock();
        if (!stopped && now < end) return send(now, next);
        if (--running === 0) stopSending();
      };
      for (let c = 0; c < loops; c++) next();
    }
  });

  const done = finished.then(() => {
    clearInterval(watch);
    clearInterval(sweep);
    loopDelay.disable();
    client.close();
    const sentCount = samples.length;
    const seconds = (loadEnd - start) / 1000;
    const self = selfCheck(loop, o.rate, sentCount, seconds, lags, cpuPerSecond, loopDelay, overloaded, hostLoad);
    return { start, end: loadEnd, samples, ledger, self, failureBodies } satisfies LoadReport;
  });

  return {
    start,
    setEnd: (t) => {
      end = t;
    },
    stop: () => {
      stopped = true;
    },
    done,
    progress: () => ({ sent: nextId, answered: samples.length, errors, inFlight, edits: ledger.length }),
  };
}
