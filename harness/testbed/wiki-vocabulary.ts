/**
 * What the bench knows of MediaWiki's pages and answers: its ledger edits' titles and text, the
 * markers of an error page served as HTTP 200, the heavier special pages, an api.php edit answer.
 */

export const ledgerTitle = (tag: string, n: number) => `Bench ledger ${tag} ${n}`;
export const ledgerText = (token: string) => `Bench ledger entry. Token: ${token}`;

/** Markers of a MediaWiki or PHP error page served as HTTP 200. */
export const errorPageMarkers =
  /MediaWiki internal error|Internal error<\/title>|Fatal exception of type|A database query error has occurred|Cannot access the database|Fatal error<\/b>|PHP Fatal error|Database error<\/title>/;

export const heavyTitles = ['Special:RecentChanges', 'Special:AllPages'];

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
