// Calibration (4): a known added latency. From the upgrade slot on, every request sleeps 300 ms
// in PHP (a line appended to LocalSettings.php on every frontend); p50 must rise by at least
// 250 ms and the run be classified `increased-latency`.
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { runScenario } from '../../harness/run.ts';
import { writeSettings } from '../../harness/testbed/mediawiki.ts';
import { calibrationScenario, progress, quietHost } from './measure-calibration.ts';

let docker: Engine;
beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35']), progress);
});

describe('a known added latency', () => {
  it('300 ms of sleep per request raises p50 by at least 250 ms: increased-latency', async () => {
    progress(`host load average ${(await quietHost()).toFixed(1)}`);
    const result = await runScenario({
      docker,
      scenario: calibrationScenario('calib-latency', { rate: 6, duration: '25s', startAfter: '10s', seed: 13 }),
      file: 'test/docker/measure-latency.test.ts',
      progress,
      hooks: {
        duringLoad: async ({ testbed, clock, record }) => {
          await Promise.all(testbed.webs.map((web) => writeSettings(web, `${testbed.settings}\nusleep(300000);\n`)));
          record({ t: clock(), kind: 'fault-inject', name: 'sleep-300ms' });
        },
      },
    });
    const before = result.measurement.windows.find((w) => w.name === 'before')!;
    const after = result.measurement.windows.find((w) => w.name === 'after')!;
    progress(`p50 before ${before.latency_ms.p50} ms, after ${after.latency_ms.p50} ms; impacts ${(result.unreported_impacts ?? result.summary.impacts).join(',')}`);
    expect(after.latency_ms.p50! - before.latency_ms.p50!).toBeGreaterThanOrEqual(250);
    expect(result.unreported_impacts ?? result.summary.impacts).toContain('increased-latency');
    expect(result.summary.outages).toEqual([]);
  });
});
