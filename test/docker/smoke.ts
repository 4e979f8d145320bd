/** The smoke checks of a fresh testbed: a seeded page reads, an anonymous edit sticks. */
import { randomUUID } from 'node:crypto';
import type { Testbed } from '../../harness/testbed/index.ts';
import { pageTitle } from '../../harness/testbed/pages.ts';
import { editPage, readWikitext, viewPage } from '../../harness/testbed/wiki-client.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export async function smokeChecks(testbed: Testbed, seed: number): Promise<Check[]> {
  const checks: Check[] = [];
  const title = pageTitle(1);
  const view = await viewPage(testbed.url, title);
  // A seeded article's lead opens with its title in bold ('''Title'''), which a missing page lacks.
  checks.push({ name: 'read a seeded page', ok: view.status === 200 && view.html.includes(`<b>${title}</b>`), detail: `HTTP ${view.status} for "${title}"` });

  const token = `bench-${seed}-${randomUUID()}`;
  const editTitle = `Bench smoke ${token}`;
  const edit = await editPage(testbed.url, editTitle, `Written by bench: ${token}`);
  checks.push({ name: 'anonymous edit through api.php', ok: edit.ok, detail: edit.ok ? `revision ${edit.revisionId}` : `${edit.error} (HTTP ${edit.status})` });

  const text = await readWikitext(testbed.url, editTitle);
  checks.push({ name: 'read the edit back', ok: text?.includes(token) ?? false, detail: text === undefined ? 'page missing' : text.includes(token) ? 'token found' : 'token missing' });
  return checks;
}
