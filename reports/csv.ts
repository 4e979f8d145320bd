/**
 * The runs' data as CSV tables, for a spreadsheet, pandas, R or DuckDB: one file per table across
 * every run exported, each row keyed by `run_id` (one read and a group-by compares runs; the
 * columns are the same for every run). Quoting is csv-stringify's (RFC 4180: a field holding a
 * comma, a quote or a line break is quoted, quotes doubled); text is UTF-8 without a BOM; empty
 * cells are values a run does not have (null). Per run, its latencies also go out in
 * HdrHistogram's formats (latency-log.ts): <run-id>.hlog and <run-id>.hgrm.
 *
 * The row functions are pure; `exportCsv` does the file work, all or nothing: every file is
 * written under a temporary name and renamed once every run was read.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { impactNames } from '../analysis/measure/impacts.ts';
import { percentileSpectrum, successLatencies } from '../analysis/measure/latency-spectrum.ts';
import type { Sample } from '../analysis/measure/timeline.ts';
import type { RunView } from '../analysis/statistics/journal-view.ts';
import { impactMatrix } from '../analysis/statistics/trials.ts';
import { readRun } from './journal-files.ts';
import { latencyLog, percentileDistribution } from './latency-log.ts';

type Cell = string | number | boolean | null | undefined;
type Row = Record<string, Cell>;

export const runColumns = [
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
] as const;
export const timelineColumns = ['run_id', 't', 'ok', 'failed', 'good', 'p50_ms', 'p99_ms'] as const;
export const requestColumns = ['run_id', 'intended', 'sent', 'latency', 'kind', 'outcome', 'status', 'server', 'id', 'detail'] as const;
export const stepColumns = ['run_id', 'name', 'start_s', 'end_s', 'outcome'] as const;
export const faultColumns = ['run_id', 'kind', 'start_s', 'end_s', 'outcome', 'detail'] as const;
export const spectrumColumns = ['run_id', 'percentile', 'value_ms', 'total_count', 'inverse'] as const;
export const matrixColumns = ['strategy', 'fault_class', 'runs', 'slo_fail', 'slo_unknown', ...impactNames] as const;

/** One row per run: what it was and its headline figures (impacts separated by `;`). */
export const runRow = (r: RunView): Row => ({
  run_id: r.run_id,
  role: r.role,
  scenario: r.scenario,
  campaign: r.campaign,
  plan_id: r.plan_id,
  baseline_run_id: r.baseline_run_id,
  strategy: r.strategy,
  fault_class: r.fault_class,
  fault_kind: r.fault_kind,
  fault_at: r.fault_at,
  from: r.from,
  to: r.to,
  started_at: r.started_at,
  complete: r.complete,
  valid: r.valid,
  slo: r.slo.verdict,
  upgrade_outcome: r.upgrade_outcome,
  ...r.metrics,
  impacts: r.impacts.map((i) => i.name).join(';'),
});

/** The per-second series the report charts: answers by completion time, good requests and latency by send time. */
export const timelineRows = (r: RunView): Row[] => r.timeline.map((p) => ({ run_id: r.run_id, ...p }));

export const requestRows = (runId: string, samples: readonly Sample[]): Row[] => samples.map((s) => ({ run_id: runId, ...s }));

export const stepRows = (r: RunView): Row[] => r.steps.map((s) => ({ run_id: r.run_id, name: s.name, start_s: s.start_s, end_s: s.end_s, outcome: s.outcome }));

export const faultRows = (r: RunView): Row[] => r.faults.map((f) => ({ run_id: r.run_id, kind: f.name, start_s: f.start_s, end_s: f.end_s, outcome: f.outcome, detail: f.detail }));

/** The percentile spectrum of the run's successful requests (latency-spectrum.ts). */
export const spectrumRows = (runId: string, samples: readonly Sample[]): Row[] => percentileSpectrum(successLatencies(samples)).map((p) => ({ run_id: runId, ...p }));

/** The HTML report's impact matrix (trials.ts impactMatrix): per cell, how many runs showed each impact. */
export const matrixRows = (runs: readonly RunView[]): Row[] =>
  impactMatrix(runs).cells.map((c) => ({
    strategy: c.strategy,
    fault_class: c.fault_class,
    runs: c.runs,
    slo_fail: c.slo_fail,
    slo_unknown: c.slo_unknown,
    ...Object.fromEntries(impactNames.map((name) => [name, c.impacts[name] ?? 0])),
  }));

/** CSV text of rows in the given columns; with `header`, the column names first. */
export const toCsv = (columns: readonly string[], rows: readonly Row[], header = true): string => stringify(rows as Row[], { columns: [...columns], header, cast: { boolean: (b) => String(b) } });

export interface ExportedFile {
  /** The table (`timeline`...) or, for HdrHistogram files, `hlog` / `hgrm`. */
  table: string;
  path: string;
  /** Data rows (CSV), or histogram intervals (.hlog) / spectrum lines (.hgrm). */
  rows: number;
  run_id?: string;
}

export interface Export {
  dir: string;
  runs: string[];
  /** Runs without requests.ndjson: no request, spectrum or histogram files. */
  without_requests: string[];
  files: ExportedFile[];
}

const tables = {
  runs: runColumns,
  timeline: timelineColumns,
  requests: requestColumns,
  steps: stepColumns,
  faults: faultColumns,
  'latency-spectrum': spectrumColumns,
  'impact-matrix': matrixColumns,
} as const;
type TableName = keyof typeof tables;

/**
 * Writes the tables of the runs of `journals` (paths findJournals gave) into `dir`. A journal that
 * cannot be read throws naming it; a `dir` that cannot be written throws naming it (and the file).
 * Nothing is left behind when either happens.
 */
export function exportCsv(journals: readonly string[], dir: string): Export {
  const out = resolve(dir);
  const written: string[] = [];
  const io = <T>(path: string, write: () => T): T => {
    try {
      return write();
    } catch (error) {
      throw new OutputError(`${path}: cannot write it (${(error as Error).message})`);
    }
  };
  io(out, () => mkdirSync(out, { recursive: true }));
  const temp = (path: string) => {
    written.push(path);
    return `${path}.tmp`;
  };
  const files: ExportedFile[] = [];
  const counts = new Map<TableName, number>();
  const path = (table: TableName) => join(out, `${table}.csv`);
  const append = (table: TableName, rows: readonly Row[]) => {
    const first = !counts.has(table);
    if (first) io(path(table), () => writeFileSync(temp(path(table)), toCsv(tables[table], [], true)));
    counts.set(table, (counts.get(table) ?? 0) + rows.length);
    if (rows.length > 0) io(path(table), () => appendFileSync(`${path(table)}.tmp`, toCsv(tables[table], rows, false)));
  };
  try {
    const views: RunView[] = [];
    const withoutRequests: string[] = [];
    for (const table of ['timeline', 'requests', 'steps', 'faults', 'latency-spectrum'] as const) append(table, []);
    for (const journal of journals) {
      const { view, samples } = readRun(journal);
      views.push(view);
      append('timeline', timelineRows(view));
      append('steps', stepRows(view));
      append('faults', faultRows(view));
      if (!samples) {
        withoutRequests.push(view.run_id);
        continue;
      }
      append('requests', requestRows(view.run_id, samples));
      const spectrum = spectrumRows(view.run_id, samples);
      append('latency-spectrum', spectrum);
      const hlog = join(out, `${view.run_id}.hlog`);
      const log = latencyLog(view.run_id, samples, view.load_end_s * 1000);
      io(hlog, () => writeFileSync(temp(hlog), log));
      files.push({ table: 'hlog', path: hlog, rows: log.split('\n').filter((l) => /^\d/.test(l)).length, run_id: view.run_id });
      const hgrm = join(out, `${view.run_id}.hgrm`);
      io(hgrm, () => writeFileSync(temp(hgrm), percentileDistribution(samples)));
      files.push({ table: 'hgrm', path: hgrm, rows: spectrum.length, run_id: view.run_id });
    }
    append('runs', views.map(runRow));
    append('impact-matrix', matrixRows(views));
    for (const p of written) io(p, () => renameSync(`${p}.tmp`, p));
    const csvFiles = (Object.keys(tables) as TableName[]).map((table) => ({ table, path: path(table), rows: counts.get(table) ?? 0 }));
    return { dir: out, runs: views.map((v) => v.run_id), without_requests: withoutRequests, files: [...csvFiles, ...files] };
  } catch (error) {
    for (const p of written) rmSync(`${p}.tmp`, { force: true });
    throw error;
  }
}

/** The output could not be written (as against a journal that could not be read). */
export class OutputError extends Error {}
