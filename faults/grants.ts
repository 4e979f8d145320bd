/** Saving and restoring the wiki account's grants, for the data-access faults. */
import type { Universe } from '../harness/testbed/index.ts';
import { quote, sqlOk } from './node.ts';

export const account = (u: Universe) => `${quote(u.credentials.user)}@'%'`;

export async function showGrants(u: Universe): Promise<string[]> {
  return (await sqlOk(u, `SHOW GRANTS FOR ${account(u)}`)).trim().split('\n').filter(Boolean);
}

/** Puts back exactly the grants saved by showGrants (password hash included). */
export async function restoreGrants(u: Universe, saved: string[]): Promise<void> {
  await sqlOk(u, [`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account(u)}`, ...saved, 'FLUSH PRIVILEGES'].join(';\n'));
}

export async function tablesOf(u: Universe): Promise<string[]> {
  const out = await sqlOk(u, `SELECT table_name FROM information_schema.tables WHERE table_schema = ${quote(u.credentials.database)} ORDER BY 1`);
  return out.trim().split('\n').filter(Boolean);
}

export const ident = (s: string) => `\`${s.replace(/`/g, '``')}\``;
