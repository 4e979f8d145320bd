/**
 * Wikitext building blocks: sentences, paragraphs, lists and tables in one script, with links to
 * other articles, references, foreign names and emoji sprinkled in as an encyclopedia has them.
 */
import { pick, type Random } from '../../../analysis/statistics/random.ts';
import { pageTitle } from './names.ts';
import { emoji, headings, languageCodes, proseWords, type Script, scripts } from './vocabulary.ts';

/** What a piece of text is written for: its page, its script, the wiki it links into. */
export interface Writing {
  random: Random;
  script: Script;
  /** Articles in the wiki (links go to 1..articles). */
  articles: number;
  /** This article's number, never linked to from itself (0 for pages that are not articles). */
  self: number;
}

/**
 * A rank in 1..n drawn with probability about 1/rank (a Zipf law with exponent 1, by inverting its
 * continuous CDF): popular articles are linked to, and popular categories filled, the most.
 */
export const zipfRank = (random: Random, n: number) => Math.min(n, Math.max(1, Math.floor((n + 1) ** random())));

/** Another article to link to, or undefined in a wiki of one article. */
export function linkTarget(w: Writing): string | undefined {
  if (w.articles < 1 || (w.articles === 1 && w.self === 1)) return undefined;
  let target = zipfRank(w.random, w.articles);
  if (target === w.self) target = (target % w.articles) + 1;
  return pageTitle(target);
}

export const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

const spaced = (script: Script) => script !== 'cjk';
const fullStop: Record<Script, string> = { latin: '.', cyrillic: '.', cjk: '。', arabic: '.' };
const comma: Record<Script, string> = { latin: ',', cyrillic: ',', cjk: '，', arabic: '،' };

/** Text MediaWiki and XML must escape or treat specially: entities, tags, comparisons, a comment. */
const markupPhrases = ['R&D', 'AT&amp;T', 'a&nbsp;b', '<br />', '5 < 7 > 3', '<!-- hidden note -->', '"quoted" & \'single\'', '<small>small print</small>'];

const words = (w: Writing, n: number) => {
  const list = proseWords[w.script];
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(pick(w.random, list));
  return out;
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A date between 2001 and 2025, for references and talk signatures. */
export const someDate = (random: Random) => {
  const d = new Date(Date.UTC(2001, 0, 1) + Math.floor(random() * 25 * 365) * 86_400_000);
  return d.toISOString().slice(0, 10);
};

/** A citation of an imaginary web page, in a <ref> (Cite web transcluded). */
export const reference = (w: Writing) =>
  `<ref>{{Cite web|url=https://example.org/${Math.floor(w.random() * 1e6)}|title=${capitalised(words(w, 4).join(spaced(w.script) ? ' ' : ''))}|website=${pick(w.random, proseWords[w.script])}|access-date=${someDate(w.random)}}}</ref>`;

/** A name in another script, as {{Lang}} shows it. */
export const foreignName = (w: Writing) => {
  const other = pick(
    w.random,
    scripts.filter((s) => s !== w.script),
  );
  return `{{Lang|${languageCodes[other]}|${pick(w.random, proseWords[other])}}}`;
};

/** One sentence of 6 to 17 words; a few of them links, sometimes a reference, a foreign name, an emoji or markup. */
export function sentence(w: Writing): string {
  const r = w.random;
  const parts = words(w, 6 + Math.floor(r() * 12));
  for (let k = 1; k < parts.length; k++) {
    const x = r();
    if (x < 0.045) {
      const target = linkTarget(w);
      if (target) parts[k] = r() < 0.5 ? `[[${target}]]` : `[[${target}|${parts[k]}]]`;
    } else if (x < 0.05) parts[k] = foreignName(w);
    else if (x < 0.053) parts[k] = pick(r, markupPhrases);
    else if (x < 0.1) parts[k] = `${parts[k]}${comma[w.script]}`;
  }
  let s = `${capitalised(parts.join(spaced(w.script) ? ' ' : ''))}${r() < 0.03 ? ` ${pick(r, emoji)}` : ''}${fullStop[w.script]}`;
  const y = r();
  if (y < 0.12) s += reference(w);
  else if (y < 0.14) s += '{{Citation needed|date=2020-01-01}}';
  return s;
}

/** Sentences until the paragraph holds at least `bytes` bytes of UTF-8. */
export function paragraph(w: Writing, bytes: number): string {
  const joiner = spaced(w.script) ? ' ' : '';
  let text = sentence(w);
  let size = utf8Bytes(text);
  while (size < bytes) {
    const next = sentence(w);
    text += joiner + next;
    size += utf8Bytes(next) + joiner.length;
  }
  return text;
}

export const heading = (w: Writing, level = 2) => {
  const marks = '='.repeat(level);
  return `${marks} ${pick(w.random, headings[w.script])} ${marks}`;
};

/** A bulleted list of links and short phrases. */
export function list(w: Writing, bytes: number): string {
  const items: string[] = [];
  let size = 0;
  while (size < bytes) {
    const target = linkTarget(w);
    const item = `* ${target ? `[[${target}]] – ` : ''}${words(w, 3 + Math.floor(w.random() * 5)).join(spaced(w.script) ? ' ' : '')}`;
    items.push(item);
    size += utf8Bytes(item) + 1;
  }
  return items.join('\n');
}

/** A small wikitable of figures, one column converted by {{Convert}}. */
export function table(w: Writing, rows: number): string {
  const r = w.random;
  const lines = ['{| class="wikitable sortable"', `! ${pick(r, headings[w.script])} !! ${pick(r, proseWords[w.script])} !! km`];
  for (let k = 0; k < rows; k++) lines.push('|-', `| ${pick(r, proseWords[w.script])} || ${Math.floor(r() * 1e5)} || {{Convert|${Math.floor(r() * 1000)}|km}}`);
  lines.push('|}');
  return lines.join('\n');
}
