/** The wiki's HTTP API as the bench uses it: page views, anonymous edits, read-backs. */

export interface EditResult {
  ok: boolean;
  status: number;
  revisionId?: number;
  /** MediaWiki's error code (e.g. readonly, ratelimited) or the HTTP failure. */
  error?: string;
}

const timeout = () => AbortSignal.timeout(15_000);

export async function siteInfo(baseUrl: string): Promise<{ generator: string; phpversion: string; dbversion: string }> {
  const response = await fetch(`${baseUrl}/api.php?action=query&meta=siteinfo&format=json`, { signal: timeout() });
  const body = (await jsonOf(response)) as { query: { general: { generator: string; phpversion: string; dbversion: string } } };
  return body.query.general;
}

/** A page view through index.php, as a reader's browser would ask for it. */
export async function viewPage(baseUrl: string, title: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${baseUrl}/index.php?title=${encodeURIComponent(title.replace(/ /g, '_'))}`, { signal: timeout() });
  return { status: response.status, html: await response.text() };
}

/** The current wikitext of a page, or undefined when the page does not exist. */
export async function readWikitext(baseUrl: string, title: string): Promise<string | undefined> {
  const params = new URLSearchParams({ action: 'query', prop: 'revisions', rvprop: 'content', rvslots: 'main', titles: title, format: 'json', formatversion: '2' });
  const response = await fetch(`${baseUrl}/api.php?${params}`, { signal: timeout() });
  const body = (await jsonOf(response)) as { query: { pages: Array<{ missing?: boolean; revisions?: Array<{ slots: { main: { content: string } } }> }> } };
  const page = body.query.pages[0];
  return page?.missing ? undefined : page?.revisions?.[0]?.slots.main.content;
}

/** An anonymous edit through api.php (the anonymous token is `+\`). */
export async function editPage(baseUrl: string, title: string, text: string, summary = 'bench'): Promise<EditResult> {
  const form = new URLSearchParams({ action: 'edit', title, text, summary, token: '+\\', format: 'json', formatversion: '2' });
  const response = await fetch(`${baseUrl}/api.php`, { method: 'POST', body: form, signal: timeout() });
  const raw = await response.text();
  try {
    const body = JSON.parse(raw) as { edit?: { result: string; newrevid?: number; nochange?: boolean }; error?: { code: string } };
    if (body.edit?.result === 'Success') return { ok: true, status: response.status, revisionId: body.edit.newrevid };
    return { ok: false, status: response.status, error: body.error?.code ?? body.edit?.result ?? 'unknown' };
  } catch {
    return { ok: false, status: response.status, error: `not JSON (HTTP ${response.status})` };
  }
}

/**
 * Renders pages again and rewrites what MediaWiki derives from them (link tables, categories, the
 * search index), as an edit would have: api.php's purge with forcelinkupdate, 50 titles a request.
 * Returns how many pages had their links updated; throws, saying what came back, when any did not.
 */
export async function refreshDerivedData(baseUrl: string, titles: string[]): Promise<number> {
  let updated = 0;
  for (let i = 0; i < titles.length; i += 50) {
    const batch = titles.slice(i, i + 50);
    const form = new URLSearchParams({ action: 'purge', forcelinkupdate: '1', titles: batch.join('|'), format: 'json', formatversion: '2' });
    const response = await fetch(`${baseUrl}/api.php`, { method: 'POST', body: form, signal: timeout() });
    const body = (await jsonOf(response)) as { purge?: Array<{ linkupdate?: boolean }> };
    const done = (body.purge ?? []).filter((page) => page.linkupdate).length;
    if (done < batch.length) throw new Error(`api.php purged ${done} of ${batch.length} pages: ${JSON.stringify(body).slice(0, 400)}`);
    updated += done;
  }
  return updated;
}

/** The JSON body of an api.php answer; anything else is an error that shows what came back. */
async function jsonOf(response: Response): Promise<unknown> {
  const raw = await response.text();
  try {
    return JSON.parse(raw);
  } catch {
    const text = raw
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    throw new Error(`api.php answered HTTP ${response.status} with no JSON: ${text.slice(0, 300)}`);
  }
}
