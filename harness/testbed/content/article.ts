/**
 * One article's history and one talk page's: the text grows over its revisions by appended
 * paragraphs and sections, some revisions rewrite a paragraph instead, now and then one is
 * vandalised and reverted; talk threads grow by signed comments and are archived.
 */
import { pick, type Random } from '../../../analysis/statistics/random.ts';
import { editor, historyEnd, historyStart, isoTime, revisionCount, summary, timeline } from './history.ts';
import { categoryCount, categoryName, pageTitle, stubsCategory, titleScript } from './names.ts';
import { emoji, headings, proseWords } from './vocabulary.ts';
import { foreignName, heading, linkTarget, list, paragraph, someDate, table, utf8Bytes, type Writing, zipfRank } from './wikitext.ts';

export interface Revision {
  text: string;
  timestamp: string;
  comment: string;
  user: string;
}

/**
 * The size of an article's current wikitext, in UTF-8 bytes: log-normal, median 3,000 bytes and
 * sigma 1.1 (p90 ~12 KB, p99 ~39 KB), larger by up to 3x for the most popular articles, between
 * 300 bytes and 250 KB. Encyclopedia article lengths are commonly described as log-normal: most
 * articles are short (stubs and a few paragraphs), a long tail of long ones holds much of the text.
 */
export const sizeModel = { median: 3000, sigma: 1.1, min: 300, max: 250_000 };
export function articleSize(random: Random, popularity: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const size = sizeModel.median * Math.exp(sizeModel.sigma * z) * (1 + 2 / Math.sqrt(popularity));
  return Math.round(Math.min(sizeModel.max, Math.max(sizeModel.min, size)));
}

/** Articles under this many bytes are stubs: {{Stub}} and Category:Stubs. */
export const stubBytes = 1500;

const infobox = (w: Writing, title: string) => {
  const r = w.random;
  const place = linkTarget(w);
  return [
    '{{Infobox',
    `| name = ${title}`,
    `| type = ${pick(r, proseWords[w.script])}`,
    `| location = ${place ? `[[${place}]]` : '—'}`,
    `| established = ${1000 + Math.floor(r() * 1020)}`,
    `| coordinates = {{Coord|${(r() * 180 - 90).toFixed(4)}|${(r() * 360 - 180).toFixed(4)}}}`,
    '}}',
  ].join('\n');
};

const lead = (w: Writing, title: string, bytes: number) => `'''${title}''' ${w.random() < 0.3 ? `(${foreignName(w)}) ` : ''}${paragraph(w, Math.max(60, bytes - utf8Bytes(title) - 8))}`;

/** A new block of the body: a paragraph, maybe opening a section, a list or a table. */
function block(w: Writing, bytes: number): string {
  const x = w.random();
  if (x < 0.06) return list(w, bytes);
  if (x < 0.09) return table(w, 2 + Math.floor(bytes / 120));
  if (x < 0.35) {
    const main = w.random() < 0.2 ? linkTarget(w) : undefined;
    const hatnote = main ? `{{${w.random() < 0.7 ? 'Main' : 'See also'}|${main}}}\n` : '';
    const head = `${heading(w, w.random() < 0.2 ? 3 : 2)}\n${hatnote}`;
    return head + paragraph(w, bytes - utf8Bytes(head));
  }
  return paragraph(w, bytes);
}

/** The same block rewritten: its heading kept, new text of about its size. */
function rewritten(w: Writing, old: string, title: string, isLead: boolean): string {
  const bytes = utf8Bytes(old);
  if (isLead) return lead(w, title, bytes);
  const head = old.startsWith('=') ? old.slice(0, old.indexOf('\n') + 1) : '';
  return head + paragraph(w, bytes - utf8Bytes(head));
}

function footer(w: Writing, i: number, size: number): string {
  const r = w.random;
  const parts: string[] = [];
  if (r() < 0.3) {
    const seeAlso = new Set<string>();
    for (let k = 0; k < 2 + Math.floor(r() * 3); k++) {
      const t = linkTarget(w);
      if (t) seeAlso.add(`* [[${t}]]`);
    }
    if (seeAlso.size > 0) parts.push(`== See also ==\n${[...seeAlso].join('\n')}`);
  }
  parts.push('== References ==\n{{Reflist}}');
  const categories = categoryCount(w.articles);
  if (r() < 0.25 && categories > 0) {
    const entries = Array.from({ length: 3 + Math.floor(r() * 4) }, () => linkTarget(w)).filter((t) => t !== undefined);
    parts.push(`{{Navbox|name=${categoryName(zipfRank(r, categories))}|list=${entries.map((t) => `[[${t}]]`).join(' · ')}}}`);
  }
  const filed = new Set<string>();
  if (i <= categories) filed.add(categoryName(i));
  for (let k = 0; k < 1 + Math.floor(r() * 3) && categories > 0; k++) filed.add(categoryName(zipfRank(r, categories)));
  if (size < stubBytes) {
    parts.push('{{Stub}}');
    filed.add(stubsCategory);
  }
  parts.push([...filed].map((c) => `[[Category:${c}]]`).join('\n'));
  return parts.join('\n\n');
}

const vandalism = (random: Random) => `${pick(random, ['lol', 'HELLO!!!', 'ok', 'jajaja', 'хаха', '哈哈哈', 'ههههه'])} ${pick(random, emoji).repeat(3)}`;

/** The revisions of article i (oldest first) in a wiki of `articles` articles. */
export function articleRevisions(random: Random, i: number, articles: number): Revision[] {
  const w: Writing = { random, script: titleScript(i), articles, self: i };
  const title = pageTitle(i);
  const size = articleSize(random, i);
  const header = random() < 0.4 ? infobox(w, title) : '';
  const tail = footer(w, i, size);
  const bodyTarget = Math.max(150, size - utf8Bytes(header) - utf8Bytes(tail) - 4);
  const count = revisionCount(random, i);
  const created = historyStart + random() * (Date.UTC(2022, 0, 1) - historyStart);
  const times = timeline(random, created, count);
  const firstTarget = count === 1 ? bodyTarget : bodyTarget * (0.15 + 0.5 * random());

  const blocks: string[] = [];
  let bodyBytes = 0;
  const grow = (to: number) => {
    if (blocks.length === 0) {
      blocks.push(lead(w, title, Math.min(to, 300 + random() * 600)));
      bodyBytes = utf8Bytes(blocks[0]!);
    }
    while (bodyBytes < to) {
      const next = block(w, Math.min(Math.max(120, to - bodyBytes), 300 + random() * 900));
      blocks.push(next);
      bodyBytes += utf8Bytes(next) + 2;
    }
  };
  const rewrite = () => {
    const k = Math.floor(random() * blocks.length);
    const next = rewritten(w, blocks[k]!, title, k === 0);
    bodyBytes += utf8Bytes(next) - utf8Bytes(blocks[k]!);
    blocks[k] = next;
  };
  const current = () => [header, ...blocks, tail].filter((part) => part !== '').join('\n\n');

  const revisions: Revision[] = [];
  for (let k = 0; k < count; k++) {
    const timestamp = isoTime(times[k]!);
    const user = editor(random);
    if (k === 0) {
      grow(firstTarget);
      revisions.push({ text: current(), timestamp, comment: `Created page: ${title}`, user });
      continue;
    }
    // A vandalised revision and its revert, as two revisions (never the last two).
    if (k < count - 2 && random() < 0.03) {
      const vandal = editor(random);
      revisions.push({ text: vandalism(random), timestamp, comment: '', user: vandal });
      k++;
      revisions.push({ text: current(), timestamp: isoTime(times[k]!), comment: `Reverted edits by ${vandal} to the last revision by ${revisions.at(-2)!.user}`, user });
      continue;
    }
    const x = k === count - 1 ? 0 : random();
    if (x >= 0.55) rewrite();
    if (x < 0.55 || x >= 0.85) grow(firstTarget + ((bodyTarget - firstTarget) * k) / (count - 1));
    revisions.push({ text: current(), timestamp, comment: summary(random, w.script), user });
  }
  return revisions;
}

/** The revisions of article i's talk page: signed comments in threads, old threads archived. */
export function talkRevisions(random: Random, i: number, articles: number, articleCreated: string): Revision[] {
  const script = random() < 0.7 ? titleScript(i) : pick(random, ['latin', 'cyrillic', 'cjk', 'arabic'] as const);
  const w: Writing = { random, script, articles, self: 0 };
  const count = Math.min(60, revisionCount(random, i));
  const created = Date.parse(articleCreated) + random() * (historyEnd - Date.parse(articleCreated)) * 0.5;
  const times = timeline(random, created, count);
  const threads: string[][] = [];
  const revisions: Revision[] = [];
  for (let k = 0; k < count; k++) {
    const user = editor(random);
    const signed = (depth: number) => `${':'.repeat(depth)}${paragraph(w, 80 + random() * 500)} — ${user} ${someDate(random)} (UTC)`;
    let comment: string;
    if (k === 0 || random() < 0.3) {
      const about = k === 0 ? `[[${pageTitle(i)}]]: ` : '';
      const topic = pick(random, headings[script]);
      threads.push([`== ${about}${topic} ==`, signed(0)]);
      comment = `/* ${topic} */ new section`;
    } else if (threads.length > 3 && random() < 0.05) {
      threads.shift();
      comment = 'Archiving old threads';
    } else {
      const thread = threads.at(-1)!;
      thread.push(signed(Math.min(6, thread.length - 1)));
      comment = random() < 0.1 ? pick(random, emoji) : summary(random, script);
    }
    const text = ['{{Talk header}}', ...threads.map((t) => t.join('\n'))].join('\n\n');
    revisions.push({ text, timestamp: isoTime(times[k]!), comment, user });
  }
  return revisions;
}
