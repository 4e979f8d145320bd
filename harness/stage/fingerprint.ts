/**
 * Collecting fingerprints from real machines: containers of the testbed images (made for the
 * purpose and removed after) or running containers. Each resource comes from a command run in
 * the container; the parsing, vendor rules and granularity are pure (analysis/stage/fingerprint.ts).
 */
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import {
  applyVendorRules,
  defaultVendorRules,
  parseEnv,
  parseLibraries,
  parseListening,
  parsePackages,
  parseSha256sum,
  sortResources,
  summarizeTree,
  type Fingerprint,
  type Resource,
  type VendorRule,
} from '../../analysis/stage/fingerprint.ts';
import { exec, execOk, isNotFound, labelsFor, type Engine } from '../docker.ts';
import { badInput } from '../exit-codes.ts';

export interface CollectOptions {
  /** Configuration files: one resource per file. */
  configRoots: string[];
  /** Application and data trees: summarised per directory `depth` levels down. */
  treeRoots: string[];
  depth: number;
  rules: VendorRule[];
  /** Longest wait for the listening sockets to settle after a container starts. */
  settleMs: number;
}

export const defaultCollectOptions: CollectOptions = {
  configRoots: ['/etc'],
  // PHP's extensions and Apache's modules are libraries that ldconfig does not list. /var/log,
  // /tmp and /var/www are listed so that the vendor rules visibly drop their noise.
  treeRoots: ['/usr/share/mediawiki', '/var/lib/mediawiki', '/usr/lib/php', '/usr/lib/apache2/modules', '/var/www', '/var/log', '/tmp', '/var/tmp'],
  depth: 1,
  rules: defaultVendorRules,
  settleMs: 10_000,
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Every library ldconfig knows: soname, arch, the file it resolves to and that file's hash.
// Every library ldconfig knows: soname, arch, the file it resolves to and that file's hash.
// Tab-separated: the arch field has spaces on bullseye ("libc6,x86-64, OS ABI: Linux 3.2.0").
const librariesScript = `tab=$(printf '\\t')
ldconfig -p | sed -n "s/^[[:space:]]*\\([^ ]*\\) (\\(.*\\)) => \\(.*\\)$/\\1$tab\\2$tab\\3/p" |
while IFS="$tab" read -r so arch path; do
  real=$(readlink -f "$path") || continue
  printf '%s\\t%s\\t%s\\t%s\\n' "$so" "$arch" "$real" "$(sha256sum "$real" | cut -d' ' -f1)"
done`;

const listFilesScript = 'for r in "$@"; do [ -d "$r" ] && find "$r" -xdev -type f; done; true';

/** Hashing goes in batches so that no command line grows past the kernel's limit. */
const hashBatch = 500;

export async function collectFingerprint(
  container: Docker.Container,
  identity: { machine: string; image: string; imageId: string },
  options: CollectOptions,
  warnings: string[] = [],
): Promise<Fingerprint> {
  const raw: Resource[] = [
    ...parsePackages(await execOk(container, ['dpkg-query', '-W', '-f', '${Package}\t${Version}\n'])),
    ...parseLibraries(await execOk(container, ['sh', '-c', librariesScript])),
    ...parseEnv(await execOk(container, ['env'])),
    ...(await listening(container)),
  ];
  const files = await listFiles(container, options);
  const rules = applyVendorRules([...raw, ...files], options.rules);
  const kept = rules.kept.filter((r) => r.kind !== 'config' && r.kind !== 'file');
  const toHash = rules.kept.filter((r) => r.kind === 'config' || r.kind === 'file');
  let hashed: Resource[] = [];
  for (let i = 0; i < toHash.length; i += hashBatch) {
    const batch = toHash.slice(i, i + hashBatch);
    // Exit code 1 when a file vanished or is unreadable: keep what was read, note the rest.
    const out = await exec(container, ['sha256sum', '--', ...batch.map((r) => r.name)]);
    if (out.exitCode !== 0) warnings.push(`sha256sum: ${out.stderr.trim().split('\n').slice(0, 3).join('; ')}`);
    const kindOf = new Map(batch.map((r) => [r.name, r.kind]));
    hashed = hashed.concat(parseSha256sum(out.stdout, 'file').map((r) => ({ ...r, kind: kindOf.get(r.name) ?? r.kind })));
  }
  for (const root of options.treeRoots) hashed = summarizeTree(hashed, root, options.depth, sha256);
  return { ...identity, resources: sortResources([...kept, ...hashed]), excluded: rules.excluded, warnings };
}

/** File names under the roots (not yet hashed: excluded files are never read). */
async function listFiles(container: Docker.Container, options: CollectOptions): Promise<Resource[]> {
  const list = async (roots: string[], kind: 'config' | 'file') =>
    (await execOk(container, ['sh', '-c', listFilesScript, 'sh', ...roots]))
      .split('\n')
      .filter((name) => name !== '')
      .map((name): Resource => ({ kind, name, value: '' }));
  return [...(await list(options.configRoots, 'config')), ...(await list(options.treeRoots, 'file'))];
}

async function listening(container: Docker.Container): Promise<Resource[]> {
  const read = async (protocol: 'tcp' | 'tcp6') => {
    const out = await exec(container, ['cat', `/proc/net/${protocol}`]);
    return out.exitCode === 0 ? parseListening(out.stdout, protocol) : [];
  };
  return [...(await read('tcp')), ...(await read('tcp6'))];
}

/** Waits until the set of listening sockets is the same twice in a row (services have started). */
async function settle(container: Docker.Container, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  let previous = '';
  while (Date.now() < deadline) {
    const now = (await listening(container)).map((r) => r.name).join(',');
    if (now !== '' && now === previous) return;
    previous = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export type Target = { kind: 'container'; name: string } | { kind: 'image'; name: string };

/** Tells running containers from images; bad input names the argument that is neither. */
export async function resolveTargets(docker: Engine, names: string[]): Promise<Target[]> {
  const problems: string[] = [];
  const targets: Target[] = [];
  for (const name of names) {
    try {
      const info = await docker.getContainer(name).inspect();
      if (!info.State.Running) problems.push(`${name}: container is not running (fingerprint an image or start it)`);
      else targets.push({ kind: 'container', name });
      continue;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    try {
      await docker.getImage(name).inspect();
      targets.push({ kind: 'image', name });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      problems.push(`${name}: neither a running container nor an image (see docker image ls)`);
    }
  }
  if (problems.length) throw badInput(`bench stage fingerprint <targets...>:\n  ${problems.join('\n  ')}`);
  return targets;
}

/**
 * Fingerprints one target. An image becomes a container labelled with the run, without a
 * network, running the image's own command (so its services listen); if that command exits,
 * the container sleeps instead and the fingerprint says it has no services. The container is
 * removed whatever happens (and the run scope sweeps the label as a backstop).
 */
export async function fingerprintTarget(docker: Engine, target: Target, runId: string, index: number, options: CollectOptions): Promise<Fingerprint> {
  if (target.kind === 'container') {
    const container = docker.getContainer(target.name);
    const info = await container.inspect();
    return collectFingerprint(container, { machine: info.Name.replace(/^\//, ''), image: info.Config.Image, imageId: info.Image }, options);
  }
  const image = await docker.getImage(target.name).inspect();
  const name = `bench-${runId}-fp-${index}`;
  const warnings: string[] = [];
  const create = (sleep: boolean) =>
    docker.createContainer({
      name,
      Image: target.name,
      Labels: labelsFor(runId, 'fingerprint'),
      HostConfig: { NetworkMode: 'none' },
      ...(sleep ? { Entrypoint: ['sleep'], Cmd: ['infinity'] } : {}),
    });
  let container = await create(false);
  try {
    await container.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const state = (await container.inspect()).State;
    if (!state.Running) {
      warnings.push(`the image's command exited (code ${state.ExitCode}); fingerprinted a sleeping container, so no services`);
      await container.remove({ force: true, v: true });
      container = await create(true);
      await container.start();
    } else {
      await settle(container, options.settleMs);
    }
    return await collectFingerprint(container, { machine: target.name, image: target.name, imageId: image.Id }, options, warnings);
  } finally {
    await container.remove({ force: true, v: true }).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}
