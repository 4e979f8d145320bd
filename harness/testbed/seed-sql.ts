/**
 * The seeded pages as SQL rows of MediaWiki 1.35's schema: what importDump.php, refreshLinks.php and
 * rebuildrecentchanges.php write for the same pages, generated here and streamed into the database
 * as multi-row INSERTs. Per-page PHP (import, parse, links update) runs at tens of pages a second;
 * the rows run at the speed MariaDB takes them.
 *
 * Pure: the caller reads the ids the installer left (SeedBase) and streams the statements in.
 * Later versions start from this seed and run their own update.php (seed.ts).
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { seededRandom } from '../../analysis/statistics/random.ts';
import type { SeedPage } from './pages.ts';

/** What the installed wiki already holds: the seeded rows' ids start after these. */
export interface SeedBase {
  page: number;
  revision: number;
  text: number;
  content: number;
  comment: number;
  actor: number;
  /** content_models.model_id of `wikitext` and slot_roles.role_id of `main`. */
  wikitextModel: number;
  mainRole: number;
  /** The build's clock: page_touched, page_links_updated, cl_timestamp (as an import would stamp them). */
  now: Date;
  /** The content seed: page_random is drawn from it. */
  seed: number;
}

/** What went in, for the manifest and the rate. */
export interface SeedCounts {
  pages: number;
  revisions: number;
  /** Bytes of wikitext over all revisions. */
  textBytes: number;
  /** Bytes of SQL generated. */
  sqlBytes: number;
  pagelinks: number;
  templatelinks: number;
  externallinks: number;
  categorylinks: number;
  categories: number;
}

/** $wgRCMaxAge: rebuildrecentchanges.php lists the revisions of the last 90 days. */
export const recentChangesMaxAgeDays = 90;

/** The namespaces a prefixed link title may name (the canonical English names 1.35 knows). */
const namespaceNumbers: Record<string, number> = {
  Talk: 1,
  User: 2,
  'User talk': 3,
  Project: 4,
  'Project talk': 5,
  File: 6,
  'File talk': 7,
  MediaWiki: 8,
  'MediaWiki talk': 9,
  Template: 10,
  'Template talk': 11,
  Help: 12,
  'Help talk': 13,
  Category: 14,
  'Category talk': 15,
};

/** The database key of a title: underscores for spaces, first letter upper case ($wgCapitalLinks). */
export function dbKey(text: string): string {
  const key = text.trim().replace(/[ _]+/g, '_');
  const first = key.codePointAt(0);
  if (first === undefined) return key;
  const head = String.fromCodePoint(first);
  return head.toUpperCase().length === head.length ? head.toUpperCase() + key.slice(head.length) : key;
}

/** "Template talk:Foo bar" -> [11, "Foo_bar"]; a title without a known prefix is in the main namespace. */
export function parseTitle(prefixed: string): [number, string] {
  const colon = prefixed.indexOf(':');
  if (colon > 0) {
    const ns = namespaceNumbers[prefixed.slice(0, colon).trim().replace(/_/g, ' ')];
    if (ns !== undefined) return [ns, dbKey(prefixed.slice(colon + 1))];
  }
  return [0, dbKey(prefixed)];
}

const escapes: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', "'": "\\'", '"': '\\"', '\\': '\\\\' };

/**
 * A MariaDB string literal of the text's UTF-8 bytes (the client talks `binary`, and MediaWiki's
 * columns are binary: the bytes go in unchanged). Backslash escapes, as MariaDB reads them unless
 * NO_BACKSLASH_ESCAPES is set (it is not).
 */
export function sqlString(text: string): string {
  return `'${text.replace(/[\0\n\r\x1a'"\\]/g, (c) => escapes[c]!)}'`;
}

type Value = string | number | null;
const literal = (v: Value) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : sqlString(v));

/** MediaWiki's 14-digit timestamp (TS_MW) of an ISO 8601 time. */
export function mwTimestamp(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) throw new Error(`not a timestamp: ${String(iso)}`);
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** SlotRecord::base36Sha1: SHA-1 in base 36, 31 digits. */
export function base36Sha1(text: string): string {
  return BigInt(`0x${createHash('sha1').update(text, 'utf8').digest('hex')}`)
    .toString(36)
    .padStart(31, '0');
}

/** CommentStore::hash of a comment without data: CRC-32 of its text, as a signed 32-bit integer. */
export const commentHash = (text: string) => crc32(Buffer.from(text, 'utf8')) | 0;

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** IPUtils::toHex for the addresses an anonymous edit carries; undefined for a user name. */
export function ipHex(name: string): string | undefined {
  const v4 = ipv4.exec(name);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return octets.map((o) => o.toString(16).toUpperCase().padStart(2, '0')).join('');
  }
  if (!/^[0-9a-fA-F:]+$/.test(name) || !name.includes(':')) return undefined;
  const [head = '', tail, ...rest] = name.split('::');
  if (rest.length > 0) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return `v6-${groups.map((g) => g.toUpperCase().padStart(4, '0')).join('')}`;
}

/**
 * The actor name importDump.php gives a contributor who has no account here: IP addresses as
 * they are, user names with the `imported>` interwiki prefix (ExternalUserNames).
 */
export const importedActorName = (user: string) => (ipHex(user) !== undefined ? user : `imported>${user}`.slice(0, 255));

/** The category sort key of the `uppercase` collation ($wgCategoryCollation's default): the title text upper-cased, cut to the column's 230 bytes. */
export function categorySortKey(titleText: string): string {
  const upper = titleText.toUpperCase();
  let bytes = Buffer.from(upper, 'utf8');
  if (bytes.length <= 230) return upper;
  bytes = bytes.subarray(0, 230);
  return bytes.toString('utf8').replace(/\uFFFD+$/, '');
}

/**
 * The free external links (bare URLs) of a wikitext, as the parser autolinks them: the trailing
 * punctuation of the sentence is not part of the link. The seed content writes URLs only so.
 */
export function externalLinks(text: string): string[] {
  const links = new Set<string>();
  for (const m of text.matchAll(/\b(?:https?:)?\/\/[^\s<>[\]{}|"]+/g)) {
    let url = m[0];
    if (url.startsWith('//')) continue;
    url = url.replace(/[,;.:!?]+$/, '');
    if (!url.includes('(')) url = url.replace(/\)+$/, '').replace(/[,;.:!?]+$/, '');
    links.add(url);
  }
  return [...links];
}

/** LinkFilter::makeIndexes of an http(s) URL: the host's labels reversed, a trailing dot, then the rest. */
export function externalLinkIndex(url: string): string {
  const m = /^(https?:\/\/)([^/:?#]+)(.*)$/.exec(url);
  if (!m) return url;
  const host = m[2]!.toLowerCase().split('.').reverse().join('.');
  const rest = m[3]!.startsWith('/') ? m[3]! : `/${m[3]!}`.replace(/^\/(:)/, '$1');
  return `${m[1]}${host.endsWith('.') ? host : `${host}.`}${rest}`;
}

const clType = (ns: number) => (ns === 14 ? 'subcat' : ns === 6 ? 'file' : 'page');

/** One table's rows gathered into INSERTs of about `limit` bytes. */
class Batch {
  private rows: string[] = [];
  private bytes = 0;
  count = 0;
  constructor(
    private readonly head: string,
    private readonly limit: number,
  ) {}
  /** Adds a row; returns a full statement when the batch is full. */
  add(values: Value[]): string | undefined {
    const row = `(${values.map(literal).join(',')})`;
    this.rows.push(row);
    this.bytes += row.length + 1;
    this.count++;
    return this.bytes >= this.limit ? this.flush() : undefined;
  }
  flush(): string | undefined {
    if (this.rows.length === 0) return undefined;
    const statement = `${this.head} VALUES ${this.rows.join(',')};\n`;
    this.rows = [];
    this.bytes = 0;
    return statement;
  }
}

/** The columns each table is written with (MediaWiki 1.35's schema). */
export const seedTables = {
  text: ['old_id', 'old_text', 'old_flags'],
  content: ['content_id', 'content_size', 'content_sha1', 'content_model', 'content_address'],
  slots: ['slot_revision_id', 'slot_role_id', 'slot_content_id', 'slot_origin'],
  comment: ['comment_id', 'comment_hash', 'comment_text', 'comment_data'],
  actor: ['actor_id', 'actor_user', 'actor_name'],
  revision: ['rev_id', 'rev_page', 'rev_comment_id', 'rev_actor', 'rev_timestamp', 'rev_minor_edit', 'rev_deleted', 'rev_len', 'rev_parent_id', 'rev_sha1'],
  revision_comment_temp: ['revcomment_rev', 'revcomment_comment_id'],
  revision_actor_temp: ['revactor_rev', 'revactor_actor', 'revactor_timestamp', 'revactor_page'],
  ip_changes: ['ipc_rev_id', 'ipc_rev_timestamp', 'ipc_hex'],
  page: [
    'page_id',
    'page_namespace',
    'page_title',
    'page_restrictions',
    'page_is_redirect',
    'page_is_new',
    'page_random',
    'page_touched',
    'page_links_updated',
    'page_latest',
    'page_len',
    'page_content_model',
    'page_lang',
  ],
  pagelinks: ['pl_from', 'pl_from_namespace', 'pl_namespace', 'pl_title'],
  templatelinks: ['tl_from', 'tl_from_namespace', 'tl_namespace', 'tl_title'],
  externallinks: ['el_from', 'el_to', 'el_index', 'el_index_60'],
  categorylinks: ['cl_from', 'cl_to', 'cl_sortkey', 'cl_sortkey_prefix', 'cl_timestamp', 'cl_collation', 'cl_type'],
  category: ['cat_title', 'cat_pages', 'cat_subcats', 'cat_files'],
} as const;

export type SeedTable = keyof typeof seedTables;

/** Session settings of the load: no binary log (a seed is not a change to follow), no per-row checks, one transaction per few MB. */
export const sessionPreamble = 'SET SESSION sql_log_bin=0, unique_checks=0, foreign_key_checks=0, autocommit=0;\n';

/**
 * The INSERT statements of `pages` (oldest revision first), in order: every table's rows in
 * batches of about `batchBytes`, a COMMIT now and then, the category counts, then the recent
 * changes derived from the revisions of the last 90 days. `counts` fills as it goes.
 */
export function* seedStatements(pages: Iterable<SeedPage>, base: SeedBase, counts: SeedCounts, batchBytes = 1 << 20): Generator<string> {
  const random = seededRandom(base.seed ^ 0x5eed5eed);
  const now = mwTimestamp(base.now);
  const nowSql = base.now.toISOString().replace('T', ' ').slice(0, 19);
  const batches = Object.fromEntries(Object.entries(seedTables).map(([table, columns]) => [table, new Batch(`INSERT INTO \`${table}\` (${columns.join(',')})`, batchBytes)])) as Record<
    SeedTable,
    Batch
  >;
  const ids = { page: base.page, revision: base.revision, text: base.text, content: base.content, comment: base.comment, actor: base.actor };
  const comments = new Map<string, number>();
  const actors = new Map<string, number>();
  const categories = new Map<string, { pages: number; subcats: number; files: number }>();
  let sinceCommit = 0;
  const emit = function* (statement: string | undefined) {
    if (statement === undefined) return;
    counts.sqlBytes += statement.length;
    sinceCommit += statement.length;
    yield statement;
    if (sinceCommit >= 16 * batchBytes) {
      sinceCommit = 0;
      yield 'COMMIT;\n';
    }
  };
  const add = (table: SeedTable, values: Value[]) => batches[table].add(values);

  yield sessionPreamble;
  for (const page of pages) {
    if (page.revisions.length === 0) throw new Error(`seed page ${page.title} has no revisions`);
    const pageId = ++ids.page;
    const ns: number = page.namespace;
    const title = dbKey(page.title);
    let parent = 0;
    let len = 0;
    for (const revision of page.revisions) {
      const revId = ++ids.revision;
      const textId = ++ids.text;
      const contentId = ++ids.content;
      const timestamp = mwTimestamp(revision.timestamp);
      len = Buffer.byteLength(revision.text, 'utf8');
      const sha1 = base36Sha1(revision.text);
      let commentId = comments.get(revision.comment);
      if (commentId === undefined) {
        commentId = ++ids.comment;
        comments.set(revision.comment, commentId);
        yield* emit(add('comment', [commentId, commentHash(revision.comment), revision.comment, null]));
      }
      const actorName = importedActorName(revision.user);
      let actorId = actors.get(actorName);
      if (actorId === undefined) {
        actorId = ++ids.actor;
        actors.set(actorName, actorId);
        yield* emit(add('actor', [actorId, null, actorName]));
      }
      yield* emit(add('text', [textId, revision.text, 'utf-8']));
      yield* emit(add('content', [contentId, len, sha1, base.wikitextModel, `tt:${textId}`]));
      yield* emit(add('slots', [revId, base.mainRole, contentId, revId]));
      // 1.35 reads the comment and actor of a revision from the temporary tables; rev_comment_id and rev_actor stay 0.
      yield* emit(add('revision', [revId, pageId, 0, 0, timestamp, 0, 0, len, parent, sha1]));
      yield* emit(add('revision_comment_temp', [revId, commentId]));
      yield* emit(add('revision_actor_temp', [revId, actorId, timestamp, pageId]));
      const hex = ipHex(revision.user);
      if (hex !== undefined) yield* emit(add('ip_changes', [revId, timestamp, hex]));
      parent = revId;
      counts.revisions++;
      counts.textBytes += len;
    }
    yield* emit(add('page', [pageId, ns, title, '', 0, page.revisions.length === 1 ? 1 : 0, Math.round(random() * 1e12) / 1e12, now, now, parent, len, 'wikitext', null]));
    counts.pages++;

    const linked = new Set<string>();
    for (const link of page.links) {
      const [linkNs, linkTitle] = parseTitle(link);
      const key = `${linkNs}:${linkTitle}`;
      if (linkTitle === '' || linked.has(key)) continue;
      linked.add(key);
      yield* emit(add('pagelinks', [pageId, ns, linkNs, linkTitle]));
    }
    for (const template of new Set(page.templates.map(dbKey))) yield* emit(add('templatelinks', [pageId, ns, 10, template]));
    for (const url of externalLinks(page.revisions.at(-1)!.text)) {
      const index = externalLinkIndex(url);
      yield* emit(add('externallinks', [pageId, url, index, Buffer.from(index, 'utf8').subarray(0, 60).toString('utf8')]));
    }
    const titleText = page.title.replace(/_/g, ' ');
    for (const category of new Set(page.categories.map(dbKey))) {
      yield* emit(add('categorylinks', [pageId, category, categorySortKey(titleText), '', nowSql, 'uppercase', clType(ns)]));
      const count = categories.get(category) ?? { pages: 0, subcats: 0, files: 0 };
      count.pages++;
      if (ns === 14) count.subcats++;
      if (ns === 6) count.files++;
      categories.set(category, count);
    }
  }
  for (const [name, count] of categories) yield* emit(add('category', [name, count.pages, count.subcats, count.files]));
  for (const batch of Object.values(batches)) yield* emit(batch.flush());
  counts.pagelinks = batches.pagelinks.count;
  counts.templatelinks = batches.templatelinks.count;
  counts.externallinks = batches.externallinks.count;
  counts.categorylinks = batches.categorylinks.count;
  counts.categories = batches.category.count;
  yield 'COMMIT;\n';
  yield recentChangesStatement(base);
  yield 'COMMIT;\n';
}

/**
 * rebuildrecentchanges.php's rows for the seeded revisions of the last 90 days, derived in SQL
 * from what was just inserted: a new page's first revision (rc_type 1, mw.new), every later one an
 * edit (rc_type 0, mw.edit) whose previous revision and length it names.
 */
export function recentChangesStatement(base: SeedBase): string {
  const cutoff = mwTimestamp(new Date(base.now.getTime() - recentChangesMaxAgeDays * 86_400_000));
  return (
    'INSERT INTO recentchanges (rc_timestamp,rc_actor,rc_namespace,rc_title,rc_comment_id,rc_minor,rc_bot,rc_new,rc_cur_id,rc_this_oldid,rc_last_oldid,' +
    'rc_type,rc_source,rc_patrolled,rc_ip,rc_old_len,rc_new_len,rc_deleted,rc_logid,rc_log_type,rc_log_action,rc_params) ' +
    'SELECT r.rev_timestamp, a.revactor_actor, p.page_namespace, p.page_title, c.revcomment_comment_id, r.rev_minor_edit, 0, IF(r.rev_parent_id=0,1,0), p.page_id, r.rev_id, r.rev_parent_id, ' +
    "IF(r.rev_parent_id=0,1,0), IF(r.rev_parent_id=0,'mw.new','mw.edit'), 0, '', IF(r.rev_parent_id=0,0,prev.rev_len), r.rev_len, r.rev_deleted, 0, NULL, '', '' " +
    'FROM revision r JOIN page p ON p.page_id=r.rev_page JOIN revision_actor_temp a ON a.revactor_rev=r.rev_id JOIN revision_comment_temp c ON c.revcomment_rev=r.rev_id ' +
    `LEFT JOIN revision prev ON prev.rev_id=r.rev_parent_id WHERE r.rev_id>${base.revision} AND r.rev_timestamp>=${sqlString(cutoff)} ORDER BY r.rev_timestamp, r.rev_id;\n`
  );
}

export const emptyCounts = (): SeedCounts => ({ pages: 0, revisions: 0, textBytes: 0, sqlBytes: 0, pagelinks: 0, templatelinks: 0, externallinks: 0, categorylinks: 0, categories: 0 });
