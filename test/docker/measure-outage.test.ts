// Calibration of the availability verdicts against ground truth injected from outside the bench:
// each case freezes or breaks part of the real testbed for a known time during a fault-free
// load, and the bench must report what users saw. A request is good when it succeeded within
// slo.max_latency (2 s); an outage window is a stretch of send time with no good request.
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import type { ScenarioResult } from '../../harness/run-result.ts';
import { runScenario, type HookContext } from '../../harness/run.ts';
import { answer500, calibrationScenario, freeze, installSwitch, progress, quietHost, sleep, watchService, type Injected } from './measure-calibration.ts';

let docker: Engine;
beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35']), progress);
});

/** A 30 s load at 10 req/s; `inject` runs from the upgrade slot (8 s) on. */
async function calibrate(name: string, inject: (ctx: HookContext) => Promise<Injected>): Promise<{ result: ScenarioResult; injected: Injected }> {
  progress(`host load average ${(await quietHost()).toFixed(1)}`);
  let injected: Injected | undefined;
  const result = await runScenario({
    docker,
    scenario: calibrationScenario(`calib-${name}`, { rate: 10, duration: '30s', startAfter: '8s' }),
    file: 'test/docker/measure-outage.test.ts',
    progress,
    hooks: {
      duringLoad: async (ctx) => {
        injected = await inject(ctx);
      },
    },
  });
  expect(injected).toBeDefined();
  const s = result.summary;
  const r = injected!.restoration;
  const restored =
    r === undefined
      ? ''
      : `, an independent client served again ${((r.restored - injected!.to) / 1000).toFixed(3)} s after it (last failed probe sent at ${r.lastFailedSent === undefined ? '-' : (r.lastFailedSent / 1000).toFixed(2)} s)`;
  // The independent client's view, so that a disagreement can be read in the log.
  if (r) progress(`${name}: probes (sent->settled, good) ${r.probes.map((p) => `${(p.sent / 1000).toFixed(2)}->${(p.settled / 1000).toFixed(2)}${p.good ? '' : ` ${p.status}`}`).join(', ')}`);
  progress(
    `${name}: injected ${((injected!.to - injected!.from) / 1000).toFixed(3)} s from ${(injected!.from / 1000).toFixed(3)} s${restored}; outages ${JSON.stringify(s.outages)}; errors ${s.errors}/${s.requests}; p99 ${s.latency_ms.p99} max ${s.latency_ms.max} ms; impacts ${(result.unreported_impacts ?? s.impacts).join(',') || 'none'}; valid ${result.valid} ${result.invalid_reasons.join('; ')}`,
  );
  expect(await countLabelled(docker, result.run_id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  return { result, injected: injected! };
}

/**
 * Exactly one outage window, from the injection's start (within 0.5 s) until service was restored.
 * For a switch (500s) that is the switch's end (within 0.5 s). After a freeze, recovery is mixed for
 * a while (the backlog drains; some requests are served, some time out; a lone failure is an
 * error, not an outage), so the end is bounded by what is certain: not before the unfreeze, and
 * not later than 0.5 s after the independent client was served again for good.
 */
function expectOneWindow(result: ScenarioResult, injected: Injected) {
  const { outages, outage_s } = result.summary;
  expect(outages).toHaveLength(1);
  const [window] = outages;
  expect(Math.abs(window!.start_s - injected.from / 1000)).toBeLessThanOrEqual(0.5);
  const r = injected.restoration;
  if (r === undefined) {
    expect(Math.abs(window!.end_s - injected.to / 1000)).toBeLessThanOrEqual(0.5);
  } else {
    expect(window!.end_s).toBeGreaterThanOrEqual(injected.to / 1000);
    expect(window!.end_s).toBeLessThanOrEqual(r.restored / 1000 + 0.5);
  }
  expect(outage_s).toBe(window!.duration_s);
  expect(result.unreported_impacts ?? result.summary.impacts).toContain('full-outage');
}

describe('availability against ground truth', () => {
  // After the unfreeze the requests queued during the freeze are served first: service comes back
  // later than the freeze ends, and the backlog draining must not open a second window.
  it.each([3, 5])('the ingress frozen for %i s: one outage window, from the freeze until service was restored', async (seconds) => {
    const { result, injected } = await calibrate(`ingress-${seconds}s`, async (ctx) => {
      await sleep(2000);
      const watch = watchService(ctx);
      await sleep(500);
      const frozen = await freeze(ctx, [ctx.testbed.ingress], seconds * 1000, 'freeze-ingress');
      return { ...frozen, restoration: await watch.restoredAfter(frozen.from + 500) };
    });
    expectOneWindow(result, injected);
  });

  it('both frontends frozen for 0.8 s: no outage window, the late answers are latency', async () => {
    const { result, injected } = await calibrate('frontends-0.8s', async (ctx) => {
      await sleep(2000);
      return freeze(ctx, ctx.testbed.webs, 800, 'freeze-frontends');
    });
    expect(result.summary.outages).toEqual([]);
    expect(result.unreported_impacts ?? result.summary.impacts).not.toContain('full-outage');
    // Requests due at the freeze's start waited for it: late, and good.
    expect(result.summary.latency_ms.max).toBeGreaterThan(0.7 * (injected.to - injected.from));
    expect(result.summary.errors).toBe(0);
  });

  it('both frontends answering 500 for 3 s: one outage window of 3 s', async () => {
    const { result, injected } = await calibrate('both-500', async (ctx) => {
      await installSwitch(ctx);
      return answer500(ctx, ctx.testbed.webs, 3000, 'answer-500');
    });
    expectOneWindow(result, injected);
  });

  it('one of two frontends answering 500 for 10 s: no full outage, errors and degraded throughput', async () => {
    const { result, injected } = await calibrate('one-500', async (ctx) => {
      await installSwitch(ctx);
      return answer500(ctx, [ctx.testbed.webs[0]!], 10_000, 'answer-500-web-1');
    });
    expect(result.summary.outages).toEqual([]);
    // Round robin sends every other request to the broken frontend.
    const due = Math.round(((injected.to - injected.from) / 1000) * 10);
    expect(result.summary.errors).toBeGreaterThan(0.35 * due);
    expect(result.summary.errors).toBeLessThan(0.65 * due);
    expect(result.unreported_impacts ?? result.summary.impacts).toContain('degraded-throughput');
    expect(result.slo.checks.find((c) => c.name === 'availability')!.verdict).toBe('fail');
  });
});
