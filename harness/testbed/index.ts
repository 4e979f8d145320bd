/**
 * The testbed of one run: a Docker network, MariaDB, N MediaWiki frontends and HAProxy,
 * all labelled with the run id. Only HAProxy is published, on a free 127.0.0.1 port.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type Docker from 'dockerode';
import { labelsFor, putFiles, type Engine } from '../docker.ts';
import { haproxyImage, mariadbImage, mediawikiImage } from '../images.ts';
import type { Version } from '../versions.ts';
import { dbAnswers, dbEnv, type DbCredentials } from './mariadb.ts';
import { haproxyConfig, holdLua, testPort, universeMapFile } from './haproxy.ts';
import { runSettings, writeSettings } from './mediawiki.ts';
import { copySeed, ensureSeed } from './seed.ts';
import { secret } from '../secrets.ts';
import { waitFor, httpAnswers } from '../wait.ts';

export interface TestbedOptions {
  runId: string;
  version: Version;
  frontends: number;
  pages: number;
  seed: number;
  /** Told each stage's name (network, database, frontends, install, ...) as it starts. */
  progress: (stage: string) => void;
  signal?: AbortSignal;
}

/** One version of the system: a database and its frontends (Imago runs two side by side). */
export interface Universe {
  version: Version;
  db: Docker.Container;
  /** The frontends, web-1 first; a procedure replaces entries as it upgrades them. */
  webs: Docker.Container[];
  credentials: DbCredentials;
  /** The LocalSettings.php its frontends run with. */
  settings: string;
}

export interface Testbed extends Universe {
  runId: string;
  network: string;
  /** The wiki's base URL through HAProxy, e.g. http://127.0.0.1:38211/mediawiki */
  url: string;
  port: number;
  /** The ingress's test port: always the new universe (Imago's compare engine reads it). */
  testUrl: string;
  ingress: Docker.Container;
  /** Seconds each phase of bringing it up took. */
  timings: Record<string, number>;
  /** The cached seed its database was copied from, and whether this start built it. */
  seed: { volume: string; built: boolean; recipe: string };
}

export const webName = (i: number) => `web-${i}`;
export const containerName = (runId: string, role: string) => `bench-${runId}-${role}`;

export function newRunId(label = 'run'): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${label.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 30)}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Brings the testbed up and waits until the wiki answers through HAProxy. */
export async function startTestbed(docker: Engine, o: TestbedOptions): Promise<Testbed> {
  const timings: Record<string, number> = {};
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    o.signal?.throwIfAborted();
    o.progress(name);
    const started = performance.now();
    const result = await work();
    timings[name] = (performance.now() - started) / 1000;
    return result;
  };
  const network = containerName(o.runId, 'net');
  const credentials: DbCredentials = { rootPassword: secret(), database: 'wiki', user: 'wiki', password: secret() };

  await phase('network', () => docker.createNetwork({ Name: network, Driver: 'bridge', Labels: labelsFor(o.runId, 'network') }));

  // The seeded database is built once and cached (seed.ts); the run's database starts from a copy.
  const seeded = await phase('seed', () => ensureSeed(docker, { version: o.version, pages: o.pages, seed: o.seed }, { runId: o.runId, network, signal: o.signal, progress: o.progress }));
  await phase('copy', () => copySeedInto(docker, o.runId, 'db', o.version, seeded.volume));

  const db = await phase('database', () => startDatabase(docker, o.runId, network, 'db', o.version, credentials, o.signal));

  const webs = await phase('frontends', async () => {
    const names = Array.from({ length: o.frontends }, (_, i) => webName(i + 1));
    return Promise.all(names.map((name) => startFrontend(docker, o.runId, network, name, o.version)));
  });

  // The seed's install, with the run's database credentials, in every frontend.
  const settings = runSettings(seeded.manifest.settings, credentials, 'db');
  await phase('install', () => Promise.all(webs.map((web) => writeSettings(web, settings))));

  const port = await freePort();
  const testUrlPort = await freePort();
  const ingress = await phase('ingress', async () => {
    const names = webs.map((_, i) => webName(i + 1));
    const container = await docker.createContainer({
      name: containerName(o.runId, 'ingress'),
      Image: haproxyImage.tag,
      Labels: labelsFor(o.runId, 'ingress'),
      ExposedPorts: { '80/tcp': {}, [`${testPort}/tcp`]: {} },
      HostConfig: {
        NetworkMode: network,
        PortBindings: {
          '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }],
          [`${testPort}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(testUrlPort) }],
        },
      },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: ['ingress'] } } },
    });
    await putFiles(container, '/etc/haproxy', { 'haproxy.cfg': haproxyConfig(names), 'hold.lua': holdLua, 'universe.map': universeMapFile });
    await container.start();
    return container;
  });

  const url = `http://127.0.0.1:${port}/mediawiki`;
  await phase('healthy', () =>
    waitFor(httpAnswers(`${url}/api.php?action=query&meta=siteinfo&format=json`, `MediaWiki ${o.version}`), {
      what: `the wiki through HAProxy at ${url}`,
      timeoutMs: 60_000,
      container: ingress,
      signal: o.signal,
    }),
  );
  const testUrl = `http://127.0.0.1:${testUrlPort}/mediawiki`;
  const seed = { volume: seeded.volume, built: seeded.built, recipe: seeded.manifest.recipe };
  return { runId: o.runId, version: o.version, network, url, testUrl, port, db, webs, ingress, credentials, settings, timings, seed };
}

/**
 * How a container shares the CPU. Imago assumes the new universe runs on hardware of its own; on
 * one shared machine its containers run `background`: a tenth of a serving container's CPU weight
 * (Docker's CpuShares, 1024 by default) when both want the CPU, all of it when the host is idle.
 */
export type CpuPriority = 'serving' | 'background';
const cpuShares: Record<CpuPriority, number> = { serving: 1024, background: 102 };

/** Changes running containers' CPU priority (Imago's switch-over swaps the universes'). */
export async function setCpuPriority(containers: Docker.Container[], priority: CpuPriority): Promise<void> {
  await Promise.all(containers.map((c) => c.update({ CpuShares: cpuShares[priority] })));
}

const dataVolume = (runId: string, name: string) => containerName(runId, `${name}-data`);

/** Creates the datadir volume of the run's database `name` with a copy of a seed's datadir in it. */
export async function copySeedInto(docker: Engine, runId: string, name: string, version: Version, seedVolume: string): Promise<void> {
  const volume = dataVolume(runId, name);
  await docker.createVolume({ Name: volume, Labels: labelsFor(runId, 'db') });
  await copySeed(docker, runId, version, seedVolume, volume);
}

/**
 * Starts MariaDB of a version's universe, known on the run's network by `name`, with its datadir
 * on a labelled volume (created empty unless a seed was copied into it), and waits until root can
 * log in over TCP. The entrypoint sets the run's passwords at every start.
 */
export async function startDatabase(
  docker: Engine,
  runId: string,
  network: string,
  name: string,
  version: Version,
  credentials: DbCredentials,
  signal?: AbortSignal,
  priority: CpuPriority = 'serving',
): Promise<Docker.Container> {
  const volume = dataVolume(runId, name);
  const exists = await docker
    .getVolume(volume)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  if (!exists) await docker.createVolume({ Name: volume, Labels: labelsFor(runId, 'db') });
  const container = await docker.createContainer({
    name: containerName(runId, name),
    Image: mariadbImage(version).tag,
    Env: dbEnv(credentials),
    Labels: labelsFor(runId, 'db'),
    HostConfig: { NetworkMode: network, Binds: [`${volume}:/var/lib/mysql`], CpuShares: cpuShares[priority] },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [name] } } },
  });
  await container.start();
  await waitFor(dbAnswers(container, credentials), { what: `MariaDB in ${containerName(runId, name)}`, timeoutMs: 60_000, container, signal });
  return container;
}

/** A container's address on the run's network (HAProxy's runtime API is told it after a replace). */
export async function addressOf(container: Docker.Container, network: string): Promise<string> {
  const info = await container.inspect();
  const address = info.NetworkSettings.Networks[network]?.IPAddress;
  if (!address) throw new Error(`${info.Name} has no address on ${network}`);
  return address;
}

/** Starts one MediaWiki frontend, known on the run's network by `name` (web-1, ...). */
export async function startFrontend(docker: Engine, runId: string, network: string, name: string, version: Version, priority: CpuPriority = 'serving'): Promise<Docker.Container> {
  const container = await docker.createContainer({
    name: containerName(runId, name),
    Image: mediawikiImage(version).tag,
    Labels: { ...labelsFor(runId, 'web'), 'bench.version': version },
    HostConfig: { NetworkMode: network, CpuShares: cpuShares[priority] },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [name] } } },
  });
  await container.start();
  return container;
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
