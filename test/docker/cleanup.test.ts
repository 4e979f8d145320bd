// Cleanup never harms a live run, and what a killed bench leaves goes by itself: `bench doctor` and
// `bench down` beside a live `bench run`, `kill -9` of a run in the middle of its load, Ctrl-C
// during `bench images`, and no password in an install failure's message or journal.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../reports/journal.ts';
import { journalStart } from '../journal-fixture.ts';
import { connectEngine, countLabelled, labelsFor, removeLabelled, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { secret } from '../../harness/secrets.ts';
import { newRunId, startFrontend } from '../../harness/testbed/index.ts';
import { installWiki } from '../../harness/testbed/mediawiki.ts';

let docker: Engine;
let work: string;

beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35']), (line) => console.log(`images: ${line}`));
  work = await mkdtemp(join(tmpdir(), 'bench-cleanup-test-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** `bench <args>` as a user runs it: its own process, its exit code and output. */
function bench(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** A short fault-free run on one frontend, started as `bench run`; resolves once its load is going. */
async function startRun(name: string, duration: string) {
  const results = join(work, name);
  const file = join(work, `${name}.yaml`);
  await writeFile(file, `name: ${name}\ntestbed: { from: "1.35", to: "1.35", frontends: 1, pages: 10 }\nworkload: { duration: ${duration}, rate: 5 }\nupgrade: { strategy: none, start_after: 5s }\n`);
  const run = bench(['run', file, '--results', results, '--json']);
  const runId = await until(`${name} writing its journal`, async () => (await readdir(results))[0], 120_000);
  const journal = join(results, runId, 'journal.json');
  await until(`${name} under load`, async () => (['warm-up', 'upgrade', 'cool-down'].includes(JSON.parse(await readFile(journal, 'utf8')).phase) ? true : undefined), 300_000);
  return { ...run, runId, journal };
}

describe('cleanup beside a live run', () => {
  it('bench doctor lists a live run as live, and bench down leaves it running until it completes', async () => {
    const run = await startRun('live', '40s');
    try {
      const doctor = await bench(['doctor', '--json']).done;
      const findings = JSON.parse(doctor.stdout) as Array<{ check: string; ok: boolean; detail: string }>;
      const mine = findings.find((f) => f.check === `run ${run.runId}`);
      expect(mine?.ok).toBe(true);
      expect(mine?.detail).toMatch(/^live \(pid \d+\)/);

      const down = await bench(['down', '--json']).done;
      expect(down.code).toBe(0);
      const outcome = (JSON.parse(down.stdout) as { runs: Array<{ runId: string; state: string; removed: boolean }> }).runs.find((r) => r.runId === run.runId);
      expect(outcome).toMatchObject({ state: 'live', removed: false });
      // Named, it is refused too (exit 2); an empty id never means "every run".
      expect((await bench(['down', run.runId]).done).code).toBe(2);
      expect((await bench(['down', '']).done).code).toBe(2);
      expect((await countLabelled(docker, run.runId)).containers).toBeGreaterThan(0);

      const finished = await run.done;
      expect(finished.code, finished.stderr.slice(-2000)).toBe(0);
      const journal = JSON.parse(await readFile(run.journal, 'utf8'));
      expect(journal.complete).toBe(true);
      expect(journal.summary.requests).toBeGreaterThan(100);
      expect(await countLabelled(docker, run.runId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    } finally {
      run.child.kill('SIGKILL');
      await removeLabelled(docker, run.runId);
    }
  });

  it('kill -9 of bench run in the middle of the load: its reaper removes everything within 60 s, the journal stays readable and incomplete', async () => {
    const run = await startRun('killed', '60s');
    expect((await countLabelled(docker, run.runId)).containers).toBeGreaterThan(0);
    run.child.kill('SIGKILL');
    const killedAt = Date.now();
    await run.done;
    const left = await until(
      'the killed run reaped',
      async () => {
        const c = await countLabelled(docker, run.runId);
        return c.containers + c.networks + c.volumes === 0 ? c : undefined;
      },
      60_000,
    );
    console.log(`killed run reaped ${((Date.now() - killedAt) / 1000).toFixed(1)} s after kill -9`);
    expect(left).toEqual({ containers: 0, networks: 0, volumes: 0 });
    const journal = JSON.parse(await readFile(run.journal, 'utf8'));
    expect(journal.complete).toBe(false);
    expect(journal.run_id).toBe(run.runId);
  });
});

describe('Ctrl-C during bench images', () => {
  it('stops debootstrap and removes its build tree', async () => {
    const temp = join(work, 'tmp');
    await mkdir(temp);
    const images = bench(['images', '--rebuild'], { TMPDIR: temp });
    const tree = await until('a build tree', async () => (await readdir(temp)).find((name) => name.startsWith('bench-build-')), 120_000);
    // Let debootstrap get going (downloading, unpacking into the tree).
    await until('debootstrap writing into the tree', async () => ((await readdir(join(temp, tree))).length > 0 ? true : undefined), 120_000);
    await sleep(3000);
    images.child.kill('SIGINT');
    const { code, stderr } = await images.done;
    expect(code, stderr.slice(-2000)).toBe(130);
    expect(existsSync(join(temp, tree))).toBe(false);
    expect((await readdir(temp)).filter((name) => name.startsWith('bench-build-'))).toEqual([]);
  });
});

describe('secrets', () => {
  it('an install failure names no password, in its message or in the journal', async () => {
    const runId = newRunId('secret');
    const credentials = { rootPassword: secret(), database: 'wiki', user: 'wiki', password: secret() };
    try {
      const network = `bench-${runId}-net`;
      await docker.createNetwork({ Name: network, Labels: labelsFor(runId, 'network') });
      const web = await startFrontend(docker, runId, network, 'web-1', '1.35');
      // No database answers by that name: install.php fails, with --dbpass on its command line.
      const failure = await installWiki(web, 'no-such-db', credentials).then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/install\.php/);
      expect(failure).not.toContain(credentials.password);
      expect(failure).toContain('[redacted]');

      const journal = new Journal(join(work, 'secret-results', runId), runId, journalStart());
      await journal.close(false, { error: `${failure}\n--dbpass ${credentials.password}` });
      const written = await readFile(journal.path, 'utf8');
      expect(written).not.toContain(credentials.password);
      expect(written).not.toContain(credentials.rootPassword);
    } finally {
      await removeLabelled(docker, runId);
    }
  });
});
