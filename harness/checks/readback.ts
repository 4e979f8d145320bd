/**
 * Read back every write the system acknowledged, through the ingress as a user would: a page
 * that is gone is lost, a page whose text is not what was written is changed, a page whose
 * read did not answer is unknown (never counted as found).
 *
 * Edits to seeded pages follow one another: the load sends an edit to a page only once the last
 * one to it was answered, and none after an edit to it went unacknowledged (it might still land).
 * So on a page, acknowledged edits took effect in the order they were sent, which their tokens
 * number, and a rewrite that carries a higher number than an edit's replaced it rightfully.
 */
import { editNumber, ledgerText, rewriteMarker, rewriteText, appendText } from '../testbed/wiki-vocabulary.ts';
import type { LedgerEntry } from '../../analysis/measure/timeline.ts';

export interface ReadBack {
  acknowledged: number;
  /** Writes found as written, or rightfully replaced by a later edit of the run (`superseded`). */
  found: number;
  superseded: number;
  lost: LedgerEntry[];
  changed: Array<LedgerEntry & { text: string }>;
  unknown: Array<LedgerEntry & { error: string }>;
}

export type Verdict = 'found' | 'superseded' | 'lost' | 'changed';

/**
 * What became of one acknowledged write, from its page's current text (undefined: the page is
 * gone). A new page must hold exactly what was written. An appended section must be there as
 * written. A rewritten page must start with the text written (sections appended after it
 * follow). An append or rewrite is superseded when the page now starts with a rewrite sent after
 * it; anything else is a change.
 */
export function verdict(entry: LedgerEntry, text: string | undefined): Verdict {
  if (text === undefined) return 'lost';
  const op = entry.op ?? 'create';
  if (op === 'create') return text.trim() === ledgerText(entry.token) ? 'found' : 'changed';
  const marker = rewriteMarker(text);
  if (op === 'append' ? text.includes(appendText(entry.token).trim()) : marker === entry.token && text.startsWith(rewriteText(entry.token))) return 'found';
  if (marker !== undefined && marker !== entry.token) {
    const later = editNumber(marker);
    const own = editNumber(entry.token);
    if (later !== undefined && own !== undefined && later > own) return 'superseded';
  }
  return 'changed';
}

const batchSize = 50;

export async function readBack(baseUrl: string, ledger: readonly LedgerEntry[], options: { attempts?: number } = {}): Promise<ReadBack> {
  const result: ReadBack = { acknowledged: ledger.length, found: 0, superseded: 0, lost: [], changed: [], unknown: [] };
  // Each page is read once, however many writes it holds.
  const byPage = new Map<string, LedgerEntry[]>();
  for (const entry of ledger) byPage.set(entry.page, [...(byPage.get(entry.page) ?? []), entry]);
  const pages = [...byPage.keys()];
  for (let i = 0; i < pages.length; i += batchSize) {
    const batch = pages.slice(i, i + batchSize);
    let texts: Map<string, string | undefined> | undefined;
    let lastError = '';
    for (let attempt = 0; attempt < (options.attempts ?? 3) && !texts; attempt++) {
      try {
        texts = await currentTexts(baseUrl, batch);
      } catch (error) {
        lastError = (error as Error).message;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    for (const page of batch) {
      for (const entry of byPage.get(page)!) {
        if (!texts) {
          result.unknown.push({ ...entry, error: lastError });
          continue;
        }
        const text = texts.get(page);
        const judged = verdict(entry, text);
        if (judged === 'lost') result.lost.push(entry);
        else if (judged === 'changed') result.changed.push({ ...entry, text: text!.slice(0, 200) });
        else {
          result.found++;
          if (judged === 'superseded') result.superseded++;
        }
      }
    }
  }
  return result;
}

/** The current wikitext of each title (undefined when the page does not exist). */
async function currentTexts(baseUrl: string, titles: string[]): Promise<Map<string, string | undefined>> {
  const form = new URLSearchParams({ action: 'query', prop: 'revisions', rvprop: 'content', rvslots: 'main', titles: titles.join('|'), format: 'json', formatversion: '2' });
  const response = await fetch(`${baseUrl}/api.php`, { method: 'POST', body: form, signal: AbortSignal.timeout(20_000) });
  const raw = await response.text();
  let body: {
    query?: { normalized?: Array<{ from: string; to: string }>; pages?: Array<{ title: string; missing?: boolean; invalid?: boolean; revisions?: Array<{ slots: { main: { content: string } } }> }> };
    error?: { code: string };
  };
  try {
    body = JSON.parse(raw);
  } catch {
    throw new Error(`api.php answered HTTP ${response.status} with no JSON`);
  }
  if (!body.query?.pages) throw new Error(`api.php answered no pages (${body.error?.code ?? `HTTP ${response.status}`})`);
  const byTitle = new Map(body.query.pages.map((p) => [p.title, p.missing || p.invalid ? undefined : (p.revisions?.[0]?.slots.main.content ?? '')]));
  const normalized = new Map((body.query.normalized ?? []).map((n) => [n.from, n.to]));
  const texts = new Map<string, string | undefined>();
  for (const title of titles) {
    const canonical = normalized.get(title) ?? title;
    if (!byTitle.has(canonical)) throw new Error(`api.php did not answer for "${title}"`);
    texts.set(title, byTitle.get(canonical));
  }
  return texts;
}
