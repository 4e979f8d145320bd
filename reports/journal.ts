/**
 * The JSON journal of a run, results/<run-id>/journal.json (a campaign's: results/<campaign>/<plan id>/), written as the run goes: rewritten
 * atomically (temp file + rename) every few seconds with `complete: false`, so a killed run
 * leaves a readable journal; the raw requests are appended to results/<run-id>/requests.ndjson
 * one JSON object per line, in batches at most 100 ms old (a write per request cost the load
 * path ~35 µs of CPU per request, as much as sending it). What it may write is the journal
 * contract's (analysis/measure/journal-schema.ts): the run's first fields, then what it records as
 * it goes, then, for a finished run, its whole result.
 */
import { createWriteStream, mkdirSync, renameSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../harness/secrets.ts';
import { journalFormat, type JournalProgress, type JournalResult, type JournalStart } from '../analysis/measure/journal-schema.ts';
import type { Sample } from '../analysis/measure/timeline.ts';
import { writeLatencyLog } from './latency-log.ts';

/**
 * One line of requests.ndjson, the same as `JSON.stringify(sample)` but written out field by
 * field: JSON.stringify was the load path's largest cost of its own (~9% of its CPU at 30,000
 * req/s). Strings that may hold anything (server, detail) still go through JSON.stringify.
 */
export function sampleLine(s: Sample): string {
  let line = `{"intended":${s.intended},"sent":${s.sent},"latency":${s.latency},"kind":"${s.kind}","outcome":"${s.outcome}"`;
  if (s.status !== undefined) line += `,"status":${s.status}`;
  if (s.server !== undefined) line += `,"server":${JSON.stringify(s.server)}`;
  if (s.id !== undefined) line += `,"id":${s.id}`;
  if (s.detail !== undefined) line += `,"detail":${JSON.stringify(s.detail)}`;
  return `${line}}\n`;
}

export class Journal {
  readonly dir: string;
  readonly path: string;
  private data: Record<string, unknown>;
  private timer: NodeJS.Timeout | undefined;
  private requests: WriteStream;
  private pending = '';
  private pendingTimer: NodeJS.Timeout | undefined;
  private closed = false;

  /** `dir`: the run's own directory (results/<run-id>, or results/<campaign>/<plan id> for a campaign's run). */
  constructor(dir: string, runId: string, initial: JournalStart, intervalMs = 2000) {
    this.dir = dir;
    this.path = join(this.dir, 'journal.json');
    mkdirSync(this.dir, { recursive: true });
    this.data = { format: journalFormat, run_id: runId, complete: false, ...initial, started_at: new Date().toISOString() };
    this.requests = createWriteStream(join(this.dir, 'requests.ndjson'), { flags: 'a' });
    this.flush();
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Merges fields into the journal (written at the next flush). */
  set(fields: JournalProgress): void {
    Object.assign(this.data, fields);
  }

  appendRequest(sample: Sample): void {
    if (this.closed) return;
    this.pending += sampleLine(sample);
    if (this.pending.length > 65_536) this.writePending();
    else this.pendingTimer ??= setTimeout(() => this.writePending(), 100).unref();
  }

  private writePending(): void {
    clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    if (this.pending) this.requests.write(this.pending);
    this.pending = '';
  }

  /** Replaces requests.ndjson with the final samples (annotated after the load, e.g. with `server`), atomically. */
  async rewriteRequests(samples: readonly Sample[]): Promise<void> {
    this.writePending();
    await new Promise<void>((resolve) => this.requests.end(resolve));
    const path = join(this.dir, 'requests.ndjson');
    writeFileSync(`${path}.tmp`, samples.map(sampleLine).join(''));
    renameSync(`${path}.tmp`, path);
    this.requests = createWriteStream(path, { flags: 'a' });
  }

  /** Writes latency.hlog beside the journal: the final samples' latencies, one histogram per second up to `loadEndMs`. */
  writeLatencyLog(samples: readonly Sample[], loadEndMs: number): void {
    writeLatencyLog(this.dir, String(this.data.run_id), samples, loadEndMs);
  }

  /** Writes the journal now, atomically. */
  flush(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, redact(`${JSON.stringify({ ...this.data, updated_at: new Date().toISOString() }, null, 2)}\n`));
    renameSync(tmp, this.path);
  }

  /** The last write: a finished run's whole result, or what a run that died got to. */
  async close(...[complete, fields]: [complete: true, fields: JournalResult & JournalProgress] | [complete: false, fields: JournalProgress]): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    Object.assign(this.data, fields, { complete });
    this.flush();
    this.writePending();
    await new Promise<void>((resolve) => this.requests.end(resolve));
  }
}
