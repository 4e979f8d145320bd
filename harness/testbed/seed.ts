/**
 * The seed cache. A seeded database (an installed wiki and its `testbed.pages` pages) is built
 * once per (version, pages, content seed, recipe) and kept like an image: a Docker volume holding
 * the MariaDB datadir, named `bench-seed-<version>-<pages>p-s<seed>-<recipe>` and labelled
 * `bench.seed=<recipe>`. It carries no run id, so neither `bench down` (without `--seeds`) nor a
 * run's reaper removes it. A run's database starts from a copy of it (a short-lived container
 * of the run copies the datadir into the run's volume); its seed is only read.
 *
 * The recipe hashes what decides the seed's content: the version's MediaWiki image and MariaDB
 * version, the code that generates and writes the rows (the content model and whatever it
 * imports, the SQL rows, the build, the install), and for a later version the recipe of the seed
 * it is migrated from.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labelsFor, type Engine } from '../docker.ts';
import { ensureImages, imagesFor, mariadbImage, mediawikiImage } from '../images.ts';
import { universes, versions, type Version } from '../versions.ts';
import { buildBaseSeed, buildDerivedSeed, manifestFile, type BuildContext, type SeedManifest } from './seed-build.ts';

export interface SeedKey {
  version: Version;
  pages: number;
  seed: number;
}

export interface CachedSeed {
  volume: string;
  manifest: SeedManifest;
  /** Built by this call (false: found in the cache). */
  built: boolean;
}

export const seedLabel = 'bench.seed';
const keyLabel = 'bench.seed.key';
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const here = dirname(fileURLToPath(import.meta.url));

/** The files whose text decides a seed's content, each with the local files it imports. */
const recipeEntries = ['pages.ts', 'seed-sql.ts', 'seed-build.ts', 'mediawiki.ts'].map((file) => join(here, file));
const followed = ['pages.ts', 'seed-sql.ts'].map((file) => join(here, file));

/** The relative imports of a TypeScript module's text. */
export function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The recipe's source texts by repository path: the entries, and what the content model and the SQL rows import (transitively). */
export async function recipeSources(): Promise<Record<string, string>> {
  const sources: Record<string, string> = {};
  const visit = async (file: string, follow: boolean) => {
    const path = relative(repositoryRoot, file);
    if (path in sources) return;
    sources[path] = await readFile(file, 'utf8');
    if (follow) for (const target of relativeImports(sources[path]!)) await visit(resolve(dirname(file), target), true);
  };
  for (const file of recipeEntries) await visit(file, followed.includes(file));
  return sources;
}

/** The recipe hash: changes when any part that decides the seed's content changes. Pure. */
export function recipeHash(parts: { key: SeedKey; sources: Record<string, string>; images: string[]; from?: string }): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...parts.key, images: parts.images, from: parts.from ?? null }));
  for (const path of Object.keys(parts.sources).sort()) hash.update(`\0${path}\0`).update(parts.sources[path]!);
  return hash.digest('hex').slice(0, 16);
}

/** The version a seed is migrated from; undefined for the first version, whose seed is built with bulk SQL. */
export const seedBase = (version: Version): Version | undefined => versions[versions.indexOf(version) - 1];

async function imageId(docker: Engine, tag: string): Promise<string> {
  try {
    return (await docker.getImage(tag).inspect()).Id;
  } catch {
    return `missing:${tag}`;
  }
}

export async function seedRecipe(docker: Engine, key: SeedKey): Promise<string> {
  const base = seedBase(key.version);
  const from = base === undefined ? undefined : await seedRecipe(docker, { ...key, version: base });
  // MediaWiki's image (its code wrote the install and runs the migrations) by id; MariaDB by its version only: its
  // image is rebuilt for changes (the entrypoint) that leave a datadir as it was.
  const images = [await imageId(docker, mediawikiImage(key.version).tag), `mariadb ${universes[key.version].mariadb}`];
  return recipeHash({ key, sources: await recipeSources(), images, from });
}

export const seedVolumeName = (key: SeedKey, recipe: string) => `bench-seed-${key.version}-${key.pages}p-s${key.seed}-${recipe.slice(0, 12)}`;
const seedKeyText = (key: SeedKey) => `${key.version}/${key.pages}/${key.seed}`;

/**
 * Runs a short-lived container of the run (the reaper removes it if the run is killed) with the
 * seed volume mounted read-only at /seed, and returns what it printed.
 */
async function withSeed(docker: Engine, runId: string, version: Version, seedVolume: string, script: string, target?: string): Promise<{ code: number; output: string }> {
  const container = await docker.createContainer({
    Image: mariadbImage(version).tag,
    Entrypoint: ['sh', '-c', script],
    Tty: true,
    Labels: labelsFor(runId, 'seed-copy'),
    HostConfig: { Binds: [`${seedVolume}:/seed:ro`, ...(target ? [`${target}:/var/lib/mysql`] : [])], NetworkMode: 'none' },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    // docker-modem hands back output that parses as JSON (the manifest) already parsed.
    const raw: unknown = await container.logs({ stdout: true, stderr: true });
    const output = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : JSON.stringify(raw);
    return { code: StatusCode, output };
  } finally {
    await container.remove({ force: true, v: true }).catch(() => {});
  }
}

/** The manifest of a complete seed volume; undefined when it has none (a build in progress, or one that was killed). */
async function readManifest(docker: Engine, runId: string, version: Version, volume: string): Promise<SeedManifest | undefined> {
  const { code, output } = await withSeed(docker, runId, version, volume, `cat /seed/${manifestFile} 2>/dev/null`);
  return code === 0 ? (JSON.parse(output) as SeedManifest) : undefined;
}

/** Copies a seed's datadir into a run's (empty) database volume. */
export async function copySeed(docker: Engine, runId: string, version: Version, seedVolume: string, target: string): Promise<void> {
  const { code, output } = await withSeed(docker, runId, version, seedVolume, `cp -a /seed/. /var/lib/mysql/ && rm -f /var/lib/mysql/${manifestFile}`, target);
  if (code !== 0) throw new Error(`copying seed ${seedVolume} into ${target} failed (exit ${code}): ${output.trim().slice(-500)}`);
}

const volumeExists = async (docker: Engine, name: string) =>
  docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );

/**
 * The seed of `key`, from the cache or built now (and for a later version, the earlier versions'
 * seeds it is migrated from). An incomplete volume of the same name is removed and built again;
 * one another build still uses is waited for (up to an hour). Older recipes of the same key
 * (stale code or images) are removed once the new seed is complete.
 */
export async function ensureSeed(docker: Engine, key: SeedKey, ctx: BuildContext): Promise<CachedSeed> {
  // The recipe names the images: those of every version the seed is migrated through must exist first.
  await ensureImages(docker, imagesFor(seedImageVersions(key.version)), (line) => ctx.progress(line));
  const recipe = await seedRecipe(docker, key);
  const volume = seedVolumeName(key, recipe);
  const deadline = performance.now() + 3_600_000;
  for (;;) {
    ctx.signal?.throwIfAborted();
    if (!(await volumeExists(docker, volume))) break;
    const manifest = await readManifest(docker, ctx.runId, key.version, volume);
    if (manifest) return { volume, manifest, built: false };
    try {
      await docker.getVolume(volume).remove();
      break;
    } catch {
      // In use: another bench process builds this seed now.
      if (performance.now() > deadline) throw new Error(`seed volume ${volume} is still incomplete and in use after an hour`);
      ctx.progress(`waiting for another build of ${volume}`);
      await new Promise((done) => setTimeout(done, 5000));
    }
  }

  const base = seedBase(key.version);
  const from = base === undefined ? undefined : await ensureSeed(docker, { ...key, version: base }, ctx);
  const labels = { [seedLabel]: recipe, [keyLabel]: seedKeyText(key), 'bench.seed.version': key.version, 'bench.seed.pages': String(key.pages), 'bench.seed.content-seed': String(key.seed) };
  await docker.createVolume({ Name: volume, Labels: labels });
  const progress = (stage: string) => ctx.progress(`seed ${key.version}: ${stage}`);
  let manifest: SeedManifest;
  try {
    if (from === undefined) {
      manifest = await buildBaseSeed(docker, { ...ctx, progress }, { ...key, recipe }, volume);
    } else {
      progress(`copy of ${from.volume}`);
      await copySeed(docker, ctx.runId, key.version, from.volume, volume);
      manifest = await buildDerivedSeed(docker, { ...ctx, progress }, { ...key, recipe }, volume, from);
    }
  } catch (error) {
    // Not kept: without its manifest the next build would remove it anyway.
    await docker
      .getVolume(volume)
      .remove()
      .catch(() => {});
    throw error;
  }
  for (const stale of await listSeeds(docker)) {
    if (stale.key === seedKeyText(key) && stale.volume !== volume)
      await docker
        .getVolume(stale.volume)
        .remove()
        .catch(() => {});
  }
  return { volume, manifest, built: true };
}

export interface SeedListing {
  volume: string;
  /** version/pages/content seed */
  key: string;
  recipe: string;
  created: string;
}

/** Every cached seed on the engine. */
export async function listSeeds(docker: Engine): Promise<SeedListing[]> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [seedLabel] } });
  return (Volumes ?? [])
    .map((v) => {
      const labels = v.Labels ?? {};
      return { volume: v.Name, key: labels[keyLabel] ?? '?', recipe: labels[seedLabel] ?? '?', created: (v as { CreatedAt?: string }).CreatedAt ?? '' };
    })
    .sort((a, b) => a.volume.localeCompare(b.volume));
}

/** Removes every cached seed that no container uses; returns the removed volumes and the ones in use. */
export async function removeSeeds(docker: Engine): Promise<{ removed: string[]; inUse: string[] }> {
  const removed: string[] = [];
  const inUse: string[] = [];
  for (const seed of await listSeeds(docker)) {
    try {
      await docker.getVolume(seed.volume).remove();
      removed.push(seed.volume);
    } catch {
      inUse.push(seed.volume);
    }
  }
  return { removed, inUse };
}

/** The images a seed of this version needs beyond the version's own: those of the versions it is migrated from. */
export function seedImageVersions(version: Version): Version[] {
  const base = seedBase(version);
  return base === undefined ? [version] : [...seedImageVersions(base), version];
}
