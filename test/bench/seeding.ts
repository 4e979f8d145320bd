// The seeding and `bench up` measurements shared by bench:seed and bench:scale.
import type { Engine } from '../../harness/docker.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { containerName, copySeedInto, newRunId, startTestbed } from '../../harness/testbed/index.ts';
import { ensureSeed, listSeeds, type CachedSeed, type SeedKey } from '../../harness/testbed/seed.ts';

const since = (started: number) => (performance.now() - started) / 1000;

export interface Seeding {
  /** The cold build; with `cached`, the seconds its manifest recorded for a seed already built. */
  coldS: number;
  /** The second lookup (which must find the seed) and the copy of its datadir into a run's volume. */
  lookupS: number;
  copyS: number;
  datadirMB: number;
  manifest: CachedSeed['manifest'];
}

/** Builds the seed of `key` cold (removing a cached one unless `cached`), then looks it up and copies it as a run would. */
export async function measureSeeding(docker: Engine, key: SeedKey, o: { cached: boolean; log: (line: string) => void }): Promise<Seeding> {
  if (!o.cached) for (const seed of await listSeeds(docker)) if (seed.key === `${key.version}/${key.pages}/${key.seed}`) await docker.getVolume(seed.volume).remove();
  const runId = newRunId(`bench-seed-${key.pages}`);
  return withRunScope(docker, runId, async ({ signal }) => {
    const network = containerName(runId, 'net');
    await docker.createNetwork({ Name: network, Driver: 'bridge', Labels: { bench: '1', 'bench.run': runId } });
    const ctx = { runId, network, signal, progress: (stage: string) => o.log(`${key.pages}: ${stage}`) };
    let started = performance.now();
    const cold = await ensureSeed(docker, key, ctx);
    const coldS = cold.built ? since(started) : Object.values(cold.manifest.seconds).reduce((a, b) => a + b, 0);
    started = performance.now();
    const cached = await ensureSeed(docker, key, ctx);
    const lookupS = since(started);
    if (cached.built) throw new Error('the second lookup built the seed again');
    started = performance.now();
    await copySeedInto(docker, runId, 'probe', key.version, cached.volume);
    const copyS = since(started);
    return { coldS, lookupS, copyS, datadirMB: await volumeMB(docker, runId, containerName(runId, 'probe-data')), manifest: cold.manifest };
  });
}

/** `bench up` of 2 frontends from the cached seed of `key`, until the wiki answers (torn down after). */
export async function timeBenchUp(docker: Engine, key: SeedKey, log: (line: string) => void): Promise<{ upS: number; timings: Record<string, number> }> {
  const runId = newRunId(`bench-up-${key.pages}`);
  const started = performance.now();
  const testbed = await withRunScope(docker, runId, ({ signal }) =>
    startTestbed(docker, { runId, version: key.version, frontends: 2, pages: key.pages, seed: key.seed, signal, progress: (stage) => log(`up ${key.pages}: ${stage}`) }),
  );
  const upS = since(started);
  if (testbed.seed.built) throw new Error('bench up built the seed again');
  return { upS, timings: testbed.timings };
}

/** The size of a volume's contents (du -sm), from a container of the run. */
async function volumeMB(docker: Engine, runId: string, volume: string): Promise<number> {
  const container = await docker.createContainer({
    Image: 'bench/base:bullseye',
    Cmd: ['du', '-sm', '/d'],
    Tty: true,
    Labels: { bench: '1', 'bench.run': runId },
    HostConfig: { Binds: [`${volume}:/d:ro`] },
  });
  await container.start();
  await container.wait();
  const output = ((await container.logs({ stdout: true })) as unknown as Buffer).toString('utf8');
  await container.remove({ force: true, v: true });
  return Number.parseInt(output, 10);
}
