// Resuming a campaign: what a planned run's directory holds decides whether it is skipped (a
// complete journal of the same scenario) or run again (anything else, moved aside, never deleted).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setAside, storedRun } from '../../harness/campaign/sweep.ts';
import { singleRunFromJournal } from '../../harness/run-result.ts';
import type { Scenario } from '../../harness/scenario/schema.ts';
import { finishedJournal, killedJournal } from '../journal-fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'bench-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The scenario the fixture journals ran. */
const scenario = finishedJournal().scenario.parsed as unknown as Scenario;

function runDir(id: string, journal?: unknown): string {
  const dir = join(root, 'c', id);
  mkdirSync(dir, { recursive: true });
  if (journal !== undefined) writeFileSync(join(dir, 'journal.json'), typeof journal === 'string' ? journal : JSON.stringify(journal));
  return dir;
}

describe('resuming a campaign', () => {
  it('skips a run with a complete journal of the same scenario', () => {
    const stored = storedRun(runDir('done', finishedJournal()), scenario);
    expect(stored.state).toBe('complete');
  });

  it('runs again what has no directory, died, is no journal, or ran another scenario', () => {
    expect(storedRun(join(root, 'c', 'never'), scenario)).toEqual({ state: 'missing' });
    expect(storedRun(runDir('killed', killedJournal()), scenario)).toEqual({ state: 'incomplete', why: expect.stringMatching(/^the run stopped in phase /) });
    expect(storedRun(runDir('empty'), scenario)).toEqual({ state: 'incomplete', why: 'no journal.json' });
    expect(storedRun(runDir('cut', '{"format": "bench-jou'), scenario)).toEqual({ state: 'incomplete', why: expect.stringMatching(/^journal not readable/) });
    expect(storedRun(runDir('old', { ...finishedJournal(), format: 'bench-journal/1' }), scenario)).toEqual({
      state: 'incomplete',
      why: expect.stringMatching(/^not a journal of this bench: format: bench-journal\/1 is the format of an older bench/),
    });
    // The base scenario changed since (a longer load): the old result does not answer the plan.
    const longer = { ...scenario, workload: { ...scenario.workload, duration: 90_000 } };
    expect(storedRun(runDir('changed', finishedJournal()), longer)).toEqual({ state: 'incomplete', why: expect.stringMatching(/another scenario/) });
  });

  it('moves what it reruns aside, keeping every file', () => {
    const dir = runDir('aside', killedJournal());
    writeFileSync(join(dir, 'requests.ndjson'), '{"intended":0}\n');
    const to = setAside(join(root, 'c'), 'aside');
    expect(existsSync(dir)).toBe(false);
    expect(to.startsWith(join(root, 'c', '.incomplete', 'aside-'))).toBe(true);
    expect(readFileSync(join(to, 'requests.ndjson'), 'utf8')).toBe('{"intended":0}\n');
    expect(JSON.parse(readFileSync(join(to, 'journal.json'), 'utf8')).complete).toBe(false);
    // A second death of the same run goes beside the first.
    runDir('aside', killedJournal());
    expect(setAside(join(root, 'c'), 'aside')).not.toBe(to);
  });

  it('reads a baseline back from its journal with what its fault runs are measured against', () => {
    const journal = finishedJournal();
    const run = singleRunFromJournal(journal, '/r/journal.json');
    expect(run.run_id).toBe(journal.run_id);
    expect(run.measurement).toEqual(journal.measurement);
    expect(run.findings).toEqual(journal.findings);
    expect(run.summary.lost_writes).toBe(journal.summary.lost_writes);
    expect(run.upgrade).not.toHaveProperty('faults');
  });
});
