/**
 * The testbed images, built offline: a Debian root file system made with debootstrap and
 * `docker import`ed as a base image, then the service images built FROM it with apt-get.
 * Each image carries a recipe hash; an image whose hash matches is not built again.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { BenchError, ExitCode, infrastructure } from './exit-codes.ts';
import type { Engine } from './docker.ts';
import { aptReader, debootstrapReader } from './progress/build-output.ts';
import { sinkOf, type ProgressOut, type ProgressSink } from './progress/index.ts';
import { universes, type Suite, type Version } from './versions.ts';

const dockerDir = fileURLToPath(new URL('../docker/', import.meta.url));
const recipeLabel = 'bench.recipe';

/** Debian's mirror for debootstrap and for apt-get inside the builds. */
export const debianMirror = process.env.BENCH_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

export type ImageSpec = { tag: string; kind: 'base'; suite: Suite } | { tag: string; kind: 'service'; dir: 'mariadb' | 'mediawiki' | 'haproxy'; suite: Suite };

export const baseImage = (suite: Suite): ImageSpec => ({ tag: `bench/base:${suite}`, kind: 'base', suite });
export const mediawikiImage = (v: Version): ImageSpec => ({ tag: `bench/mediawiki:${v}`, kind: 'service', dir: 'mediawiki', suite: universes[v].suite });
export const mariadbImage = (v: Version): ImageSpec => ({ tag: `bench/mariadb:${universes[v].mariadb}`, kind: 'service', dir: 'mariadb', suite: universes[v].suite });
export const haproxyImage: ImageSpec = { tag: 'bench/haproxy:2.6', kind: 'service', dir: 'haproxy', suite: 'bookworm' };

/** The images a testbed of these versions needs, bases first. */
export function imagesFor(versions: readonly Version[]): ImageSpec[] {
  const suites = new Set<Suite>([...versions.map((v) => universes[v].suite), haproxyImage.suite]);
  return [...[...suites].map(baseImage), ...versions.flatMap((v) => [mariadbImage(v), mediawikiImage(v)]), haproxyImage].filter((spec, i, all) => all.findIndex((s) => s.tag === spec.tag) === i);
}

export interface ImageOutcome {
  tag: string;
  id: string;
  built: boolean;
  seconds: number;
}

/**
 * Builds whatever of `specs` is missing or stale (or every one, with `rebuild`), in order; returns
 * every image's id. Progress: per image its stage and packages (progress/events.ts).
 */
export async function ensureImages(docker: Engine, specs: ImageSpec[], out: ProgressOut, o: { rebuild?: boolean } = {}): Promise<ImageOutcome[]> {
  const progress = sinkOf(out);
  const outcomes: ImageOutcome[] = [];
  for (const spec of specs) {
    const started = performance.now();
    const recipe = await recipeHash(docker, spec);
    const existing = await inspectImage(docker, spec.tag);
    if (!o.rebuild && existing && existing.Config?.Labels?.[recipeLabel] === recipe) {
      outcomes.push({ tag: spec.tag, id: existing.Id, built: false, seconds: 0 });
      continue;
    }
    progress({ kind: 'image', tag: spec.tag, stage: existing ? 'building (recipe changed)' : 'building' });
    if (spec.kind === 'base') await buildBase(docker, spec, recipe, progress);
    else await buildService(docker, spec, recipe, progress);
    const built = await inspectImage(docker, spec.tag);
    const seconds = (performance.now() - started) / 1000;
    progress({ kind: 'image-built', tag: spec.tag, seconds });
    outcomes.push({ tag: spec.tag, id: built!.Id, built: true, seconds });
  }
  return outcomes;
}

async function inspectImage(docker: Engine, tag: string) {
  try {
    return await docker.getImage(tag).inspect();
  } catch {
    return undefined;
  }
}

/** What an image is made of: its recipe files and, for a service, the id of its base. */
async function recipeHash(docker: Engine, spec: ImageSpec): Promise<string> {
  const hash = createHash('sha256');
  if (spec.kind === 'base') {
    hash.update(`debootstrap --variant=minbase ${spec.suite} ${debianMirror}`);
  } else {
    const base = await inspectImage(docker, baseImage(spec.suite).tag);
    hash.update(base?.Id ?? 'no-base');
    for (const file of await contextFiles(spec.dir)) hash.update(file).update(await readFile(join(dockerDir, spec.dir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function contextFiles(dir: string): Promise<string[]> {
  return (await readdir(join(dockerDir, dir))).sort();
}

/**
 * debootstrap's root trees (a few hundred MB each): <tmp>/bench-build-<pid>-<suite>-XXXXXX, named
 * by the building process, so that `bench doctor` can tell a live build's tree from a killed one's.
 */
export const buildTreePattern = /^bench-build-(\d+)-/;

async function buildBase(docker: Engine, spec: ImageSpec & { kind: 'base' }, recipe: string, progress: ProgressSink) {
  const root = await mkdtemp(join(tmpdir(), `bench-build-${process.pid}-${spec.suite}-`));
  // Ctrl-C would end the process before `finally` runs: stop the build instead, so the tree goes.
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    progress({ kind: 'note', text: `${spec.tag}: ${name}: stopping the build and removing ${root}` });
    controller.abort(new BenchError(`interrupted by ${name} while building ${spec.tag}; its build tree is removed`, ExitCode.interrupted));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    progress({ kind: 'image', tag: spec.tag, stage: `debootstrap --variant=minbase ${spec.suite}` });
    const read = debootstrapReader();
    await runCommand('debootstrap', ['--variant=minbase', spec.suite, root, debianMirror], controller.signal, (line) => {
      const moved = read(line);
      if (moved) progress({ kind: 'image', tag: spec.tag, ...moved });
    });
    progress({ kind: 'image', tag: spec.tag, stage: 'docker import' });
    const tarball = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'], signal: controller.signal });
    tarball.on('error', () => {}); // an abort; the import fails with it
    const [repo, tag] = spec.tag.split(':');
    const stream = await docker.importImage(
      tarball.stdout as Readable,
      {
        repo,
        tag,
        changes: [`LABEL ${recipeLabel}=${recipe} bench=1`, 'CMD ["/bin/bash"]'],
      } as object,
    );
    await followProgress(docker, stream, () => {});
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    await removeTree(root);
  }
}

/** Removes a build tree, after unmounting what a stopped debootstrap may have left mounted in it (/proc, /sys). */
async function removeTree(root: string) {
  const mounts = (await readFile('/proc/mounts', 'utf8').catch(() => ''))
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => m !== undefined && (m === root || m.startsWith(`${root}/`)))
    .sort()
    .reverse();
  for (const mount of mounts) await runCommand('umount', ['-l', mount], undefined, () => {}).catch(() => {});
  await rm(root, { recursive: true, force: true });
}

async function buildService(docker: Engine, spec: ImageSpec & { kind: 'service' }, recipe: string, progress: ProgressSink) {
  const stream = await docker.buildImage(
    { context: join(dockerDir, spec.dir), src: await contextFiles(spec.dir) },
    { t: spec.tag, buildargs: { BASE: baseImage(spec.suite).tag }, labels: { [recipeLabel]: recipe, bench: '1' }, rm: true, forcerm: true },
  );
  // A stage per Dockerfile step; within a step that runs apt-get, its packages.
  const apt = aptReader();
  let stage = 'docker build';
  await followProgress(docker, stream, (event) => {
    for (const line of typeof event.stream === 'string' ? event.stream.split('\n') : []) {
      const step = /^Step (\d+\/\d+) : (.*)$/.exec(line.trim());
      if (step) {
        stage = `step ${step[1]}: ${step[2]!.length > 60 ? `${step[2]!.slice(0, 57)}...` : step[2]}`;
        progress({ kind: 'image', tag: spec.tag, stage });
      }
      const counted = apt(line.trim());
      if (counted) progress({ kind: 'image', tag: spec.tag, stage, packages: counted.packages });
    }
  });
}

function followProgress(docker: Engine, stream: NodeJS.ReadableStream, onEvent: (event: { stream?: string; error?: string }) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: Array<{ error?: string }>) => {
        const failed = error?.message ?? output.find((e) => e.error)?.error;
        if (failed) reject(infrastructure(`image build failed: ${failed}`));
        else resolve();
      },
      onEvent,
    );
  });
}

function runCommand(command: string, args: string[], signal: AbortSignal | undefined, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // An abort sends SIGTERM: debootstrap then unmounts what it mounted in the tree.
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    const tail: string[] = [];
    const lines = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        onLine(line);
        tail.push(line);
        if (tail.length > 15) tail.shift();
      }
    };
    child.stdout.on('data', lines);
    child.stderr.on('data', lines);
    child.on('error', (error) =>
      signal?.aborted ? reject(signal.reason) : reject(infrastructure(`${command} could not start (${error.message}); install it: apt-get install ${command}, or run docker/setup-host.sh`)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(infrastructure(`${command} exited ${code}:\n${tail.join('\n')}`))));
  });
}
