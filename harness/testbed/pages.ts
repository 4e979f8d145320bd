/**
 * The deterministic pages a testbed is seeded with, as a MediaWiki XML dump for importDump.php.
 * Pages link to each other and use a template, so the link tables that update.php migrates
 * between 1.35 and 1.39 are not empty.
 */
import { seededRandom, pick } from '../../analysis/statistics/random.ts';

export interface SeedPage {
  title: string;
  text: string;
}

export const pageTitle = (i: number) => `Bench page ${i}`;
export const templateTitle = 'Template:Bench note';

const words =
  'upgrade universe schema frontend database ingress fault rolling flip quiescence replica binary log catch-up compare switch atomic isolation fidelity latency outage throughput write ledger token revision'.split(
    ' ',
  );

export function seedPages(count: number, seed: number): SeedPage[] {
  const random = seededRandom(seed);
  const sentence = () => {
    const n = 8 + Math.floor(random() * 10);
    const s = Array.from({ length: n }, () => pick(random, words)).join(' ');
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  };
  const pages: SeedPage[] = [{ title: templateTitle, text: "''This page was seeded by bench.''" }];
  for (let i = 1; i <= count; i++) {
    const links = count > 1 ? Array.from({ length: 3 }, () => `[[${pageTitle(1 + Math.floor(random() * count))}]]`).join(', ') : '';
    const paragraphs = Array.from({ length: 3 }, () => Array.from({ length: 4 }, sentence).join(' '));
    pages.push({
      title: pageTitle(i),
      text: `{{Bench note}}\n== Section ${i} ==\n${paragraphs.join('\n\n')}\n\nSee also: ${links}\n[[Category:Bench]]`,
    });
  }
  return pages;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The pages as an XML dump (export format 0.10, read by 1.35 and 1.39 alike). */
export function pagesToXml(pages: SeedPage[]): string {
  const body = pages
    .map(
      (p) =>
        `<page><title>${escapeXml(p.title)}</title><ns>${p.title.startsWith('Template:') ? 10 : 0}</ns><revision>` +
        '<timestamp>2024-01-01T00:00:00Z</timestamp><contributor><username>Bench</username><id>1</id></contributor>' +
        `<model>wikitext</model><format>text/x-wiki</format><text xml:space="preserve">${escapeXml(p.text)}</text></revision></page>`,
    )
    .join('\n');
  return `<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">\n${body}\n</mediawiki>\n`;
}
