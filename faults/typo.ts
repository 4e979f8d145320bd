/**
 * A ConfErr-style typo generator (Keller et al., DSN 2008): the slips a person makes when typing a
 * configuration directive, applied to the name or the value of one directive in a config file.
 * Pure and deterministic: the same text, directive, kind and random source give the same typo.
 */
import type { Random } from '../analysis/statistics/random.ts';
import { escapeRegExp } from './settings.ts';

export const typoKinds = ['omission', 'insertion', 'substitution', 'transposition', 'case-change'] as const;
export type TypoKind = (typeof typoKinds)[number];

export interface Typo {
  kind: TypoKind;
  /** Index in the original word where the slip happens. */
  index: number;
  before: string;
  after: string;
}

/** The QWERTY rows as typed without shift; a key's neighbours are the keys around it. */
const rows = ['1234567890-=', 'qwertyuiop[]', "asdfghjkl;'", 'zxcvbnm,./'];
/** Row offsets of a staggered keyboard: each row starts a little right of the one above. */
const neighbourCache = new Map<string, string[]>();

/** The keys next to `char` on a QWERTY keyboard (case kept for letters); [] for unknown keys. */
export function keyboardNeighbours(char: string): string[] {
  const lower = char.toLowerCase();
  const cached = neighbourCache.get(lower);
  const upper = char !== lower;
  const withCase = (keys: string[]) => (upper ? keys.map((k) => k.toUpperCase()) : keys);
  if (cached) return withCase(cached);
  const found: string[] = [];
  rows.forEach((row, r) => {
    const c = row.indexOf(lower);
    if (c < 0) return;
    const add = (rr: number, cc: number) => {
      const key = rows[rr]?.[cc];
      if (key !== undefined && cc >= 0) found.push(key);
    };
    add(r, c - 1);
    add(r, c + 1);
    // The row above is shifted half a key left, the row below half a key right.
    add(r - 1, c);
    add(r - 1, c + 1);
    add(r + 1, c - 1);
    add(r + 1, c);
  });
  neighbourCache.set(lower, found);
  return withCase(found);
}

const isLetter = (c: string) => c.toLowerCase() !== c.toUpperCase();

/** The positions where a typo of that kind changes the word; [] when it cannot apply. */
export function typoPositions(word: string, kind: TypoKind): number[] {
  const all = [...word].map((_, i) => i);
  switch (kind) {
    case 'omission':
      return word.length >= 2 ? all : [];
    case 'insertion':
    case 'substitution':
      return all.filter((i) => keyboardNeighbours(word[i]!).length > 0);
    case 'transposition':
      return all.filter((i) => i + 1 < word.length && word[i] !== word[i + 1]);
    case 'case-change':
      return all.filter((i) => isLetter(word[i]!));
  }
}

/** The typo kinds that can change this word. */
export const applicableTypoKinds = (word: string): TypoKind[] => typoKinds.filter((k) => typoPositions(word, k).length > 0);

/** One typo of `kind` ('random': any kind that applies) in `word`, chosen by `random`. */
export function makeTypo(word: string, kind: TypoKind | 'random', random: Random): Typo {
  const kinds = applicableTypoKinds(word);
  const chosen = kind === 'random' ? kinds[Math.floor(random() * kinds.length)] : kind;
  const positions = chosen ? typoPositions(word, chosen) : [];
  if (!chosen || positions.length === 0) throw new Error(`no ${kind} typo can change "${word}"`);
  const index = positions[Math.floor(random() * positions.length)]!;
  const char = word[index]!;
  const pickKey = () => {
    const keys = keyboardNeighbours(char);
    return keys[Math.floor(random() * keys.length)]!;
  };
  let after: string;
  switch (chosen) {
    case 'omission':
      after = word.slice(0, index) + word.slice(index + 1);
      break;
    case 'insertion': {
      // A finger also hits the key beside the intended one, just before or after it.
      const key = pickKey();
      const at = random() < 0.5 ? index : index + 1;
      after = word.slice(0, at) + key + word.slice(at);
      break;
    }
    case 'substitution':
      after = word.slice(0, index) + pickKey() + word.slice(index + 1);
      break;
    case 'transposition':
      after = word.slice(0, index) + word[index + 1]! + char + word.slice(index + 2);
      break;
    case 'case-change':
      after = word.slice(0, index) + (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()) + word.slice(index + 1);
      break;
  }
  return { kind: chosen, index, before: word, after };
}

/** The syntaxes of the config files the bench can mistype. */
export const configFormats = ['php', 'apache', 'ini'] as const;
export type ConfigFormat = (typeof configFormats)[number];

export interface DirectiveTypo extends Typo {
  /** The file's text with the typo in it. */
  text: string;
  /** 1-based line of the directive. */
  line: number;
  part: 'name' | 'value';
  /** The whole line before and after. */
  lineBefore: string;
  lineAfter: string;
}

/**
 * Where the name and the value of a directive are on a line: PHP `$name = value;` (the value
 * without its quotes), Apache `Name value...`, ini/cnf `name = value`.
 */
function directiveLine(format: ConfigFormat, directive: string): RegExp {
  const name = escapeRegExp(directive.replace(/^\$/, ''));
  switch (format) {
    case 'php':
      return new RegExp(`^(\\s*\\$)(${name})(\\s*=\\s*["']?)(.*?)(["']?\\s*;.*)$`);
    case 'apache':
      return new RegExp(`^(\\s*)(${name})(\\s+)(.*?)(\\s*)$`, 'i');
    case 'ini':
      return new RegExp(`^(\\s*)(${name})(\\s*=\\s*)(.*?)(\\s*)$`);
  }
}

/** Puts one typo into the first active line that sets `directive` in `text`. */
export function typoInDirective(text: string, format: ConfigFormat, directive: string, part: 'name' | 'value', kind: TypoKind | 'random', random: Random): DirectiveTypo {
  const lines = text.split('\n');
  const pattern = directiveLine(format, directive);
  const index = lines.findIndex((l) => pattern.test(l));
  if (index < 0) throw new Error(`no line sets ${directive}`);
  const match = pattern.exec(lines[index]!)!;
  const [, lead, name, between, value, tail] = match as unknown as [string, string, string, string, string, string];
  const word = part === 'name' ? name : value;
  if (word.length === 0) throw new Error(`${directive} has an empty ${part}`);
  const typo = makeTypo(word, kind, random);
  const lineAfter = part === 'name' ? `${lead}${typo.after}${between}${value}${tail}` : `${lead}${name}${between}${typo.after}${tail}`;
  const out = [...lines];
  out[index] = lineAfter;
  return { ...typo, text: out.join('\n'), line: index + 1, part, lineBefore: lines[index]!, lineAfter };
}
