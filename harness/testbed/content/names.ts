/**
 * The names in the seed content, each computed in O(1) from its index alone: article titles (in
 * four scripts), category names, usernames and anonymous addresses. Nothing here depends on the
 * content seed, so the load, the checks and the seeders name pages without building any content.
 */
import { familyNames, givenNames, type Script, scripts, titleWords } from './vocabulary.ts';

/** Which script each article title is in, in a repeating cycle of ten: six Latin, two Cyrillic, one CJK, one Arabic. */
const titleCycle: readonly Script[] = ['latin', 'latin', 'cyrillic', 'latin', 'cjk', 'latin', 'arabic', 'latin', 'cyrillic', 'latin'];
const perCycle = Object.fromEntries(scripts.map((s) => [s, titleCycle.filter((c) => c === s).length])) as Record<Script, number>;
const rankInCycle = titleCycle.map((s, slot) => titleCycle.slice(0, slot).filter((c) => c === s).length);

/** n >= 0 as a bijective base-|words| numeral: 0 is one word, and every n a different sequence. */
function numeral(n: number, words: readonly string[]): string[] {
  const digits: string[] = [];
  for (let m = n + 1; m > 0; m = Math.floor((m - 1) / words.length)) digits.push(words[(m - 1) % words.length]!);
  return digits;
}

export const titleScript = (i: number): Script => titleCycle[(i - 1) % titleCycle.length]!;

/**
 * The i-th article's title (1-based; article 1 is the most popular). Popular articles get the
 * short titles: the first ~130 are single words.
 */
export function pageTitle(i: number): string {
  const slot = (i - 1) % titleCycle.length;
  const script = titleCycle[slot]!;
  const n = Math.floor((i - 1) / titleCycle.length) * perCycle[script] + rankInCycle[slot]!;
  return numeral(n, titleWords[script]).join(script === 'cjk' ? '' : ' ');
}

/** Categories that are not named after an article. */
export const templatesCategory = 'Templates';
export const stubsCategory = 'Stubs';

/** How many eponymous categories a wiki of `pages` articles has: one for every 20 articles, as Wikipedia has roughly. */
export const categoryCount = (pages: number) => Math.ceil(pages / 20);

/** The j-th eponymous category is named after the j-th article (Category:Paris holds Paris). */
export const categoryName = (j: number) => pageTitle(j);

/** The category the j-th eponymous category sits in: a tree five wide under category 1. */
export const parentCategory = (j: number): number | undefined => (j > 1 ? Math.floor((j - 2) / 5) + 1 : undefined);

/** The k-th registered user (0-based, k < userCount), a given and a family name of one script. */
export const userCount = scripts.length * Math.min(...scripts.map((s) => givenNames[s].length * familyNames[s].length));
export function userName(k: number): string {
  const script = scripts[k % scripts.length]!;
  const m = Math.floor(k / scripts.length);
  const given = givenNames[script];
  const family = familyNames[script][Math.floor(m / given.length) % familyNames[script].length]!;
  return script === 'cjk' ? `${family}${given[m % given.length]}` : `${given[m % given.length]} ${family}`;
}

/** An anonymous editor's address, from the three ranges reserved for documentation (RFC 5737). */
export const anonymousAddress = (k: number) => `${['192.0.2', '198.51.100', '203.0.113'][k % 3]}.${1 + (Math.floor(k / 3) % 254)}`;
export const isAnonymous = (user: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(user);
