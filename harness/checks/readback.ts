/**
 * Read back every write the system acknowledged, through the ingress as a user would: a page
 * that is gone is lost, a page whose text is not what was written is changed, a page whose
 * read did not answer is unknown (never counted as found).
 */
import type { LedgerEntry } from '../../analysis/measure/timeline.ts';
import { ledgerText } from '../testbed/wiki-vocabulary.ts';

export interface ReadBack {
  acknowledged: number;
  found: number;
  lost: LedgerEntry[];
  changed: Array<LedgerEntry & { text: string }>;
  unknown: Array<LedgerEntry & { error: string }>;
}

const batchSize = 50;

export async function readBack(baseUrl: string, ledger: readonly LedgerEntry[], options: { attempts?: number } = {}): Promise<ReadBack> {
  const result: ReadBack = { acknowledged: ledger.length, found: 0, lost: [], changed: [], unknown: [] };
  for (let i = 0; i < ledger.length; i += batchSize) {
    const batch = ledger.slice(i, i + batchSize);
    let texts: Map<string, string | undefined> | undefined;
    let lastError = '';
    for (let attempt = 0; attempt < (options.attempts ?? 3) && !texts; attempt++) {
      try {
        texts = await currentTexts(
          baseUrl,
          batch.map((e) => e.page),
        );
      } catch (error) {
        lastError = (error as Error).message;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    for (const entry of batch) {
      if (!texts) {
        result.unknown.push({ ...entry, error: lastError });
        continue;
      }
      const text = texts.get(entry.page);
      if (text === undefined) result.lost.push(entry);
      else if (text.trim() !== ledgerText(entry.token)) result.changed.push({ ...entry, text: text.slice(0, 200) });
      else result.found++;
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
