// Imago's catch-up names the pages it copies from their `page` rows; the compare engine then reads
// them by these titles from both universes. A wrong title reads "missing" from both, which
// compares equal: the page would escape the comparison.
import { describe, expect, it } from 'vitest';
import { titleFromRow } from '../../harness/testbed/wiki-vocabulary.ts';

describe('titleFromRow', () => {
  it('puts back the namespace prefix and the spaces', () => {
    expect(titleFromRow(0, 'Rhône_Amélie')).toBe('Rhône Amélie');
    expect(titleFromRow(1, 'Château')).toBe('Talk:Château');
    expect(titleFromRow(10, 'Infobox_city')).toBe('Template:Infobox city');
    expect(titleFromRow(14, 'Stubs')).toBe('Category:Stubs');
    expect(titleFromRow(3, '127.0.0.1')).toBe('User talk:127.0.0.1');
  });

  it('keeps titles in every script as they are', () => {
    for (const title of ['維基百科', 'Привет_мир', 'مرحبا', 'Emoji_🌍📚']) expect(titleFromRow(0, title)).toBe(title.replace(/_/g, ' '));
  });

  it("names no title in a namespace it does not know (an extension's)", () => {
    expect(titleFromRow(828, 'Module')).toBeUndefined();
    expect(titleFromRow(-1, 'RecentChanges')).toBeUndefined();
  });
});
