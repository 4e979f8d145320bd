/**
 * What the bench knows of MediaWiki's pages and answers: what its edits write (new ledger pages,
 * sections appended to seeded pages, seeded pages rewritten), each with a unique token the
 * read-back looks for; the markers of an error page served as HTTP 200; the special pages; what
 * the load searches for; an api.php edit answer.
 */
import { pageTitle } from './pages.ts';

/**
 * Text in several scripts that every edit writes, so that a charset fault damages acknowledged
 * writes: Latin with accents, Cyrillic, CJK, Arabic and emoji (4 bytes in UTF-8). Composed
 * characters only (NFC): MediaWiki normalises what it receives to NFC, so decomposed text would
 * come back different without any fault.
 */
export const multilingual = 'Grüße aus Zürich, café crème; Привет, мир; 维基百科，自由的百科全书; مرحبا بالعالم; 🌍📚';

/** The words the load searches for besides page titles: every edit writes them. */
export const searchWords = ['Zürich', 'café', 'Привет', 'мир', '百科', 'مرحبا', 'ledger', 'rewritten', 'append'];

/** An edit's unique token: the run's tag, the edit's number in send order, and a random hex nonce. */
export const editToken = (tag: string, n: number, nonce: string) => `${tag}-${n}-${nonce}`;

/** The edit's number in send order, from its token (undefined for a token of another form). */
export function editNumber(token: string): number | undefined {
  const n = /-(\d+)-[0-9a-f]+$/.exec(token)?.[1];
  return n === undefined ? undefined : Number(n);
}

/** An edit that creates a page of its own. */
export const ledgerTitle = (tag: string, n: number) => `Bench ledger ${tag} ${n}`;
export const ledgerText = (token: string) => `Bench ledger entry. Token: ${token}. ${multilingual}`;

/**
 * An edit that appends a section to a seeded page (api.php `appendtext`). MediaWiki strips a
 * page's trailing whitespace when it saves it, so the read-back looks for the section trimmed.
 */
export const appendText = (token: string) => `\n\n== Bench append ${token} ==\n${multilingual} Token: ${token}.`;

/** An edit that replaces a seeded page's whole text; the text starts with the marker `rewriteMarker` reads. */
export const rewriteText = (token: string) =>
  [
    `'''Bench rewrite ${token}''' ${multilingual}`,
    '== Rewritten ==',
    `This page was rewritten by the load of a bench run: see [[${pageTitle(1)}]] and [[${pageTitle(2)}]]. Token: ${token}.`,
    '[[Category:Bench]]',
  ].join('\n');

/** The token of the rewrite a page's text starts with, if it starts with one. */
export const rewriteMarker = (text: string) => /^'''Bench rewrite (\S+)'''/.exec(text)?.[1];

/** Markers of a MediaWiki or PHP error page served as HTTP 200. */
export const errorPageMarkers =
  /MediaWiki internal error|Internal error<\/title>|Fatal exception of type|A database query error has occurred|Cannot access the database|Fatal error<\/b>|PHP Fatal error|Database error<\/title>/;

/** MediaWiki's canonical namespace names (every wiki accepts them, whatever its language). */
const canonicalNamespaces: Record<number, string> = {
  0: '',
  1: 'Talk:',
  2: 'User:',
  3: 'User talk:',
  4: 'Project:',
  5: 'Project talk:',
  6: 'File:',
  7: 'File talk:',
  8: 'MediaWiki:',
  9: 'MediaWiki talk:',
  10: 'Template:',
  11: 'Template talk:',
  12: 'Help:',
  13: 'Help talk:',
  14: 'Category:',
  15: 'Category talk:',
};

/** A page's title as api.php takes it, from the `page` row's namespace and title (underscores); undefined for namespaces of extensions. */
export function titleFromRow(namespace: number, dbKey: string): string | undefined {
  const prefix = canonicalNamespaces[namespace];
  return prefix === undefined ? undefined : `${prefix}${dbKey.replace(/_/g, ' ')}`;
}

/** Special pages the testbed views before the load; the load's `recent-changes` requests view the first. */
export const heavyTitles = ['Special:RecentChanges', 'Special:AllPages'];
export const recentChangesTitle = 'Special:RecentChanges';

/** An api.php edit answer: success (with the new revision), or the error it names. */
export function parseEdit(text: string): { ok: true; revisionId?: number } | { ok: false; error: string } {
  try {
    const body = JSON.parse(text) as { edit?: { result: string; newrevid?: number }; error?: { code: string } };
    if (body.edit?.result === 'Success') return { ok: true, revisionId: body.edit.newrevid };
    return { ok: false, error: body.error?.code ?? body.edit?.result ?? 'unknown api answer' };
  } catch {
    const marker = errorPageMarkers.exec(text);
    return {
      ok: false,
      error: marker
        ? marker[0]
        : `api.php answered no JSON: ${text
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()
            .slice(0, 120)}`,
    };
  }
}
