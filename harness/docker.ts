/**
 * The narrow face of the Docker engine that the rest of the harness uses (dockerode behind it).
 * Everything bench creates carries the label `bench=1` and `bench.run=<run id>`.
 */
import { PassThrough, type Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { infrastructure } from './exit-codes.ts';
import { currentOwner, labelsOfOwner, ownerOf, type Owner } from './owner.ts';
import { redact } from './secrets.ts';

export const benchLabel = 'bench';
export const runLabel = 'bench.run';
export const roleLabel = 'bench.role';

export type Engine = Docker;

let engine: Docker | undefined;

/** The local engine; fails with how to fix it when none answers. */
export async function connectEngine(): Promise<Engine> {
  engine ??= new Docker();
  try {
    await engine.ping();
  } catch (error) {
    throw infrastructure(
      `no Docker engine answers on ${process.env.DOCKER_HOST ?? '/var/run/docker.sock'} (${(error as Error).message}).\n` +
        "  Fix: run `bash docker/setup-host.sh` (installs Debian's docker.io and starts dockerd), or `sudo bash docker/start-engine.sh`.",
    );
  }
  return engine;
}

const owner = currentOwner();
/** The labels of everything a run creates: bench's, the run's, the role's and the owner's (owner.ts). */
export const labelsFor = (runId: string, role: string): Record<string, string> => ({ [benchLabel]: '1', [runLabel]: runId, [roleLabel]: role, ...labelsOfOwner(owner) });

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in a running container and collects its output and exit code. */
export async function exec(container: Docker.Container, cmd: string[], options: { env?: string[]; user?: string } = {}): Promise<ExecResult> {
  const run = await container.exec({ Cmd: cmd, Env: options.env, User: options.user, AttachStdout: true, AttachStderr: true });
  const stream = await run.start({});
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  container.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const { ExitCode } = await run.inspect();
  return { exitCode: ExitCode ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Like exec, but a non-zero exit is an error that carries the command's output. */
export async function execOk(container: Docker.Container, cmd: string[], options: { env?: string[]; user?: string } = {}): Promise<string> {
  const result = await exec(container, cmd, options);
  if (result.exitCode !== 0) {
    // PHP's stack frames (#0 ..., #1 ...) would push the exception's message out of the tail.
    const lines = (result.stderr || result.stdout).trim().split('\n');
    const tail = lines
      .filter((line) => !/^#\d+ /.test(line))
      .slice(-15)
      .join('\n');
    // Redacted before it is cut short: a cut would leave part of a password that redact cannot match.
    throw new Error(`\`${redact(cmd.join(' ')).slice(0, 120)}\` exited ${result.exitCode}:\n${redact(tail)}`);
  }
  return result.stdout;
}

/** Writes files into a container (created or running) through the archive API. */
export async function putFiles(container: Docker.Container, dir: string, files: Record<string, string | Buffer>, mode = 0o644): Promise<void> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode }, content);
  pack.finalize();
  await container.putArchive(pack as unknown as Readable, { path: dir });
}

/** The last lines a container logged, for error messages that say what did not come up. */
export async function lastLogLines(container: Docker.Container, lines = 20): Promise<string> {
  try {
    const buffer = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demuxBuffer(buffer).trim();
  } catch (error) {
    return `(no logs: ${(error as Error).message})`;
  }
}

/** Docker's multiplexed log format: 8-byte frame headers before each chunk. */
function demuxBuffer(buffer: Buffer): string {
  const parts: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length && buffer[offset]! <= 2 && buffer.readUInt16BE(offset + 1) === 0) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size).toString('utf8'));
    offset += 8 + size;
  }
  return offset === 0 ? buffer.toString('utf8') : parts.join('');
}

export interface Sweep {
  containers: number;
  networks: number;
  volumes: number;
}

/** Removes every container, network and volume of one run; errors are collected. */
export async function removeLabelled(docker: Engine, runId: string): Promise<Sweep> {
  // An empty id would match nothing by the filter below, but say so: it is a caller's bug.
  if (!runId) throw new Error('removeLabelled: no run id');
  const filters = { label: [`${runLabel}=${runId}`] };
  const sweep: Sweep = { containers: 0, networks: 0, volumes: 0 };
  const errors: string[] = [];
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map(async (info) => {
      try {
        await docker.getContainer(info.Id).remove({ force: true, v: true });
        sweep.containers++;
      } catch (error) {
        if (!isGoing(error)) errors.push(`container ${info.Names[0]}: ${(error as Error).message}`);
      }
    }),
  );
  for (const info of await docker.listNetworks({ filters })) {
    try {
      await docker.getNetwork(info.Id).remove();
      sweep.networks++;
    } catch (error) {
      if (!isGoing(error)) errors.push(`network ${info.Name}: ${(error as Error).message}`);
    }
  }
  const { Volumes } = await docker.listVolumes({ filters });
  for (const info of Volumes ?? []) {
    try {
      await docker.getVolume(info.Name).remove();
      sweep.volumes++;
    } catch (error) {
      if (!isGoing(error)) errors.push(`volume ${info.Name}: ${(error as Error).message}`);
    }
  }
  if (errors.length > 0) throw infrastructure(`cleanup left resources behind:\n  ${errors.join('\n  ')}`);
  return sweep;
}

/**
 * A run's resources removed until a sweep finds nothing: a container created while one sweep ran
 * is caught by the next. A sweep that fails is tried again a second later, up to five times: a
 * container another process is still removing (the run's own cleanup, cut short by a signal)
 * keeps its network "in use" until it is gone.
 */
export async function sweepRun(docker: Engine, runId: string): Promise<Sweep> {
  const total: Sweep = { containers: 0, networks: 0, volumes: 0 };
  for (let attempt = 1; ; attempt++) {
    let removed: Sweep;
    try {
      removed = await removeLabelled(docker, runId);
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    total.containers += removed.containers;
    total.networks += removed.networks;
    total.volumes += removed.volumes;
    if (removed.containers + removed.networks + removed.volumes === 0 || attempt >= 5) return total;
  }
}

export const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;
/** Gone, or already being removed (a sweep racing another). */
const isGoing = (error: unknown) => isNotFound(error) || (error as { statusCode?: number }).statusCode === 409;

/** One run's resources on the engine, and its owner as their labels name it. */
export interface RunResources extends Sweep {
  runId: string;
  owner: Owner | undefined;
}

/** Every run that has resources on the engine. */
export async function listRuns(docker: Engine): Promise<RunResources[]> {
  const filters = { label: [`${benchLabel}=1`, runLabel] };
  const [containers, networks, volumes] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters }), docker.listVolumes({ filters })]);
  const runs = new Map<string, RunResources>();
  const add = (labels: Record<string, string> | undefined, kind: keyof Sweep) => {
    const runId = labels?.[runLabel];
    if (!runId) return;
    const run = runs.get(runId) ?? { runId, owner: undefined, containers: 0, networks: 0, volumes: 0 };
    run.owner ??= ownerOf(labels);
    run[kind]++;
    runs.set(runId, run);
  };
  for (const c of containers) add(c.Labels, 'containers');
  for (const n of networks) add(n.Labels, 'networks');
  for (const v of volumes.Volumes ?? []) add(v.Labels ?? undefined, 'volumes');
  return [...runs.values()].sort((a, b) => a.runId.localeCompare(b.runId));
}

/** What a run left on the engine: used by tests and `bench doctor`. */
export async function countLabelled(docker: Engine, runId?: string): Promise<Sweep> {
  const filters = { label: [runId ? `${runLabel}=${runId}` : `${benchLabel}=1`] };
  const [containers, networks, volumes] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters }), docker.listVolumes({ filters })]);
  return { containers: containers.length, networks: networks.length, volumes: (volumes.Volumes ?? []).length };
}
