// bench export: the CSV tables of the fixture journals (header and rows), strings that need
// quoting read back intact with csv-parse, the HdrHistogram files, and bad input (exit 2).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as hdr from 'hdr-histogram-js';
import { afterAll, describe, expect, it } from 'vitest';
import { impactNames } from '../../analysis/measure/impacts.ts';
import type { Sample } from '../../analysis/measure/timeline.ts';
import { impactMatrix } from '../../analysis/statistics/trials.ts';
import { readRunViews } from '../../reports/journal-files.ts';
import { sampleLine } from '../../reports/journal.ts';
import { benchInProcess, hasStackTrace } from '../in-process.ts';
import { finishedJournal, fixtureSamples, writeJournalFixtures } from '../journal-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const results = join(dir, 'results');
const fixtures = writeJournalFixtures(results);
const finishedId = finishedJournal().run_id;

/** A CSV file as csv-parse reads it: the header, and the rows as records. */
function readCsv(path: string): { header: string[]; rows: Array<Record<string, string>> } {
  const text = readFileSync(path, 'utf8');
  const [header] = parse(text, { to_line: 1 }) as string[][];
  return { header: header!, rows: parse(text, { columns: true }) as Array<Record<string, string>> };
}

describe('bench export --csv', () => {
  const out = join(dir, 'csv');
  let exported: { dir: string; runs: string[]; without_requests: string[]; files: Array<{ table: string; path: string; rows: number }> };

  it('writes every table and lists the files (--json)', async () => {
    const r = await benchInProcess(['export', results, '--csv', out, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    exported = JSON.parse(r.stdout);
    expect(exported.runs).toHaveLength(2);
    expect(exported.files.filter((f) => f.path.endsWith('.csv')).map((f) => f.table)).toEqual(['runs', 'timeline', 'requests', 'steps', 'faults', 'latency-spectrum', 'impact-matrix']);
    for (const f of exported.files) {
      expect(existsSync(f.path), f.path).toBe(true);
      if (f.path.endsWith('.csv')) expect(readCsv(f.path).rows, f.table).toHaveLength(f.rows);
    }
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('runs.csv: one row per run, what it was and its figures', () => {
    const { header, rows } = readCsv(join(out, 'runs.csv'));
    expect(header).toEqual([
      'run_id',
      'role',
      'scenario',
      'campaign',
      'plan_id',
      'baseline_run_id',
      'strategy',
      'fault_class',
      'fault_kind',
      'fault_at',
      'from',
      'to',
      'started_at',
      'complete',
      'valid',
      'slo',
      'upgrade_outcome',
      'requests',
      'errors',
      'outage_s',
      'lost_writes',
      'p99_ms',
      'throughput_rps',
      'impacts',
    ]);
    const journal = finishedJournal();
    expect(rows.find((r) => r.run_id === finishedId)).toMatchObject({
      role: 'run',
      strategy: 'rolling',
      fault_class: 'simple-config',
      fault_kind: 'typo-localsettings',
      fault_at: journal.scenario.parsed.fault!.at,
      campaign: '',
      complete: 'true',
      slo: journal.slo.verdict,
      requests: String(journal.summary.requests),
      p99_ms: String(journal.summary.latency_ms.p99),
      impacts: 'full-outage',
    });
    // The killed run: not complete, no lost-writes figure (an empty cell).
    expect(rows.find((r) => r.run_id !== finishedId)).toMatchObject({ complete: 'false', slo: 'unknown', lost_writes: '' });
  });

  it('timeline.csv: the per-second series of every run', () => {
    const { header, rows } = readCsv(join(out, 'timeline.csv'));
    expect(header).toEqual(['run_id', 't', 'ok', 'failed', 'good', 'p50_ms', 'p99_ms']);
    const view = readRunViews([fixtures.finished])[0]!;
    const mine = rows.filter((r) => r.run_id === finishedId);
    expect(mine).toHaveLength(view.timeline.length);
    // Second 9 is in the outage: nothing good, no latency (empty cells).
    const nine = view.timeline.find((p) => p.t === 9)!;
    expect(mine.find((r) => r.t === '9')).toEqual({ run_id: finishedId, t: '9', ok: String(nine.ok), failed: String(nine.failed), good: '0', p50_ms: '', p99_ms: '' });
    expect(mine[0]).toEqual({ run_id: finishedId, ...Object.fromEntries(Object.entries(view.timeline[0]!).map(([k, v]) => [k, String(v)])) });
    // The killed run's series is recomputed from its requests.ndjson.
    expect(rows.some((r) => r.run_id !== finishedId)).toBe(true);
  });

  it('requests.csv: every sample of requests.ndjson with its run', () => {
    const { header, rows } = readCsv(join(out, 'requests.csv'));
    expect(header).toEqual(['run_id', 'intended', 'sent', 'latency', 'kind', 'outcome', 'status', 'server', 'id', 'detail']);
    const mine = rows.filter((r) => r.run_id === finishedId);
    expect(mine).toHaveLength(fixtureSamples.length);
    const s = fixtureSamples[81]!; // in the outage: a 500
    expect(mine[81]).toEqual({
      run_id: finishedId,
      intended: String(s.intended),
      sent: String(s.sent),
      latency: String(s.latency),
      kind: s.kind,
      outcome: '5xx',
      status: '500',
      server: '',
      id: '81',
      detail: '',
    });
    // The killed run's half line at the end is not a request.
    expect(rows.filter((r) => r.run_id !== finishedId)).toHaveLength(fixtureSamples.filter((x) => x.intended < 12_000).length);
  });

  it('steps.csv and faults.csv: the upgrade steps and the fault windows', () => {
    const steps = readCsv(join(out, 'steps.csv'));
    expect(steps.header).toEqual(['run_id', 'name', 'start_s', 'end_s', 'outcome']);
    expect(steps.rows.filter((r) => r.run_id === finishedId)).toEqual([{ run_id: finishedId, name: 'migrate-schema', start_s: '5.1', end_s: '7.9', outcome: 'ok' }]);
    const faults = readCsv(join(out, 'faults.csv'));
    expect(faults.header).toEqual(['run_id', 'kind', 'start_s', 'end_s', 'outcome', 'detail']);
    expect(faults.rows.find((r) => r.run_id === finishedId)).toEqual({
      run_id: finishedId,
      kind: 'typo-localsettings',
      start_s: '8',
      end_s: '10',
      outcome: '',
      detail: 'line 20 "$wgDBserver" -> "$wgDBsrever"',
    });
  });

  it('impact-matrix.csv: the report`s matrix, one column per impact', () => {
    const { header, rows } = readCsv(join(out, 'impact-matrix.csv'));
    expect(header).toEqual(['strategy', 'fault_class', 'runs', 'slo_fail', 'slo_unknown', ...impactNames]);
    const cell = impactMatrix(readRunViews([results])).cells[0]!;
    expect(rows).toEqual([
      {
        strategy: 'rolling',
        fault_class: 'simple-config',
        runs: '2',
        slo_fail: String(cell.slo_fail),
        slo_unknown: '1',
        'full-outage': '1',
        'degraded-throughput': '0',
        'increased-latency': '0',
        'latent-error': '0',
        'security-vulnerability': '0',
      },
    ]);
  });

  it('latency-spectrum.csv and the HdrHistogram files of each run', () => {
    const { header, rows } = readCsv(join(out, 'latency-spectrum.csv'));
    expect(header).toEqual(['run_id', 'percentile', 'value_ms', 'total_count', 'inverse']);
    const mine = rows.filter((r) => r.run_id === finishedId);
    const successes = fixtureSamples.filter((s) => s.outcome === '2xx');
    // At 0%: the fastest latency, with every request that took it.
    const fastest = Math.min(...successes.map((s) => s.latency));
    expect(mine[0]).toMatchObject({ percentile: '0', total_count: String(successes.filter((s) => s.latency === fastest).length), inverse: '1' });
    expect(Number(mine[0]!.value_ms)).toBeCloseTo(fastest, 1);
    expect(mine.at(-1)).toMatchObject({ percentile: '100', total_count: String(successes.length), inverse: '' });
    const reader = new hdr.HistogramLogReader(readFileSync(join(out, `${finishedId}.hlog`), 'utf8'));
    let count = 0;
    for (let h = reader.nextIntervalHistogram(); h; h = reader.nextIntervalHistogram()) count += h.totalCount;
    expect(count).toBe(successes.length);
    expect(readFileSync(join(out, `${finishedId}.hgrm`), 'utf8')).toContain(`Total count    =          ${successes.length}`);
  });
});

describe('bench export: strings that need quoting', () => {
  it('reads back intact: commas, quotes, line breaks, non-ASCII', async () => {
    const tricky = ['a, b', 'say "hi"', 'two\nlines', 'cr\rhere', 'Ünïcödé — 日本語 🚀', ' padded ', '=1+1', ''];
    const runDir = join(dir, 'tricky', 'run');
    mkdirSync(runDir, { recursive: true });
    const journal = finishedJournal();
    journal.upgrade.steps = tricky.map((name, i) => ({ name, start_s: i, end_s: i + 0.5, outcome: 'ok' as const }));
    writeFileSync(join(runDir, 'journal.json'), JSON.stringify(journal));
    const samples: Sample[] = tricky.map((detail, i) => ({ intended: i, sent: i, latency: 1, kind: 'read', outcome: '5xx', status: 500, server: `web-${i}, "é"`, id: i, detail }));
    writeFileSync(join(runDir, 'requests.ndjson'), samples.map(sampleLine).join(''));
    const out = join(dir, 'tricky-csv');
    const r = await benchInProcess(['export', join(runDir, 'journal.json'), '--csv', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(join(out, 'requests.csv'));
    expect(readCsv(join(out, 'steps.csv')).rows.map((row) => row.name)).toEqual(tricky);
    const requests = readCsv(join(out, 'requests.csv')).rows;
    expect(requests.map((row) => row.detail)).toEqual(tricky);
    expect(requests.map((row) => row.server)).toEqual(samples.map((s) => s.server));
    // A field with a quote, comma or line break is quoted, its quotes doubled.
    expect(readFileSync(join(out, 'requests.csv'), 'utf8')).toContain('"say ""hi"""');
  });
});

describe('bench export: bad input exits 2 naming the path', () => {
  it('a path that does not exist', async () => {
    const r = await benchInProcess(['export', join(dir, 'nope'), '--csv', join(dir, 'out-1')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(join(dir, 'nope'));
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(join(dir, 'out-1'))).toBe(false);
  });

  it('a directory without a journal, and a file that is not one', async () => {
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty.json'), '{"format": "bench-journal/2"}');
    for (const path of [join(dir, 'empty'), join(dir, 'empty.json')]) {
      const r = await benchInProcess(['export', path, '--csv', join(dir, 'out-2')]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toContain(path);
    }
  });

  it('an output directory that cannot be written, leaving nothing half-written', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await benchInProcess(['export', results, '--csv', join(file, 'csv')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`--csv ${join(file, 'csv')}`);
    // A bad journal after a good one: no table is left behind.
    const mixed = join(dir, 'mixed');
    mkdirSync(join(mixed, 'z-bad'), { recursive: true });
    writeJournalFixtures(mixed);
    writeFileSync(join(mixed, 'z-bad', 'journal.json'), '{"format": "bench-jour');
    const out = join(dir, 'out-3');
    const bad = await benchInProcess(['export', mixed, '--csv', out]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain(join(mixed, 'z-bad', 'journal.json'));
    expect(readdirSync(out)).toEqual([]);
  });

  it('--csv is required', async () => {
    expect((await benchInProcess(['export', results])).exitCode).toBe(2);
  });
});
