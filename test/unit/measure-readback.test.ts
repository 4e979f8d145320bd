// The read-back against a scripted api.php (node:http on 127.0.0.1): found, lost, changed, unknown.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBack } from '../../harness/checks/readback.ts';
import type { LedgerEntry } from '../../analysis/measure/timeline.ts';
import { ledgerText } from '../../harness/testbed/wiki-vocabulary.ts';

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
