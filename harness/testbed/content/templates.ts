/**
 * The Template: pages the articles transclude. Each outputs every parameter the articles pass
 * (MediaWiki expands, and records links and transclusions in, only the parameters a template
 * uses), none adds a category to the pages using it, and none transcludes another, so an article's
 * templates and categories are exactly those written in its own text.
 */
import { templatesCategory } from './names.ts';

const doc = (what: string) => `<noinclude>\n${what}\n[[Category:${templatesCategory}]]\n</noinclude>`;

export const templatePages: readonly { title: string; text: string }[] = [
  {
    title: 'Infobox',
    text: `{| class="infobox"\n|+ {{{name|}}}\n|-\n! Type\n| {{{type|}}}\n|-\n! Location\n| {{{location|}}}\n|-\n! Established\n| {{{established|}}}\n|-\n! Coordinates\n| {{{coordinates|}}}\n|}${doc('A summary box at the top of an article.')}`,
  },
  { title: 'Cite web', text: `{{{title|}}}. ''{{{website|}}}''. {{{url|}}}. Retrieved {{{access-date|}}}.${doc('Cites a web page.')}` },
  { title: 'Reflist', text: `<div class="reflist"><references /></div>${doc('The list of references.')}` },
  { title: 'Citation needed', text: `<sup>[''citation needed'' ({{{date|}}})]</sup>${doc('Marks a claim without a source.')}` },
  { title: 'Main', text: `<div class="hatnote">Main article: [[{{{1}}}]]</div>${doc('Points to the main article of a section.')}` },
  { title: 'See also', text: `<div class="hatnote">See also: [[{{{1}}}]]</div>${doc('Points to a related article.')}` },
  { title: 'Lang', text: `<span lang="{{{1}}}">{{{2}}}</span>${doc('Text in another language.')}` },
  { title: 'Coord', text: `{{{1}}}°, {{{2}}}°${doc('Coordinates.')}` },
  { title: 'Convert', text: `{{{1}}}&nbsp;{{{2}}}${doc('A measure and its unit.')}` },
  { title: 'Navbox', text: `{| class="navbox"\n! {{{name|}}}\n|-\n| {{{list|}}}\n|}${doc('Navigation between related articles.')}` },
  { title: 'Stub', text: `''This article is a stub. You can help by expanding it.''${doc('Marks a short article.')}` },
  { title: 'Talk header', text: `{| class="talkheader"\n| This is the talk page for discussing improvements to the article.\n|}${doc('The header of talk pages.')}` },
];
