/**
 * The deterministic content a testbed is seeded with, shaped like an encyclopedia's: articles with
 * log-normal sizes, links, templates, categories, several revisions each, talk pages, text in
 * Latin (with accents), Cyrillic, CJK and Arabic scripts and emoji (see docs/scenarios.md,
 * testbed.pages). It streams: seedContent yields one page at a time, each built from the seed and
 * its own index alone, so 100,000 articles never sit in memory together.
 */
import { seededRandom } from '../../analysis/statistics/random.ts';
import { articleRevisions, talkRevisions } from './content/article.ts';
import { historyStart, isoTime } from './content/history.ts';
import { categoryCount, categoryName, isAnonymous, pageTitle, parentCategory, stubsCategory, templatesCategory } from './content/names.ts';
import { references } from './content/references.ts';
import { templatePages } from './content/templates.ts';

export { pageTitle } from './content/names.ts';

export interface SeedRevision {
  text: string;
  /** ISO 8601 UTC, to the second. */
  timestamp: string;
  comment: string;
  /** A registered user's name, or an IPv4 address (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) for an anonymous edit. */
  user: string;
}

export interface SeedPage {
  /** Article, talk, template, category. */
  namespace: 0 | 1 | 10 | 14;
  /** Without the namespace prefix, spaces not underscores. */
  title: string;
  /** Oldest first; the last is the current text. */
  revisions: SeedRevision[];
  /** Prefixed titles the current text links to ([[...]], and {{Main}}'s target), each once. */
  links: string[];
  /** Template titles the current text transcludes ({{...}}), without "Template:", each once. */
  templates: string[];
  /** Category names of the current text, without "Category:", each once. */
  categories: string[];
}

const prefixes = { 0: '', 1: 'Talk:', 10: 'Template:', 14: 'Category:' } as const;
export const prefixedTitle = (p: Pick<SeedPage, 'namespace' | 'title'>) => `${prefixes[p.namespace]}${p.title}`;

/** A page's own generator: the content seed and the page's kind and index, mixed (a murmur3 finaliser). */
function pageRandom(seed: number, kind: number, index: number) {
  let h = (seed ^ Math.imul(index, 0x9e3779b1) ^ Math.imul(kind + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return seededRandom((h ^ (h >>> 16)) >>> 0);
}

const page = (namespace: SeedPage['namespace'], title: string, revisions: SeedRevision[]): SeedPage => ({
  namespace,
  title,
  revisions,
  ...references(revisions.at(-1)!.text),
});

const oneRevision = (text: string, at: number): SeedRevision[] => [{ text, timestamp: isoTime(at), comment: 'Created page', user: 'Bench' }];

/**
 * The seed content of a wiki of `pages` articles: the templates, the categories, then each article
 * followed by its talk page if it has one (about a quarter do, most of the popular ones).
 */
export function* seedContent(pages: number, seed: number): Generator<SeedPage> {
  for (const t of templatePages) yield page(10, t.title, oneRevision(t.text, historyStart - 86_400_000));
  yield page(14, templatesCategory, oneRevision('Templates the articles use.', historyStart - 3_600_000));
  yield page(14, stubsCategory, oneRevision('Articles that are still short.', historyStart - 3_600_000));
  for (let j = 1; j <= categoryCount(pages); j++) {
    const parent = parentCategory(j);
    const text = `Articles about [[${pageTitle(j)}]] and related topics.${parent ? `\n\n[[Category:${categoryName(parent)}]]` : ''}`;
    yield page(14, categoryName(j), oneRevision(text, historyStart - 43_200_000 + j * 1000));
  }
  for (let i = 1; i <= pages; i++) {
    const article = page(0, pageTitle(i), articleRevisions(pageRandom(seed, 0, i), i, pages));
    yield article;
    const random = pageRandom(seed, 1, i);
    if (random() < Math.min(1, 0.25 + 1 / Math.sqrt(i))) yield page(1, pageTitle(i), talkRevisions(random, i, pages, article.revisions[0]!.timestamp));
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function revisionXml(r: SeedRevision): string {
  const contributor = isAnonymous(r.user) ? `<ip>${r.user}</ip>` : `<username>${escapeXml(r.user)}</username>`;
  return (
    `    <revision>\n      <timestamp>${r.timestamp}</timestamp>\n      <contributor>${contributor}</contributor>\n` +
    (r.comment ? `      <comment>${escapeXml(r.comment)}</comment>\n` : '') +
    '      <model>wikitext</model>\n      <format>text/x-wiki</format>\n' +
    `      <text xml:space="preserve" bytes="${Buffer.byteLength(r.text, 'utf8')}">${escapeXml(r.text)}</text>\n    </revision>\n`
  );
}

/**
 * The pages as an XML dump in export format 0.10 (read by MediaWiki 1.35, 1.39 and 1.43), one
 * chunk a page, for importDump.php. Fine for small wikis; large ones are seeded in bulk.
 */
export function* pagesToXml(pages: Iterable<SeedPage>): Generator<string> {
  yield '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">\n';
  for (const p of pages) {
    yield `  <page>\n    <title>${escapeXml(prefixedTitle(p))}</title>\n    <ns>${p.namespace}</ns>\n${p.revisions.map(revisionXml).join('')}  </page>\n`;
  }
  yield '</mediawiki>\n';
}
