// The journal is readable at any moment of a run (complete: false) and final after close.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sample } from '../../analysis/measure/timeline.ts';
import { firstIssue, journalSchema } from '../../analysis/measure/journal-schema.ts';
import { Journal, sampleLine } from '../../reports/journal.ts';
import { finishedJournal, journalStart, killedJournal } from '../journal-fixture.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('Journal', () => {
  it('is written at once, rewritten as the run goes, and marked complete only at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    dirs.push(dir);
    const journal = new Journal(join(dir, 'r-1'), 'r-1', journalStart(), 50);
    const read = () => JSON.parse(readFileSync(join(dir, 'r-1', 'journal.json'), 'utf8'));
    expect(read()).toMatchObject({ format: 'bench-journal/2', run_id: 'r-1', complete: false, role: 'run' });
    expect(journalSchema.safeParse(read()).success).toBe(true);
    journal.set({ phase: 'warm-up', events: [{ t: 0, kind: 'phase', name: 'warm-up' }] });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(read()).toMatchObject({ complete: false, phase: 'warm-up', events: [{ name: 'warm-up' }] });
    journal.appendRequest({ intended: 1, sent: 1, latency: 5, kind: 'read', outcome: '2xx' });
    journal.appendRequest({ intended: 2, sent: 2, latency: 7, kind: 'edit', outcome: 'timeout' });
    const { format: _f, run_id: _r, complete: _c, started_at: _s, updated_at: _u, role: _ro, phase: _p, scenario: _sc, baseline_run_id: _b, ...result } = finishedJournal();
    await journal.close(true, result);
    expect(read()).toMatchObject({ complete: true, summary: { requests: result.summary.requests } });
    // What the writer wrote, the readers' contract takes.
    expect(journalSchema.parse(read())).toMatchObject({ complete: true, run_id: 'r-1' });
    expect(existsSync(join(dir, 'r-1', 'journal.json.tmp'))).toBe(false);
    const lines = readFileSync(join(dir, 'r-1', 'requests.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.outcome)).toEqual(['2xx', 'timeout']);
  });

  it('is refused by the readers when a field breaks the contract, naming the field; a format 1 journal is named too old', () => {
    const finished = finishedJournal();
    const refused = (journal: unknown) => {
      const r = journalSchema.safeParse(journal);
      return r.success ? 'accepted' : firstIssue(r.error);
    };
    expect(refused(finished)).toBe('accepted');
    expect(refused(killedJournal())).toBe('accepted');
    expect(refused({ ...finished, summary: { ...finished.summary, outage_s: '3' } })).toMatch(/^summary\.outage_s: /);
    const { measurement: _m, ...withoutMeasurement } = finished;
    expect(refused(withoutMeasurement)).toMatch(/^measurement: /);
    expect(refused({ ...finished, format: 'bench-journal/1' })).toMatch(/^format: bench-journal\/1 is the format of an older bench; this one reads bench-journal\/2/);
  });

  it('writes each request line exactly as JSON.stringify would read back', () => {
    const samples: Sample[] = [
      { intended: 0, sent: 0.25, latency: 12.345678, kind: 'read', outcome: '2xx', status: 200, id: 0 },
      { intended: 1e-7, sent: 3, latency: 10_000.5, kind: 'edit', outcome: 'timeout', id: 7, detail: 'no answer within 10000 ms' },
      { intended: 5, sent: 5, latency: 1, kind: 'heavy-read', outcome: 'error-page', status: 200, server: 'web-2', detail: 'say "hi"\n\\ é \u0001' },
      { intended: 2, sent: 2, latency: 0, kind: 'read', outcome: 'reset' },
    ];
    for (const s of samples) {
      expect(sampleLine(s).endsWith('\n')).toBe(true);
      expect(JSON.parse(sampleLine(s))).toEqual(JSON.parse(JSON.stringify(s)));
    }
  });
});
