// The ConfErr-style typo generator: pure, deterministic from a seed, and each kind does what its name says.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../analysis/statistics/random.ts';
import { applicableTypoKinds, keyboardNeighbours, makeTypo, typoInDirective, typoKinds, type TypoKind } from '../../faults/typo.ts';

/** Random sources that return fixed values in turn. */
const fixed = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('keyboard neighbours', () => {
  it('are the keys around a key on a QWERTY keyboard, case kept', () => {
    expect(keyboardNeighbours('s').sort()).toEqual(['a', 'd', 'e', 'w', 'x', 'z'].sort());
    expect(keyboardNeighbours('Q').sort()).toEqual(['1', '2', 'A', 'W'].sort());
    expect(keyboardNeighbours('$')).toEqual([]);
  });
});

describe('makeTypo', () => {
  it('omission removes one character', () => {
    expect(makeTypo('Listen', 'omission', fixed(0.5)).after).toBe('Lisen');
  });
  it('insertion adds a neighbouring key next to the intended one', () => {
    const t = makeTypo('db', 'insertion', fixed(0, 0.9, 0.9));
    expect(t.after).toHaveLength(3);
    expect(t.after.startsWith('d')).toBe(true);
    expect(keyboardNeighbours('d')).toContain(t.after[1]);
  });
  it('substitution replaces a character by a keyboard neighbour', () => {
    const t = makeTypo('db', 'substitution', fixed(0.99, 0));
    expect(t.after[0]).toBe('d');
    expect(keyboardNeighbours('b')).toContain(t.after[1]);
  });
  it('transposition swaps two different neighbouring characters', () => {
    expect(makeTypo('utf8mb4', 'transposition', fixed(0)).after).toBe('tuf8mb4');
    // "ll" cannot be transposed into anything new: only the other positions are chosen.
    for (let s = 0; s < 20; s++) expect(makeTypo('all', 'transposition', seededRandom(s)).after).toBe('lal');
  });
  it('case change flips the case of a letter only', () => {
    const t = makeTypo('8M', 'case-change', fixed(0.3));
    expect(t.after).toBe('8m');
    expect(() => makeTypo('80', 'case-change', fixed(0))).toThrow(/no case-change typo can change "80"/);
  });
  it('random picks only kinds that apply, and never returns the word unchanged', () => {
    expect(applicableTypoKinds('80')).not.toContain('case-change');
    for (let s = 0; s < 200; s++) {
      const t = makeTypo('80', 'random', seededRandom(s));
      expect(t.after).not.toBe('80');
      expect(t.kind).not.toBe('case-change');
    }
  });
  it('is deterministic from the seed, and different seeds give different typos', () => {
    const words = Array.from({ length: 10 }, (_, s) => makeTypo('character-set-server', 'random', seededRandom(s)).after);
    expect(Array.from({ length: 10 }, (_, s) => makeTypo('character-set-server', 'random', seededRandom(s)).after)).toEqual(words);
    expect(new Set(words).size).toBeGreaterThan(5);
  });
  it.each(typoKinds)('%s changes the word for every seed', (kind: TypoKind) => {
    for (let s = 0; s < 100; s++) expect(makeTypo('wgDBserver', kind, seededRandom(s)).after).not.toBe('wgDBserver');
  });
});

describe('typoInDirective', () => {
  const php = '<?php\n# $wgDBserver = "commented";\n$wgDBserver = "db";\n$wgDBname = "wiki";\n';
  it('mistypes the value of a PHP setting inside its quotes, on the active line', () => {
    const t = typoInDirective(php, 'php', '$wgDBserver', 'value', 'omission', fixed(0));
    expect(t.line).toBe(3);
    expect(t.lineAfter).toBe('$wgDBserver = "b";');
    expect(t.text.split('\n')[1]).toBe('# $wgDBserver = "commented";');
    expect(t.text.split('\n')[3]).toBe('$wgDBname = "wiki";');
  });
  it('mistypes a PHP variable name without touching the $ sigil', () => {
    expect(typoInDirective(php, 'php', 'wgDBname', 'name', 'case-change', fixed(0)).lineAfter).toBe('$WgDBname = "wiki";');
  });
  it('mistypes an Apache directive name, keeping its arguments', () => {
    const apache = '# Listen 8080\nListen 80\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n';
    const t = typoInDirective(apache, 'apache', 'Listen', 'name', 'transposition', fixed(0));
    expect(t).toMatchObject({ line: 2, lineAfter: 'iLsten 80', kind: 'transposition' });
  });
  it('mistypes an ini or cnf value', () => {
    const cnf = '[mysqld]\n#character-set-server = latin1\ncharacter-set-server  = utf8mb4\n';
    expect(typoInDirective(cnf, 'ini', 'character-set-server', 'value', 'omission', fixed(0.99)).lineAfter).toBe('character-set-server  = utf8mb');
  });
  it('says so when no line sets the directive', () => {
    expect(() => typoInDirective(php, 'php', 'wgNoSuch', 'value', 'omission', fixed(0))).toThrow(/no line sets wgNoSuch/);
  });
});
