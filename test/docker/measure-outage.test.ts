// Calibration (1): an outage of known length. HAProxy is paused (`docker pause`) for 5 s during
// the load; the bench must report one outage window of that length, within 0.3 s, where it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { runScenario } from '../../harness/run.ts';
import { calibrationScenario, progress, quietHost } from './measure-calibration.ts';

let docker: Engine;
beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35']), progress);
});

describe('an injected outage of known length', () => {
  it('pausing the ingress for 5 s gives one outage window of 5 s (within 0.3 s) at the pause', async () => {
    progress(`host load average ${(await quietHost()).toFixed(1)}`);
    let paused: { from: number; to: number } | undefined;
    const result = await runScenario({
      docker,
      scenario: calibrationScenario('calib-outage', { rate: 6, duration: '30s', startAfter: '10s' }),
      file: 'test/docker/measure-outage.test.ts',
      progress,
      hooks: {
        duringLoad: async ({ testbed, clock, record }) => {
          await new Promise((resolve) => setTimeout(resolve, 3000));
          const before = clock();
          await testbed.ingress.pause();
          const from = clock();
          record({ t: from, kind: 'fault-inject', name: 'pause-ingress', detail: `docker pause took ${(from - before).toFixed(0)} ms` });
          await new Promise((resolve) => setTimeout(resolve, 5000));
          const until = clock();
          await testbed.ingress.unpause();
          const to = clock();
          record({ t: to, kind: 'fault-revert', name: 'pause-ingress', detail: `docker unpause took ${(to - until).toFixed(0)} ms` });
          paused = { from, to: until };
        },
      },
    });
    expect(paused).toBeDefined();
    const pausedS = (paused!.to - paused!.from) / 1000;
    const { outages, outage_s } = result.summary;
    console.log(`paused ${pausedS.toFixed(3)} s from ${(paused!.from / 1000).toFixed(3)} s; measured ${JSON.stringify(outages)}; valid ${result.valid} ${result.invalid_reasons.join('; ')}`);
    expect(outages).toHaveLength(1);
    expect(Math.abs(outages[0]!.duration_s - 5)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(outages[0]!.start_s - paused!.from / 1000)).toBeLessThanOrEqual(0.3);
    expect(outage_s).toBe(outages[0]!.duration_s);
    // Requests due during the pause were answered after it: long latencies, not errors.
    expect(result.summary.latency_ms.max).toBeGreaterThan(4500);
    expect(result.unreported_impacts ?? result.summary.impacts).toContain('full-outage');
    expect(result.summary.lost_writes).toBe(0);
    expect(await countLabelled(docker, result.run_id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
