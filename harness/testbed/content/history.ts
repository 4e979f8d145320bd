/**
 * Who edited a page, when and why: skewed revision counts, increasing timestamps, editors drawn
 * from a pool with a few very active ones, a share of anonymous edits, and edit summaries.
 */
import { pick, type Random } from '../../../analysis/statistics/random.ts';
import { anonymousAddress, userCount, userName } from './names.ts';
import { editSummaries, type Script, scripts } from './vocabulary.ts';
import { zipfRank } from './wikitext.ts';

/** The seeded history spans these years; every seeded edit is older than any edit of a run. */
export const historyStart = Date.UTC(2004, 0, 1);
export const historyEnd = Date.UTC(2025, 11, 31);

/**
 * How many revisions a page has: a Pareto law with exponent 1.5 (65% have one, 3% ten or more;
 * mean about 2.6), plus more for the most popular articles (article 1 gets 20 more, article 10
 * five, past article 150 none), at most 150.
 */
export function revisionCount(random: Random, popularity: number): number {
  const pareto = Math.floor((1 - random()) ** (-1 / 1.5));
  return Math.min(150, pareto + Math.floor(20 / popularity ** 0.6));
}

/** `count` strictly increasing times (whole seconds) between `from` and historyEnd, the first at `from`. */
export function timeline(random: Random, from: number, count: number): number[] {
  const times = [from];
  for (let k = 1; k < count; k++) times.push(from + random() * (historyEnd - from));
  times.sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of times) out.push(Math.max(Math.floor(t / 1000) * 1000, (out.at(-1) ?? -Infinity) + 1000));
  return out;
}

/** A time as MediaWiki's dumps write it: ISO 8601 UTC to the second. */
export const isoTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Who made an edit: one in five is anonymous (an address), the rest registered users, a few of them prolific. */
export const editor = (random: Random) => (random() < 0.2 ? anonymousAddress(Math.floor(random() * 762)) : userName(zipfRank(random, userCount) - 1));

/** An edit summary in the page's script or, now and then, another. */
export const summary = (random: Random, script: Script) => pick(random, editSummaries[random() < 0.8 ? script : pick(random, scripts)]);
