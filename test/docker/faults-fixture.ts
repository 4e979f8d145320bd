// Shared by the faults-*.test.ts files: one small real testbed per file, the FaultTarget the step
// engine would build for it, and probes that look at the frontend and the database directly.
import { afterAll, beforeAll } from 'vitest';
import { connectEngine, countLabelled, exec, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { faultTarget } from '../../harness/fault-capabilities.ts';
import { seededRandom } from '../../analysis/statistics/random.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { newRunId, startTestbed, type Testbed, type Universe } from '../../harness/testbed/index.ts';
import { pageTitle } from '../../harness/testbed/pages.ts';
import type { FaultTarget } from '../../faults/fault.ts';
import type Docker from 'dockerode';
import type { Version } from '../../harness/versions.ts';

export interface Bed {
  docker: Engine;
  testbed: Testbed;
  runId: string;
}

/**
 * Starts a testbed for the file and keeps it until afterAll, inside withRunScope so that it is
 * removed whatever happens. Returns a getter (the testbed exists once beforeAll has run).
 */
export function useTestbed(label: string, version: Version = '1.39'): () => Bed {
  let bed: Bed | undefined;
  let release: () => void = () => {};
  let scope: Promise<unknown> | undefined;
  beforeAll(async () => {
    const docker = await connectEngine();
    await ensureImages(docker, imagesFor([version]), (line) => console.log(`images: ${line}`));
    const runId = newRunId(`test-faults-${label}`);
    const held = new Promise<void>((resolve) => (release = resolve));
    await new Promise<void>((ready, fail) => {
      scope = withRunScope(
        docker,
        runId,
        async ({ signal }) => {
          const testbed = await startTestbed(docker, { runId, version, frontends: 1, pages: 5, seed: 3, signal, progress: () => {} });
          bed = { docker, testbed, runId };
          ready();
          await held;
        },
        { log: () => {} },
      ).catch(fail);
    });
  });
  afterAll(async () => {
    release();
    await scope;
    if (bed) {
      const left = await countLabelled(bed.docker, bed.runId);
      if (left.containers + left.networks + left.volumes > 0) throw new Error(`testbed ${bed.runId} left ${JSON.stringify(left)}`);
    }
  });
  return () => {
    if (!bed) throw new Error('the testbed is not up');
    return bed;
  };
}

/** The target the step engine builds at after:replace:web-1 of a rolling upgrade (or for a given universe). */
export function targetOf(bed: Bed, o: { universe?: Universe; node?: Docker.Container | null; at?: string; strategy?: FaultTarget['strategy'] } = {}): Promise<FaultTarget> {
  return faultTarget({
    testbed: bed.testbed,
    universe: o.universe,
    node: o.node === null ? undefined : (o.node ?? bed.testbed.webs[0]),
    strategy: o.strategy ?? 'rolling',
    at: o.at ?? 'after:replace:web-1',
    random: seededRandom(42),
  });
}

/** HTTP status of a view of seeded article n, asked of the frontend itself (not through HAProxy). */
export async function viewStatus(web: Docker.Container, n = 1): Promise<number> {
  const title = encodeURIComponent(pageTitle(n).replace(/ /g, '_'));
  const r = await exec(web, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '20', `http://localhost/mediawiki/index.php?title=${title}`]);
  return Number(r.stdout.trim() || 0);
}

/** An anonymous edit through the frontend's api.php: "Success" or MediaWiki's error code. */
export async function editVia(web: Docker.Container, title: string, text: string): Promise<string> {
  const r = await exec(web, [
    'curl',
    '-s',
    '--max-time',
    '20',
    '--data-urlencode',
    `title=${title}`,
    '--data-urlencode',
    `text=${text}`,
    '--data-urlencode',
    'token=+\\',
    '-d',
    'action=edit',
    '-d',
    'format=json',
    '-d',
    'formatversion=2',
    'http://localhost/mediawiki/api.php',
  ]);
  try {
    const body = JSON.parse(r.stdout) as { edit?: { result: string }; error?: { code: string } };
    return body.edit?.result ?? body.error?.code ?? 'unknown';
  } catch {
    return `not JSON: ${r.stdout.slice(0, 80)}`;
  }
}

export const cat = async (c: Docker.Container, path: string) => (await exec(c, ['cat', path])).stdout;
