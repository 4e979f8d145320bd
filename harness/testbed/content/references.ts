/**
 * What a page's wikitext links to, transcludes and is filed under, read from the text itself as
 * MediaWiki's link tables would record them for the seed content's markup (no link comes from a
 * template except {{Main}}'s and {{See also}}'s first parameter, which the templates link).
 */

export interface References {
  /** Prefixed titles of [[...]] links (not categories), in order of first appearance. */
  links: string[];
  /** Template titles transcluded with {{...}}, without "Template:". */
  templates: string[];
  /** Category names of [[Category:...]], without "Category:". */
  categories: string[];
}

const linkPattern = /\[\[([^[\]{}|#\n]+)(?:[|#][^[\]]*)?\]\]/g;
const templatePattern = /(?<!\{)\{\{(?!\{)([^{}|\n]+?)\s*(?:\|([^{}|\n]*))?(?=\||\}\})/g;
/** Templates whose first parameter is a title they link to. */
export const linkingTemplates = new Set(['Main', 'See also']);

export function references(text: string): References {
  const links = new Set<string>();
  const categories = new Set<string>();
  const templates = new Set<string>();
  for (const m of text.matchAll(linkPattern)) {
    const target = m[1]!.trim();
    if (target.startsWith('Category:')) categories.add(target.slice('Category:'.length));
    else links.add(target);
  }
  for (const m of text.matchAll(templatePattern)) {
    const name = m[1]!.trim();
    templates.add(name);
    if (linkingTemplates.has(name) && m[2]) links.add(m[2].trim());
  }
  return { links: [...links], templates: [...templates], categories: [...categories] };
}
