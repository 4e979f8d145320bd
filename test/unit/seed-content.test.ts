import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../analysis/statistics/random.ts';
import { articleSize, sizeModel, stubBytes } from '../../harness/testbed/content/article.ts';
import { pageTitle as titleOf, userCount, userName } from '../../harness/testbed/content/names.ts';
import { familyNames, givenNames, proseWords, scripts, titleWords } from '../../harness/testbed/content/vocabulary.ts';
import { pagesToXml, pageTitle, prefixedTitle, type SeedPage, seedContent } from '../../harness/testbed/pages.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const wikis = new Map<string, SeedPage[]>();
/** A small wiki's content, generated once per (pages, seed) for the tests that read it. */
const wiki = (pages: number, seed = 1) => {
  const key = `${pages}/${seed}`;
  if (!wikis.has(key)) wikis.set(key, [...seedContent(pages, seed)]);
  return wikis.get(key)!;
};
const articles = (pages: SeedPage[]) => pages.filter((p) => p.namespace === 0);
const current = (p: SeedPage) => p.revisions.at(-1)!.text;

describe('titles', () => {
  it('are unique, NFC, already capitalised and free of characters a title cannot hold, for 20,000 articles', () => {
    const titles = Array.from({ length: 20_000 }, (_, k) => pageTitle(k + 1));
    expect(new Set(titles).size).toBe(titles.length);
    const unfit = titles.filter((t) => t.normalize('NFC') !== t || t.charAt(0).toUpperCase() !== t.charAt(0) || /[#<>[\]|{}_:\n]|^ | $| {2}/.test(t) || bytes(t) >= 255);
    expect(unfit).toEqual([]);
  });

  it('come in four scripts, the popular ones short, and cost nothing to name far out', () => {
    const first = Array.from({ length: 10 }, (_, k) => pageTitle(k + 1)).join(' ');
    expect(first).toMatch(/[\u00c0-\u024f]/);
    expect(first).toMatch(/[\u0400-\u04ff]/);
    expect(first).toMatch(/[\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af]/);
    expect(first).toMatch(/[\u0600-\u06ff]/);
    expect(pageTitle(1).split(' ')).toHaveLength(1);
    expect(pageTitle(1_000_000)).toBe(titleOf(1_000_000));
    expect(pageTitle(1_000_000)).not.toBe(pageTitle(999_999));
  });

  it('are built from word lists whose words are distinct, NFC, without spaces, the CJK ones two characters each', () => {
    for (const s of scripts) {
      const words = titleWords[s];
      expect(new Set(words).size).toBe(words.length);
      for (const w of words) {
        expect(w.normalize('NFC')).toBe(w);
        expect(w).not.toContain(' ');
        if (s === 'cjk') expect([...w]).toHaveLength(2);
      }
      for (const w of [...proseWords[s], ...givenNames[s], ...familyNames[s]]) expect(w.normalize('NFC')).toBe(w);
    }
    const users = Array.from({ length: userCount }, (_, k) => userName(k));
    expect(new Set(users).size).toBe(userCount);
  });
});

describe('seedContent', () => {
  it('is the same for the same seed and differs for another, page by page', () => {
    const a = wiki(300, 1);
    expect([...seedContent(300, 1)]).toEqual(a);
    const b = wiki(300, 2);
    expect(articles(b).map((p) => p.title)).toEqual(articles(a).map((p) => p.title));
    const differing = articles(a).filter((p, k) => current(p) !== current(articles(b)[k]!));
    expect(differing.length).toBe(articles(a).length);
  });

  it('yields templates, then categories, then each article with its talk page', () => {
    const pages = wiki(300);
    const order = pages.map((p) => p.namespace);
    const firstCategory = order.indexOf(14);
    const firstArticle = order.indexOf(0);
    expect(order.slice(0, firstCategory).every((ns) => ns === 10)).toBe(true);
    expect(order.slice(firstCategory, firstArticle).every((ns) => ns === 14)).toBe(true);
    expect(order.slice(firstArticle).every((ns) => ns === 0 || ns === 1)).toBe(true);
    expect(articles(pages).map((p) => p.title)).toEqual(Array.from({ length: 300 }, (_, k) => pageTitle(k + 1)));
    pages.forEach((p, k) => {
      if (p.namespace === 1) expect(pages[k - 1]).toMatchObject({ namespace: 0, title: p.title });
    });
    const talkShare = pages.filter((p) => p.namespace === 1).length / 300;
    expect(talkShare).toBeGreaterThan(0.25);
    expect(talkShare).toBeLessThan(0.5);
    expect(new Set(pages.map(prefixedTitle)).size).toBe(pages.length);
  });

  it('links only to pages it holds, and uses only templates and categories it holds', () => {
    const pages = wiki(500);
    const titles = new Set(pages.map(prefixedTitle));
    const templates = new Set(pages.filter((p) => p.namespace === 10).map((p) => p.title));
    const categories = new Set(pages.filter((p) => p.namespace === 14).map((p) => p.title));
    let links = 0;
    for (const p of pages) {
      for (const l of p.links) expect(titles.has(l), `${prefixedTitle(p)} links to ${l}`).toBe(true);
      for (const t of p.templates) expect(templates.has(t), `${prefixedTitle(p)} uses ${t}`).toBe(true);
      for (const c of p.categories) expect(categories.has(c), `${prefixedTitle(p)} is in ${c}`).toBe(true);
      for (const l of p.links) expect(current(p)).toMatch(new RegExp(`(\\[\\[|\\{\\{(Main|See also)\\|)${l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[|\\]}]`));
      expect(new Set(p.links).size).toBe(p.links.length);
      links += p.links.length;
    }
    expect(links / 500).toBeGreaterThan(5);
    // A few templates used by many: every article has {{Reflist}}, most cite a web page.
    const list = articles(pages);
    expect(list.every((p) => p.templates.includes('Reflist'))).toBe(true);
    expect(list.filter((p) => p.templates.includes('Cite web')).length / list.length).toBeGreaterThan(0.5);
    expect(list.every((p) => p.categories.length >= 1)).toBe(true);
    // Popular articles are linked to more often than the rest.
    const inbound = (title: string) => pages.filter((p) => p.links.includes(title)).length;
    expect(inbound(pageTitle(1))).toBeGreaterThan(5 * inbound(pageTitle(400)) + 5);
  });

  it('writes every script, emoji and the characters XML escapes', () => {
    const text = articles(wiki(300)).map(current).join('\n');
    expect(text).toMatch(/[\u00c0-\u024f]/);
    expect(text).toMatch(/[\u0400-\u04ff]/);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).toMatch(/[\u0600-\u06ff]/);
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
    expect(text).toMatch(/[&<>]/);
    expect(text.normalize('NFC')).toBe(text);
  });

  it('keeps each page’s revisions in time order, from several editors, growing by appends and changing by rewrites', () => {
    const pages = wiki(500);
    let appends = 0;
    let rewrites = 0;
    for (const p of pages) {
      const times = p.revisions.map((r) => r.timestamp);
      for (const t of times) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      for (let k = 1; k < times.length; k++) expect(times[k]! > times[k - 1]!, `${prefixedTitle(p)} revision ${k}`).toBe(true);
      for (const r of p.revisions) expect(bytes(r.comment)).toBeLessThanOrEqual(255);
      if (p.namespace !== 0) continue;
      for (let k = 1; k < p.revisions.length; k++) {
        const [before, after] = [p.revisions[k - 1]!.text, p.revisions[k]!.text];
        const kept = before.split('\n\n').filter((block) => after.includes(block)).length;
        if (bytes(after) > bytes(before) && kept === before.split('\n\n').length) appends++;
        else if (kept < before.split('\n\n').length) rewrites++;
      }
    }
    expect(appends).toBeGreaterThan(100);
    expect(rewrites).toBeGreaterThan(50);
    const counts = articles(pages).map((p) => p.revisions.length);
    expect(counts.filter((c) => c === 1).length / counts.length).toBeGreaterThan(0.3);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(20);
    const users = new Set(pages.flatMap((p) => p.revisions.map((r) => r.user)));
    expect(users.size).toBeGreaterThan(100);
    expect([...users].some((u) => /^\d+\.\d+\.\d+\.\d+$/.test(u))).toBe(true);
  });
});

describe('sizes', () => {
  it(`follow the log-normal model: median ${sizeModel.median} bytes, a long tail, within ${sizeModel.min}..${sizeModel.max}`, () => {
    const random = seededRandom(7);
    // Unpopular articles (the 1/sqrt boost is negligible past the first thousands).
    const sizes = Array.from({ length: 100_000 }, () => articleSize(random, 1e9)).sort((a, b) => a - b);
    expect(quantile(sizes, 0.5)).toBeGreaterThan(2_800);
    expect(quantile(sizes, 0.5)).toBeLessThan(3_200);
    expect(quantile(sizes, 0.9)).toBeGreaterThan(10_000);
    expect(quantile(sizes, 0.9)).toBeLessThan(14_000);
    expect(quantile(sizes, 0.99)).toBeGreaterThan(30_000);
    expect(quantile(sizes, 0.99)).toBeLessThan(50_000);
    expect(sizes[0]).toBeGreaterThanOrEqual(sizeModel.min);
    expect(sizes.at(-1)).toBeLessThanOrEqual(sizeModel.max);
  });

  it('of the generated articles follow the model (median 2.5 to 4 KB, p90 over 3x the median, stubs marked)', () => {
    const list = articles(wiki(2_000, 3));
    const sizes = list.map((p) => bytes(current(p))).sort((a, b) => a - b);
    expect(quantile(sizes, 0.5)).toBeGreaterThan(2_500);
    expect(quantile(sizes, 0.5)).toBeLessThan(4_000);
    expect(quantile(sizes, 0.9)).toBeGreaterThan(3 * quantile(sizes, 0.5));
    expect(sizes.at(-1)).toBeLessThan(sizeModel.max * 1.2);
    const stubs = list.filter((p) => p.categories.includes('Stubs'));
    expect(stubs.length).toBeGreaterThan(100);
    for (const p of stubs) expect(bytes(current(p))).toBeLessThan(stubBytes + 1_500);
  });
});

describe('pagesToXml', () => {
  it('writes a well-formed export-0.10 dump whose titles, texts and contributors read back unchanged', () => {
    const pages = wiki(300);
    const xml = [...pagesToXml(pages)].join('');
    expect(xml.startsWith('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10"')).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      trimValues: false,
      parseTagValue: false,
      processEntities: { maxTotalExpansions: Number.POSITIVE_INFINITY, maxExpandedLength: Number.POSITIVE_INFINITY },
      isArray: (name) => name === 'page' || name === 'revision',
    }).parse(xml);
    const read = doc.mediawiki.page as Array<{ title: string; ns: string; revision: Array<Record<string, any>> }>;
    expect(read).toHaveLength(pages.length);
    read.forEach((r, k) => {
      const p = pages[k]!;
      expect(r.title).toBe(prefixedTitle(p));
      expect(Number(r.ns)).toBe(p.namespace);
      r.revision.forEach((rev, n) => {
        const seeded = p.revisions[n]!;
        expect(rev.text['#text'] ?? '').toBe(seeded.text);
        expect(Number(rev.text['@bytes'])).toBe(bytes(seeded.text));
        expect(rev.timestamp).toBe(seeded.timestamp);
        expect(rev.contributor.username ?? rev.contributor.ip).toBe(seeded.user);
        expect(rev.comment ?? '').toBe(seeded.comment);
      });
    });
  });
});

describe('streaming', () => {
  it('generates a 100,000-article wiki page by page: the heap after 5,000 articles is that after 500', { timeout: 60_000 }, () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapAt = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    let seen = 0;
    let textCharacters = 0;
    let atFirst = 0;
    for (const p of seedContent(100_000, 1)) {
      for (const r of p.revisions) textCharacters += r.text.length;
      if (p.namespace !== 0) continue;
      seen++;
      if (seen === 500) atFirst = heapAt();
      if (seen === 5_000) break;
    }
    const atLast = heapAt();
    // Tens of millions of characters of text went by; the heap grew by no more than a few MB.
    expect(textCharacters).toBeGreaterThan(30e6);
    expect(atLast - atFirst).toBeLessThan(10e6);
  });
});
