// The fault's revert cannot be lost: a run that fails after the injection (here its checks
// throw) still reverts the fault and journals it; a failed injection is reported apart from the
// steps. Short rolling upgrades of one frontend, each after its fault-free baseline.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { runScenario } from '../../harness/run.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import type { RunEvent } from '../../analysis/measure/timeline.ts';
import type { FaultRecord } from '../../harness/procedures/procedure.ts';

let docker: Engine;

beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35', '1.39']), (line) => console.log(`images: ${line}`));
});

const scenarioWith = (name: string, fault: string) => {
  const parsed = parseScenario(
    `name: ${name}
testbed: { from: "1.35", to: "1.39", frontends: 1, pages: 5 }
workload: { duration: 10s, rate: 5, mix: { read: 0.9, edit: 0.1 } }
upgrade: { strategy: rolling, start_after: 2s }
fault: ${fault}
`,
    `${name}.yaml`,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
};

interface Journal {
  run_id: string;
  role: string;
  complete: boolean;
  error?: string;
  events: RunEvent[];
  upgrade: { outcome: string; reason?: string; steps: Array<{ name: string; outcome: string }>; faults: FaultRecord[] };
}

/** The journal of the faulty run (not its baseline) under `dir`. */
async function runJournal(dir: string): Promise<Journal> {
  for (const entry of await readdir(dir)) {
    const journal = JSON.parse(await readFile(join(dir, entry, 'journal.json'), 'utf8')) as Journal;
    if (journal.role === 'run') return journal;
  }
  throw new Error(`no run journal under ${dir}`);
}

const faultEvents = (j: Journal) => j.events.filter((e) => e.kind === 'fault-inject' || e.kind === 'fault-revert').map((e) => [e.kind, e.outcome]);

describe('fault reverts in a run', () => {
  it('a run whose checks fail after the injection still reverts the fault and journals the revert', async () => {
    const dir = 'results/test-faults-revert/checks-fail';
    await rm(dir, { recursive: true, force: true });
    const failed = await runScenario({
      docker,
      scenario: scenarioWith('revert-after-failed-checks', '{ class: semantic-config, kind: read-only-left-on, at: after:replace:web-1 }'),
      file: 'revert-after-failed-checks.yaml',
      resultsDir: dir,
      hooks: {
        beforeChecks: async () => {
          throw new Error('a check broke');
        },
      },
    }).catch((error: unknown) => error as Error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toBe('a check broke');

    const journal = await runJournal(dir);
    expect(journal.complete).toBe(false);
    expect(journal.error).toBe('a check broke');
    expect(faultEvents(journal)).toEqual([
      ['fault-inject', 'ok'],
      ['fault-revert', 'ok'],
    ]);
    const checks = journal.events.find((e) => e.kind === 'phase' && e.name === 'checks')!;
    const revert = journal.events.find((e) => e.kind === 'fault-revert')!;
    expect(revert.t).toBeGreaterThan(checks.t);
    expect(journal.upgrade.faults).toMatchObject([{ kind: 'read-only-left-on', injection: 'ok', revertedAt: revert.t }]);
    expect(await countLabelled(docker, journal.run_id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it('a failed injection is reported apart: its own events and reason, the step before it ok and recorded once', async () => {
    const dir = 'results/test-faults-revert/injection-fails';
    await rm(dir, { recursive: true, force: true });
    const result = await runScenario({
      docker,
      scenario: scenarioWith('failed-injection', '{ class: data-access, kind: dropped-table, params: { table: no_such_table }, at: after:snapshot-db }'),
      file: 'failed-injection.yaml',
      resultsDir: dir,
    });
    expect(result.upgrade.outcome).toBe('failed');
    expect(result.upgrade.reason).toBe('injecting dropped-table at after:snapshot-db failed: no table no_such_table to drop');
    expect(result.upgrade.steps.map((s) => [s.name, s.outcome])).toEqual([['snapshot-db', 'ok']]);

    const journal = await runJournal(dir);
    expect(journal.complete).toBe(true);
    expect(journal.events.filter((e) => e.kind === 'step-end').map((e) => [e.name, e.outcome])).toEqual([['snapshot-db', 'ok']]);
    expect(faultEvents(journal)).toEqual([
      ['fault-inject', 'failed'],
      ['fault-revert', 'ok'],
    ]);
    expect(journal.events.find((e) => e.kind === 'fault-inject')!.detail).toBe('no table no_such_table to drop');
    expect(journal.upgrade.faults).toMatchObject([{ kind: 'dropped-table', injection: 'failed', description: 'no table no_such_table to drop' }]);
  });
});
