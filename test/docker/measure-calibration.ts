// Shared by the calibration tests: a short fault-free scenario on the real testbed, and ground
// truth injected from outside the bench (docker pause, a switch that makes frontends answer 500),
// each marked on the run's timeline with the times it really took effect.
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import type Docker from 'dockerode';
import { exec } from '../../harness/docker.ts';
import type { HookContext } from '../../harness/run.ts';
import { scenarioSchema, type Scenario } from '../../harness/scenario/schema.ts';
import { writeSettings } from '../../harness/testbed/mediawiki.ts';
import { pageTitle } from '../../harness/testbed/pages.ts';

/** 1.35, two frontends, an open-loop load of `rate` req/s for `duration`, no upgrade. */
export function calibrationScenario(name: string, o: { rate?: number; duration?: string; startAfter?: string; seed?: number; pages?: number } = {}): Scenario {
  return scenarioSchema.parse({
    name,
    testbed: { from: '1.35', to: '1.35', frontends: 2, pages: o.pages ?? 30 },
    workload: { duration: o.duration ?? '30s', rate: o.rate ?? 15, mix: { read: 0.9, edit: 0.1 } },
    upgrade: { strategy: 'none', start_after: o.startAfter ?? '10s' },
    seed: o.seed ?? 11,
  });
}

export const progress = (line: string) => console.log(line);

/** Waits (up to `maxMs`) until the 1-minute load average is under `perCore` per core. */
export async function quietHost(perCore = 3, maxMs = 120_000): Promise<number> {
  const limit = perCore * availableParallelism();
  const started = Date.now();
  while (loadavg()[0]! > limit && Date.now() - started < maxMs) await new Promise((resolve) => setTimeout(resolve, 5000));
  return loadavg()[0]!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What was injected, on the run's clock: from when it had taken effect to when it was lifted. */
export interface Injected {
  from: number;
  to: number;
  /** What an independent client saw after it (see watchService). */
  restoration?: Restoration;
}

/** Freezes the containers (cgroup freezer) for `ms`, marked on the timeline. */
export async function freeze(ctx: HookContext, containers: Docker.Container[], ms: number, name: string): Promise<Injected> {
  await Promise.all(containers.map((c) => c.pause()));
  const from = ctx.clock();
  ctx.record({ t: from, kind: 'fault-inject', name });
  await sleep(ms);
  await Promise.all(containers.map((c) => c.unpause()));
  const to = ctx.clock();
  ctx.record({ t: to, kind: 'fault-revert', name });
  return { from, to };
}

/** One probe of the independent client: sent and settled on the run's clock, and whether it was good. */
export interface Probe {
  sent: number;
  settled: number;
  good: boolean;
  /** The HTTP status, or what ended the probe: timeout, or the error's code. */
  status: string;
}

/** What the independent client saw after a freeze: when it was served again, and its last failure. */
export interface Restoration {
  /** The earliest good answer to a probe sent after the last one that was not good. */
  restored: number;
  /** When the last probe that was not good was sent: service was not restored for it. */
  lastFailedSent: number | undefined;
  probes: Probe[];
}

/**
 * When service came back, as an independent client saw it: a page view every 250 ms through the
 * ingress on a connection of its own (node:http, not the bench's load client), each given up
 * after `patienceMs` as the load's users do. Service is restored at the earliest good answer to a
 * probe sent after the last probe that was not good, once two in a row were good and every
 * probe sent before that answer has settled (a probe sent earlier may still time out). After a freeze that is
 * later than the unfreeze: the requests that queued during it are served first, those whose users
 * gave up among them (mod_php serves a request whose client has gone), and for a while some
 * requests are served and some time out.
 */
export function watchService(ctx: HookContext, patienceMs = 2000): { restoredAfter(after: number, maxWaitMs?: number): Promise<Restoration> } {
  const url = `${ctx.testbed.url}/index.php?title=${encodeURIComponent(pageTitle(1).replace(/ /g, '_'))}&calibration_probe=`;
  const probes: Array<Omit<Probe, 'settled' | 'good' | 'status'> & Partial<Probe>> = [];
  let watching = true;
  const sending = (async () => {
    for (let i = 0; watching && i < 240; i++) {
      const probe: (typeof probes)[number] = { sent: ctx.clock() };
      probes.push(probe);
      void probePage(url + i, patienceMs).then((status) => Object.assign(probe, { settled: ctx.clock(), good: status === '200', status }));
      await sleep(250);
    }
  })();
  const restoration = (after: number): Restoration | undefined => {
    const since = probes.filter((p) => p.sent >= after);
    // Decided only on settled probes, in send order, up to the first one still in flight.
    const firstPending = since.findIndex((p) => p.settled === undefined);
    const settled = (firstPending < 0 ? since : since.slice(0, firstPending)) as Probe[];
    const lastBad = settled.reduce((last, p, i) => (p.good ? last : i), -1);
    const good = settled.slice(lastBad + 1);
    // Two good probes in a row after the last bad one: one could be a lucky answer amid failures.
    if (good.length < 2) return undefined;
    const restored = Math.min(...good.map((p) => p.settled));
    // Every probe sent before that must have settled: one still in flight may yet time out (the
    // backlog of a freeze is not served in send order), and then service was not back for it.
    if (since.some((p) => p.sent < restored && p.settled === undefined)) return undefined;
    return { restored, lastFailedSent: lastBad >= 0 ? settled[lastBad]!.sent : undefined, probes: settled };
  };
  return {
    async restoredAfter(after, maxWaitMs = 30_000) {
      const deadline = ctx.clock() + maxWaitMs;
      let found = restoration(after);
      while (!found && ctx.clock() < deadline) {
        await sleep(100);
        found = restoration(after);
      }
      watching = false;
      await sending;
      if (!found) {
        const trail = probes
          .filter((p) => p.sent >= after - 1000)
          .map((p) => `${(p.sent / 1000).toFixed(2)}->${p.settled === undefined ? '...' : (p.settled / 1000).toFixed(2)}${p.good === false ? ` ${p.status}` : ''}`);
        throw new Error(`the independent client was not served again within ${maxWaitMs / 1000} s after ${(after / 1000).toFixed(1)} s; its probes: ${trail.join(', ')}`);
      }
      return found;
    },
  };
}

/** A page view on a fresh connection: its status, `timeout` after `patienceMs`, or the error's code; it always settles. */
function probePage(url: string, patienceMs: number): Promise<string> {
  return new Promise((resolve) => {
    const settle = (status: string) => {
      clearTimeout(timer);
      request.destroy();
      resolve(status);
    };
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => settle(String(response.statusCode)));
      response.on('error', (e: NodeJS.ErrnoException) => settle(e.code ?? 'error'));
    });
    request.on('error', (e: NodeJS.ErrnoException) => settle(e.code ?? 'error'));
    const timer = setTimeout(() => settle('timeout'), patienceMs);
  });
}

// A switch in LocalSettings.php: while the flag file exists, the frontend answers every user
// request with HTTP 500. HAProxy's health check (api.php siteinfo) is spared, so HAProxy keeps
// both frontends in rotation and the 500s are what users see, for exactly as long as the flag
// is there (opcache caches LocalSettings.php, but not the file test).
const flag = '/tmp/bench-calibration-500';
const switchLine = `if (is_file('${flag}') && ($_GET['meta'] ?? '') !== 'siteinfo') { http_response_code(500); exit('calibration: answering 500'); }\n`;

/** Installs the switch on every frontend; it is off until `answer500` turns it on. */
export async function installSwitch(ctx: HookContext): Promise<void> {
  const settings = ctx.testbed.settings.replace(/^<\?php\s*\n/, `<?php\n${switchLine}`);
  if (settings === ctx.testbed.settings) throw new Error('LocalSettings.php does not start with <?php');
  await Promise.all(ctx.testbed.webs.map((web) => writeSettings(web, settings)));
  await sleep(4_500); // opcache sees the new LocalSettings.php within 2 s of its time stamp (whole seconds)
}

/** Turns the switch on for `ms` on the given frontends, marked on the timeline. */
export async function answer500(ctx: HookContext, webs: Docker.Container[], ms: number, name: string): Promise<Injected> {
  await Promise.all(webs.map((web) => exec(web, ['touch', flag])));
  const from = ctx.clock();
  ctx.record({ t: from, kind: 'fault-inject', name });
  await sleep(ms);
  const to = ctx.clock();
  await Promise.all(webs.map((web) => exec(web, ['rm', '-f', flag])));
  ctx.record({ t: ctx.clock(), kind: 'fault-revert', name });
  return { from, to };
}
