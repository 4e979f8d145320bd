// Shared by the calibration tests: a short fault-free scenario on the real testbed, started on a
// host that is not saturated by other work (Docker is shared on this machine).
import { availableParallelism, loadavg } from 'node:os';
import { scenarioSchema, type Scenario } from '../../harness/scenario/schema.ts';

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
