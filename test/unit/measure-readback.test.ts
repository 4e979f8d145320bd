// The read-back against a scripted api.php (node:http on 127.0.0.1): found, lost, changed, unknown;
// and its rules for appends and rewrites of seeded pages, where a later edit may replace an earlier one.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBack, verdict } from '../../harness/checks/readback.ts';
import type { LedgerEntry } from '../../analysis/measure/timeline.ts';
import { appendText, editNumber, editToken, ledgerText, multilingual, rewriteMarker, rewriteText } from '../../harness/testbed/wiki-vocabulary.ts';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A fake api.php holding `pages` (title -> text); `failFor` titles make the whole batch answer 500. */
async function fakeApi(pages: Map<string, string>, failFor = new Set<string>()): Promise<{ url: string; batches: number[] }> {
  const batches: number[] = [];
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (c: Buffer) => (body += c.toString()));
    request.on('end', () => {
      const titles = (new URLSearchParams(body).get('titles') ?? '').split('|');
      batches.push(titles.length);
      if (titles.some((t) => failFor.has(t))) {
        response.writeHead(500).end('<h1>Internal error</h1>');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ query: { pages: titles.map((title) => (pages.has(title) ? { title, revisions: [{ slots: { main: { content: pages.get(title) } } }] } : { title, missing: true })) } }),
      );
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/mediawiki`, batches };
}

const entry = (n: number): LedgerEntry => ({ token: `tok-${n}`, page: `Bench ledger t ${n}`, t: n, status: 200, revisionId: 100 + n });

describe('readBack', () => {
  it('counts found, lost and changed writes over batches of 50', async () => {
    const ledger = Array.from({ length: 120 }, (_, i) => entry(i));
    const pages = new Map(ledger.map((e) => [e.page, `${ledgerText(e.token)}\n`]));
    for (const n of [3, 50, 119]) pages.delete(entry(n).page);
    pages.set(entry(7).page, 'vandalised');
    const api = await fakeApi(pages);
    const result = await readBack(api.url, ledger);
    expect(api.batches).toEqual([50, 50, 20]);
    expect(result.acknowledged).toBe(120);
    expect(result.found).toBe(116);
    expect(result.lost.map((e) => e.token)).toEqual(['tok-3', 'tok-50', 'tok-119']);
    expect(result.changed.map((e) => [e.token, e.text])).toEqual([['tok-7', 'vandalised']]);
    expect(result.unknown).toEqual([]);
  });

  it('a batch that never answers is unknown, not found and not lost', async () => {
    const ledger = Array.from({ length: 60 }, (_, i) => entry(i));
    const api = await fakeApi(new Map(ledger.map((e) => [e.page, ledgerText(e.token)])), new Set([entry(55).page]));
    const result = await readBack(api.url, ledger, { attempts: 2 });
    expect(result.found).toBe(50);
    expect(result.lost).toEqual([]);
    expect(result.unknown.map((e) => e.token)).toEqual(Array.from({ length: 10 }, (_, i) => `tok-${50 + i}`));
    expect(result.unknown[0]!.error).toMatch(/HTTP 500/);
  });
});

/** What a charset fault makes of UTF-8 text: its bytes read as latin1 and stored again as UTF-8. */
const doubleEncoded = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const seededText = '{{Bench note}}\n== Section 1 ==\nSeeded text, links [[Bench page 2]].\n[[Category:Bench]]';
/** An acknowledged edit of seeded page 1, number n in send order. */
const edit = (op: 'append' | 'rewrite', n: number): LedgerEntry => ({ token: editToken('ab12', n, 'c0ffee'), page: 'Bench page 1', t: n, status: 200, op });
/** The page's text after these edits, as MediaWiki keeps it (trailing whitespace stripped). */
const textAfter = (...edits: LedgerEntry[]) => edits.reduce((text, e) => (e.op === 'append' ? text + appendText(e.token) : rewriteText(e.token)), seededText).trimEnd();

describe('what edits write', () => {
  it('every edit writes text in several scripts, composed (NFC) as MediaWiki stores it', () => {
    expect(multilingual.normalize('NFC')).toBe(multilingual);
    for (const script of [/[À-ž]/, /[Ѐ-ӿ]/, /[一-鿿]/, /[؀-ۿ]/, /\p{Extended_Pictographic}/u]) expect(multilingual).toMatch(script);
    for (const text of [ledgerText('t-1-aa'), appendText('t-1-aa'), rewriteText('t-1-aa')]) expect(text).toContain(multilingual);
  });

  it("an edit's number comes back from its token, a rewrite's token from the page's text", () => {
    expect(editNumber(editToken('ab12', 37, 'deadbeef0001'))).toBe(37);
    expect(editNumber(editToken('calib-run-x', 5, '00ff'))).toBe(5);
    expect(editNumber('no number')).toBeUndefined();
    expect(rewriteMarker(rewriteText('ab12-9-c0ffee'))).toBe('ab12-9-c0ffee');
    expect(rewriteMarker(textAfter(edit('rewrite', 9), edit('append', 10)))).toBe('ab12-9-c0ffee');
    expect(rewriteMarker(seededText)).toBeUndefined();
  });
});

describe('read-back rules for appends and rewrites', () => {
  it('an append is found while its section is there as written', () => {
    const a = edit('append', 3);
    expect(verdict(a, textAfter(a))).toBe('found');
    expect(verdict(a, textAfter(a, edit('append', 4)))).toBe('found');
    // A rewrite sent before it, then the append: still there.
    expect(verdict(a, textAfter(edit('rewrite', 1), a))).toBe('found');
  });

  it('an append whose section is gone or damaged is changed; its page gone, lost', () => {
    const a = edit('append', 3);
    expect(verdict(a, seededText)).toBe('changed');
    expect(verdict(a, doubleEncoded(textAfter(a)))).toBe('changed');
    expect(verdict(a, undefined)).toBe('lost');
  });

  it('an append replaced by a rewrite sent after it is superseded; by one sent before it, changed', () => {
    const a = edit('append', 3);
    expect(verdict(a, textAfter(a, edit('rewrite', 4)))).toBe('superseded');
    // Even when the later rewrite's own text is damaged: that is the later edit's finding.
    expect(verdict(a, doubleEncoded(textAfter(a, edit('rewrite', 4))))).toBe('superseded');
    // The page shows rewrite 2, sent before the append: the append was lost from it.
    expect(verdict(a, textAfter(edit('rewrite', 2)))).toBe('changed');
  });

  it('a rewrite is found when the page starts with its text, sections appended after it or not', () => {
    const r = edit('rewrite', 5);
    expect(verdict(r, textAfter(r))).toBe('found');
    expect(verdict(r, textAfter(r, edit('append', 6), edit('append', 7)))).toBe('found');
  });

  it('a rewrite whose text was damaged or undone is changed; replaced by a later rewrite, superseded', () => {
    const r = edit('rewrite', 5);
    expect(verdict(r, doubleEncoded(textAfter(r)))).toBe('changed');
    expect(verdict(r, seededText)).toBe('changed');
    // An earlier rewrite's text came back: a lost update.
    expect(verdict(r, textAfter(edit('rewrite', 4)))).toBe('changed');
    expect(verdict(r, textAfter(r, edit('rewrite', 8)))).toBe('superseded');
    expect(verdict(r, undefined)).toBe('lost');
  });

  it('a ledger page (no op: journals from before) must hold exactly its text', () => {
    const e = entry(1);
    expect(verdict(e, `${ledgerText(e.token)}\n`)).toBe('found');
    expect(verdict({ ...e, op: 'create' }, ledgerText(e.token))).toBe('found');
    expect(verdict(e, doubleEncoded(ledgerText(e.token)))).toBe('changed');
  });

  it('reads a page once for all its writes and counts superseded writes as found', async () => {
    const [r1, a2, r3, a4] = [edit('rewrite', 1), edit('append', 2), edit('rewrite', 3), edit('append', 4)];
    const other = { ...edit('append', 5), page: 'Bench page 2' };
    const api = await fakeApi(
      new Map([
        ['Bench page 1', textAfter(r1, a2, r3, a4)],
        ['Bench page 2', doubleEncoded(textAfter(other))],
      ]),
    );
    const result = await readBack(api.url, [r1, a2, r3, a4, other]);
    expect(api.batches).toEqual([2]);
    expect(result).toMatchObject({ acknowledged: 5, found: 4, superseded: 2, lost: [] });
    expect(result.changed.map((e) => e.token)).toEqual([other.token]);
  });
});
