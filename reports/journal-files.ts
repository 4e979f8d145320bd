/**
 * Reading run results from disk: the journal.json files under some paths, each checked against
 * the journal schema, with its requests.ndjson, as the reports' view of a run. (The view itself is
 * pure and lives in analysis/statistics/journal-view.ts.) A campaign's plan.json, which bench sweep
 * writes into results/<campaign>/ above its runs' directories, is read beside them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { firstIssue, journalSchema } from '../analysis/measure/journal-schema.ts';
import { campaignPlanSchema, type CampaignPlanFile } from '../analysis/statistics/campaign.ts';
import { parseNdjson, toRunView, type RunView } from '../analysis/statistics/journal-view.ts';
import type { Sample } from '../analysis/measure/timeline.ts';
import type { z } from 'zod';
import { utf8Text } from '../harness/utf8.ts';

/** journal.json files under the given paths: a journal file, a run dir, or a dir of run dirs (two levels down: shards/<campaign>/<plan id>). */
export function findJournals(paths: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (p: string, depth: number) => {
    if (!existsSync(p)) throw new Error(`${p}: no such file or directory`);
    if (statSync(p).isFile()) return void found.push(resolve(p));
    const direct = join(p, 'journal.json');
    if (existsSync(direct)) return void found.push(resolve(direct));
    if (depth > 2) return;
    // Dot directories are not results: a campaign's .incomplete/ keeps the runs it ran again.
    for (const entry of readdirSync(p).sort()) if (!entry.startsWith('.') && statSync(join(p, entry)).isDirectory()) visit(join(p, entry), depth + 1);
  };
  for (const p of paths) visit(p, 0);
  return [...new Set(found)];
}

/**
 * A JSON file checked against a schema, or what is wrong with it: not readable as JSON (`json`),
 * or not of the schema (`schema`, its first issue). Callers word the problem for their reader.
 */
export function readJsonFile<T extends z.ZodType>(file: string, schema: T): { ok: true; data: z.output<T> } | { ok: false; problem: 'json' | 'schema'; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(utf8Text(readFileSync(file), file));
  } catch (error) {
    return { ok: false, problem: 'json', message: (error as Error).message };
  }
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, problem: 'schema', message: firstIssue(parsed.error) };
}

/** A JSON file of the schema; bad input names the file and says what it should have been. */
function readJsonOrThrow<T extends z.ZodType>(file: string, schema: T, expected: string): z.output<T> {
  const read = readJsonFile(file, schema);
  if (read.ok) return read.data;
  throw new Error(read.problem === 'json' ? `${file}: not readable as JSON: ${read.message}` : `${file}: ${expected}: ${read.message}`);
}

/** A run as stored: its view, and its samples when requests.ndjson is there. */
export function readRun(journalPath: string): { view: RunView; samples: Sample[] | null } {
  const journal = readJsonOrThrow(journalPath, journalSchema, 'not a bench journal the reports can read');
  const requests = join(dirname(journalPath), 'requests.ndjson');
  const samples = existsSync(requests) ? parseNdjson(utf8Text(readFileSync(requests), requests), requests) : null;
  return { view: toRunView(journal, samples, dirname(journalPath)), samples };
}

export const readRunView = (journalPath: string): RunView => readRun(journalPath).view;

export const readRunViews = (paths: readonly string[]): RunView[] => findJournals(paths).map(readRunView);

/** The plans of the campaigns whose runs these journals are: results/<campaign>/plan.json above results/<campaign>/<plan id>/journal.json. */
export function readPlansBeside(journalPaths: readonly string[]): CampaignPlanFile[] {
  const files = [...new Set(journalPaths.map((j) => join(dirname(dirname(j)), 'plan.json')))].filter((f) => existsSync(f));
  return files.map((file) => readJsonOrThrow(file, campaignPlanSchema, 'not a campaign plan (bench plan --json)'));
}
