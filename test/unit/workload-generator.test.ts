// The load's mix against a scripted wiki (node:http on 127.0.0.1): every kind of request goes
// where it should, edits append to and rewrite seeded pages by popularity, never two at once on
// one page and none after one went unanswered, and the same seed sends the same requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pageTitle } from '../../harness/testbed/pages.ts';
import { appendText, ledgerText, rewriteText, searchWords } from '../../harness/testbed/wiki-vocabulary.ts';
import { startLoad, type LoadOptions } from '../../harness/workload/generator.ts';

interface Seen {
  method: string;
  url: URL;
  form?: URLSearchParams;
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A fake wiki: pages answer at once, edits after `editMs`; the first edit of `hangTitle` is never answered. */
async function scriptedWiki(o: { editMs: number; hangTitle?: string }) {
  const seen: Seen[] = [];
  const editing = new Map<string, number>();
  let overlaps = 0;
  let hung = false;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (c: Buffer) => (body += c.toString()));
    request.on('end', () => {
      const url = new URL(request.url!, 'http://127.0.0.1');
      if (request.method !== 'POST') {
        seen.push({ method: 'GET', url });
        response.writeHead(200, { 'content-type': 'text/html', connection: 'close' }).end('<html>page</html>');
        return;
      }
      const form = new URLSearchParams(body);
      seen.push({ method: 'POST', url, form });
      const title = form.get('title')!;
      if (title === o.hangTitle && !hung) {
        hung = true;
        return;
      }
      editing.set(title, (editing.get(title) ?? 0) + 1);
      if (editing.get(title)! > 1) overlaps++;
      setTimeout(() => {
        editing.set(title, editing.get(title)! - 1);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ edit: { result: 'Success', newrevid: seen.length } }));
      }, o.editMs);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mediawiki`, seen, overlaps: () => overlaps };
}

const allKinds = { read: 0.4, edit: 0.3, history: 0.1, search: 0.1, recent_changes: 0.1 };

function load(url: string, o: Partial<LoadOptions> & { end: number }) {
  const origin = performance.now();
  return startLoad({ baseUrl: url, pages: 5, seed: 11, tag: 'g', mix: allKinds, popularity: { zipf: 1 }, rate: 100, timeoutMs: 300, clock: () => performance.now() - origin, ...o }).done;
}

describe('the mix of a realistic wiki', () => {
  it('sends every kind to its page; edits append and rewrite popular pages one at a time, none after an unanswered one', async () => {
    const wiki = await scriptedWiki({ editMs: 40, hangTitle: pageTitle(1) });
    const report = await load(wiki.url, { end: 4000 });
    expect(report.samples).toHaveLength(400);
    const byKind = (kind: string) => report.samples.filter((s) => s.kind === kind).length;
    for (const [kind, share] of [
      ['read', 0.4],
      ['edit', 0.3],
      ['history', 0.1],
      ['search', 0.1],
      ['recent-changes', 0.1],
    ] as const) {
      expect(byKind(kind), kind).toBeGreaterThan(400 * share * 0.6);
      expect(byKind(kind), kind).toBeLessThan(400 * share * 1.4);
    }

    // Each GET goes where its kind says; the search is full text, for a title or a word.
    const gets = wiki.seen.filter((s) => s.method === 'GET').map((s) => s.url.searchParams);
    const titleOf = (p: URLSearchParams) => p.get('title')!;
    const histories = gets.filter((p) => p.get('action') === 'history');
    const searches = gets.filter((p) => titleOf(p) === 'Special:Search');
    const recent = gets.filter((p) => titleOf(p) === 'Special:RecentChanges');
    // The five seeded pages as their titles travel in a URL (spaces as underscores).
    const seeded = Array.from({ length: 5 }, (_, i) => pageTitle(i + 1));
    const inUrl = (title: string) => title.replace(/ /g, '_');
    const views = gets.filter((p) => seeded.map(inUrl).includes(titleOf(p)) && !p.has('action'));
    expect([histories.length, searches.length, recent.length, views.length]).toEqual([byKind('history'), byKind('search'), byKind('recent-changes'), byKind('read')]);
    for (const h of histories) expect(seeded.map(inUrl)).toContain(titleOf(h));
    for (const s of searches) expect(s.get('fulltext')).toBe('1');
    for (const s of searches) expect([...seeded, ...searchWords]).toContain(s.get('search'));
    expect(searches.some((s) => seeded.includes(s.get('search')!))).toBe(true);
    expect(searches.some((s) => searchWords.includes(s.get('search')!))).toBe(true);
    // Zipf with s = 1: page 1 is viewed most, more than twice as often as page 5.
    const viewsOf = (n: number) => views.filter((p) => titleOf(p) === inUrl(pageTitle(n))).length;
    expect(viewsOf(1)).toBeGreaterThan(2 * viewsOf(5));

    // Edits: all three ops, each writing what the read-back will look for.
    const edits = wiki.seen.filter((s) => s.method === 'POST').map((s) => s.form!);
    const ops = new Set(report.ledger.map((e) => e.op));
    expect(ops).toEqual(new Set(['create', 'append', 'rewrite']));
    for (const e of report.ledger) {
      const form = edits.find((f) => f.get('title') === e.page && (f.get('text') ?? f.get('appendtext'))!.includes(e.token))!;
      expect(form, e.token).toBeDefined();
      if (e.op === 'create') expect([e.page, form.get('text')]).toEqual([`Bench ledger g ${/-(\d+)-/.exec(e.token)![1]}`, ledgerText(e.token)]);
      if (e.op === 'append') expect([form.get('appendtext'), form.get('nocreate')]).toEqual([appendText(e.token), '1']);
      if (e.op === 'rewrite') expect([form.get('text'), form.get('nocreate')]).toEqual([rewriteText(e.token), '1']);
      if (e.op !== 'create') expect(seeded).toContain(e.page);
    }
    // Never two edits of one page at once; the hung edit of page 1 timed out, and page 1 was never edited again.
    expect(wiki.overlaps()).toBe(0);
    const toPage1 = edits.filter((f) => f.get('title') === pageTitle(1));
    expect(toPage1).toHaveLength(1);
    expect(report.samples.filter((s) => s.kind === 'edit' && s.outcome === 'timeout')).toHaveLength(1);
    expect(report.ledger.some((e) => e.page === pageTitle(1))).toBe(false);
  }, 15_000);

  it('the same seed sends the same requests', async () => {
    const wiki = await scriptedWiki({ editMs: 1 });
    const requests = async (seed: number) => {
      const before = wiki.seen.length;
      await load(wiki.url, { end: 600, rate: 200, seed, mix: { ...allKinds, edit: 0, read: 0.7 } });
      return wiki.seen
        .slice(before)
        .map((s) => {
          const p = new URLSearchParams(s.url.search);
          const id = Number(p.get('bench_req'));
          p.delete('bench_req');
          return [id, p.toString()] as const;
        })
        .sort((a, b) => a[0] - b[0]);
    };
    const first = await requests(5);
    expect(first).toHaveLength(120);
    expect(await requests(5)).toEqual(first);
    expect(await requests(6)).not.toEqual(first);
  }, 15_000);
});
