/** SQL for the data-access faults: literals, identifiers, the wiki account's grants, its tables. */
import type { Database } from './capabilities.ts';

/** SQL string literal. */
export const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** SQL identifier. */
export const ident = (s: string) => `\`${s.replace(/`/g, '``')}\``;

/** The wiki's account, as GRANT and REVOKE name it. */
export const account = (db: Database) => `${quote(db.wiki.user)}@'%'`;

export async function showGrants(db: Database): Promise<string[]> {
  return (await db.sql(`SHOW GRANTS FOR ${account(db)}`)).trim().split('\n').filter(Boolean);
}

/** Puts back exactly the grants saved by showGrants (password hash included). */
export async function restoreGrants(db: Database, saved: string[]): Promise<void> {
  await db.sql([`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account(db)}`, ...saved, 'FLUSH PRIVILEGES'].join(';\n'));
}

/** The wiki database's tables, by name. */
export async function tablesOf(db: Database): Promise<string[]> {
  const out = await db.sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = ${quote(db.wiki.database)} ORDER BY 1`);
  return out.trim().split('\n').filter(Boolean);
}
