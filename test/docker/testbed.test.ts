// The real testbed on the real engine: both universes come up behind HAProxy on 127.0.0.1,
// serve a seeded page, take an anonymous edit, and leave nothing behind.
import { journalSchema, runJsonSchema } from '../../analysis/measure/journal-schema.ts';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, exec, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { withRunScope } from '../../harness/run-scope.ts';
import { smokeChecks } from './smoke.ts';
import { newRunId, startTestbed } from '../../harness/testbed/index.ts';
import { sql } from '../../harness/testbed/mariadb.ts';
import { siteInfo } from '../../harness/testbed/wiki-client.ts';
import { versions, type Version } from '../../harness/versions.ts';

let docker: Engine;
const nothingLeft = { containers: 0, networks: 0, volumes: 0 };

beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(versions), (line) => console.log(`images: ${line}`));
});

describe.each(versions)('the MediaWiki %s testbed', (version: Version) => {
  it('serves a seeded page and an anonymous edit through HAProxy on 127.0.0.1, then is gone', async () => {
    const runId = newRunId(`test-${version}`);
    const seen = await withRunScope(docker, runId, async ({ signal }) => {
      const testbed = await startTestbed(docker, { runId, version, frontends: 2, pages: 20, seed: 7, signal, progress: () => {} });
      expect(testbed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mediawiki$/);
      const bindings = (await testbed.ingress.inspect()).HostConfig.PortBindings as Record<string, Array<{ HostIp: string }>>;
      // The wiki port and Imago's test port, both on the loopback address only.
      expect(
        Object.values(bindings)
          .flat()
          .map((b) => b.HostIp),
      ).toEqual(['127.0.0.1', '127.0.0.1']);
      expect((await siteInfo(testbed.url)).generator).toMatch(new RegExp(`^MediaWiki ${version.replace('.', '\\.')}\\.\\d+$`));
      expect((await sql(testbed.db, testbed.credentials, 'SELECT @@binlog_format, @@log_bin')).stdout.trim()).toBe('ROW\t1');
      // Root over TCP needs the run's password: nothing logs in without it.
      expect((await exec(testbed.db, ['mariadb', '-uroot', '-h127.0.0.1', '-e', 'SELECT 1'])).exitCode).not.toBe(0);
      expect(testbed.webs).toHaveLength(2);
      const checks = await smokeChecks(testbed, 7);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
      return (await countLabelled(docker, runId)).containers;
    });
    expect(seen).toBe(4);
    expect(await countLabelled(docker, runId)).toEqual(nothingLeft);
  });
});

// SIGHUP: the terminal bench was started from closed.
describe.each(['SIGINT', 'SIGHUP'] as const)('bench up interrupted by %s', (name) => {
  it('removes everything the run had created and exits 130', async () => {
    const child = spawn('node', ['harness/bench.mjs', 'up', 'test/fixtures/scenarios/smoke-1.35.yaml'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let runId: string | undefined;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Interrupt once containers exist: while MediaWiki is being installed.
        const match = /up (\S+): install\.\.\./.exec(stderr);
        if (match && !runId) {
          runId = match[1];
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`bench up ended before the install step:\n${stderr}`)));
    });
    expect((await countLabelled(docker, runId)).containers).toBeGreaterThan(0);
    child.kill(name);
    expect(await exited, stderr).toBe(130);
    expect(await countLabelled(docker, runId)).toEqual(nothingLeft);
  });
});

describe('a run that crashes or stalls', () => {
  it.each([
    ['crash', 'thrown from a timer'],
    ['stall', 'stalled: it waits on something nothing is left to finish'],
  ])('%s: removes what it had created before the process ends, and exits 3', async (mode, message) => {
    const child = spawn('node', ['--import', 'tsx', 'test/fixtures/programs/crash-in-run-scope.ts', mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const runId = stdout.trim();
    expect(runId, stderr).toMatch(/^test-crash-/);
    expect(code, stderr).toBe(3);
    expect(stderr).toContain(message);
    expect(stderr).toContain('cleanup: removed 0 containers, 1 networks');
    expect(await countLabelled(docker, runId)).toEqual(nothingLeft);
  });
});

describe('bench run', () => {
  it('validates every file first and starts no container for an invalid one', async () => {
    const before = await countLabelled(docker);
    const { code, stderr } = await runCli(['run', 'test/fixtures/scenarios/smoke-1.35.yaml', 'test/fixtures/invalid/zero-frontends.yaml']);
    expect(code).toBe(2);
    expect(stderr).toContain('zero-frontends.yaml:5:14 testbed.frontends');
    expect(await countLabelled(docker)).toEqual(before);
  });

  it('runs a scenario end to end, writes its journal and JUnit file, exits by its SLO verdict, and tears down', async () => {
    const junit = `results/test-testbed-${Date.now()}.xml`;
    const { code, stdout, stderr } = await runCli(['run', '--json', '--junit', junit, 'test/fixtures/scenarios/smoke-1.39.yaml']);
    // The --json output and the journal of a real run keep the journal contract.
    const [result] = runJsonSchema.parse(JSON.parse(stdout));
    expect(code, stderr).toBe(result!.slo.verdict === 'pass' ? 0 : 1);
    expect(result!.summary.requests).toBeGreaterThan(100);
    expect(result!.summary.acknowledged_writes).toBeGreaterThan(0);
    expect(result!.summary.lost_writes).toBe(0);
    const journal = journalSchema.parse(JSON.parse(await readFile(result!.journal, 'utf8')));
    expect(journal).toMatchObject({ complete: true, run_id: result!.run_id, summary: result!.summary });
    expect(await readFile(junit, 'utf8')).toContain('<testsuite');
    expect(await countLabelled(docker, result!.run_id)).toEqual(nothingLeft);
  });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', ['harness/bench.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
