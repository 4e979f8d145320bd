// The bulk seed's SQL rows: string literals that MariaDB reads back byte for byte, and rows that
// say what importDump.php would (ids chained, hashes, actors, link tables, category counts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeedPage } from '../../harness/testbed/pages.ts';
import {
  base36Sha1,
  categorySortKey,
  commentHash,
  dbKey,
  emptyCounts,
  externalLinkIndex,
  externalLinks,
  ipHex,
  importedActorName,
  mwTimestamp,
  parseTitle,
  recentChangesStatement,
  type SeedBase,
  seedStatements,
  seedTables,
  sqlString,
} from '../../harness/testbed/seed-sql.ts';

/** MariaDB's reading of a quoted literal (backslash escapes; an unknown escape is the character itself). */
function readLiteral(text: string, start: number): [string, number] {
  const escaped: Record<string, string> = { '0': '\0', n: '\n', r: '\r', Z: '\x1a', t: '\t', b: '\b' };
  let out = '';
  let i = start + 1;
  for (;;) {
    const c = text[i]!;
    if (c === undefined) throw new Error('unterminated literal');
    if (c === '\\') {
      out += escaped[text[i + 1]!] ?? text[i + 1]!;
      i += 2;
    } else if (c === "'") {
      if (text[i + 1] === "'") {
        out += "'";
        i += 2;
      } else return [out, i + 1];
    } else {
      out += c;
      i++;
    }
  }
}

type Cell = string | number | null;

/** The rows of every INSERT in the statements, by table. */
function rowsOf(statements: string[]): Record<string, Array<Record<string, Cell>>> {
  const tables: Record<string, Array<Record<string, Cell>>> = {};
  for (const statement of statements) {
    const head = /^INSERT INTO `(\w+)` \(([^)]*)\) VALUES /.exec(statement);
    if (!head) continue;
    const columns = head[2]!.split(',');
    tables[head[1]!] ??= [];
    const rows = tables[head[1]!]!;
    let i = head[0].length;
    while (statement[i] === '(') {
      i++;
      const cells: Cell[] = [];
      for (;;) {
        if (statement[i] === "'") {
          const [value, next] = readLiteral(statement, i);
          cells.push(value);
          i = next;
        } else {
          const m = /^(NULL|-?[\d.e+-]+)/.exec(statement.slice(i, i + 40))!;
          cells.push(m[1] === 'NULL' ? null : Number(m[1]));
          i += m[1]!.length;
        }
        if (statement[i] === ',') i++;
        else break;
      }
      expect(statement[i]).toBe(')');
      i++;
      rows.push(Object.fromEntries(columns.map((c, k) => [c, cells[k]!])));
      if (statement[i] === ',') i++;
    }
    expect(statement.slice(i)).toBe(';\n');
  }
  return tables;
}

const base: SeedBase = { page: 1, revision: 1, text: 1, content: 1, comment: 2, actor: 2, wikitextModel: 1, mainRole: 1, now: new Date('2026-12-02T10:00:00Z'), seed: 42 };

const pages: SeedPage[] = [
  {
    namespace: 10,
    title: 'Infobox',
    revisions: [{ text: '{{{name|}}}', timestamp: '2003-12-31T00:00:00Z', comment: 'Created page', user: 'Bench' }],
    links: [],
    templates: [],
    categories: ['Templates'],
  },
  {
    namespace: 0,
    title: 'Zürich',
    revisions: [
      { text: "Zürich is a city. It's 'quoted' \\ back\\slash\n", timestamp: '2010-01-01T00:00:00Z', comment: 'Created page', user: 'Jean Dupont' },
      {
        text: '{{Infobox|name=Zürich}} Zürich — Цюрих 苏黎世 زيورخ 🏔️. [[Bern]] [[bern]] [[Talk:Bern|talk]] https://Example.org/42. https://example.org/42\n[[Category:Cities]]',
        timestamp: '2012-05-06T07:08:09Z',
        comment: '',
        user: '192.0.2.7',
      },
    ],
    links: ['Bern', 'bern', 'Talk:Bern'],
    templates: ['Infobox'],
    categories: ['Cities'],
  },
  {
    namespace: 1,
    title: 'Zürich',
    revisions: [{ text: 'Talk.', timestamp: '2011-01-01T00:00:00Z', comment: 'Created page', user: 'Jean Dupont' }],
    links: [],
    templates: [],
    categories: ['Cities'],
  },
];

describe('SQL string literals', () => {
  it('read back as the same text, whatever it holds (quotes, backslashes, NUL, any Unicode)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const literal = sqlString(text);
        const [read, end] = readLiteral(literal, 0);
        expect(read).toBe(text);
        expect(end).toBe(literal.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('escape what would end or bend a literal', () => {
    expect(sqlString(`a'b"c\\d\0e\nf\rg\x1ah`)).toBe(`'a\\'b\\"c\\\\d\\0e\\nf\\rg\\Zh'`);
    expect(sqlString('Цюрих 苏黎世 🏔️')).toBe("'Цюрих 苏黎世 🏔️'");
  });
});

describe("MediaWiki's derived values", () => {
  it('hashes as MediaWiki does', () => {
    // SlotRecord::base36Sha1('') as every MediaWiki database stores an empty revision's.
    expect(base36Sha1('')).toBe('phoiac9h4m842xq45sp7s6u21eteeq1');
    // CommentStore::hash: crc32 as a signed 32-bit integer.
    expect(commentHash('')).toBe(0);
    expect(commentHash('123456789')).toBe(0xcbf43926 - 2 ** 32);
  });

  it('reads bare URLs as the parser autolinks them, and indexes them as LinkFilter does', () => {
    expect(externalLinks('See https://example.org/1. And (http://a.example.com/x?y=1), //proto.rel/ https://example.org/1')).toEqual(['https://example.org/1', 'http://a.example.com/x?y=1']);
    expect(externalLinkIndex('https://example.org/123')).toBe('https://org.example./123');
    expect(externalLinkIndex('http://A.Example.com')).toBe('http://com.example.a./');
  });

  it('names titles, actors, addresses and times as the importer does', () => {
    expect(dbKey('zürich  old town')).toBe('Zürich_old_town');
    expect(parseTitle('Talk:Bern')).toEqual([1, 'Bern']);
    expect(parseTitle('Template talk:Main')).toEqual([11, 'Main']);
    expect(parseTitle('Paris: the city')).toEqual([0, 'Paris:_the_city']);
    expect(importedActorName('Jean Dupont')).toBe('imported>Jean Dupont');
    expect(importedActorName('192.0.2.7')).toBe('192.0.2.7');
    expect(ipHex('192.0.2.7')).toBe('C0000207');
    expect(ipHex('2001:db8::1')).toBe('v6-20010DB8000000000000000000000001');
    expect(ipHex('Jean Dupont')).toBeUndefined();
    expect(mwTimestamp('2012-05-06T07:08:09Z')).toBe('20120506070809');
    expect(Buffer.byteLength(categorySortKey('é'.repeat(200)))).toBeLessThanOrEqual(230);
  });
});

describe('the seed rows', () => {
  const counts = emptyCounts();
  const statements = [...seedStatements(pages, base, counts, 200)];
  const rows = rowsOf(statements);

  it('write every table with the columns of its schema', () => {
    for (const [table, list] of Object.entries(rows)) for (const row of list) expect(Object.keys(row)).toEqual([...seedTables[table as keyof typeof seedTables]]);
  });

  it('chain revisions, text, content and slots from the ids the install left', () => {
    expect(rows.page!.map((p) => [p.page_id, p.page_namespace, p.page_title, p.page_latest, p.page_is_new])).toEqual([
      [2, 10, 'Infobox', 2, 1],
      [3, 0, 'Zürich', 4, 0],
      [4, 1, 'Zürich', 5, 1],
    ]);
    expect(rows.revision!.map((r) => [r.rev_id, r.rev_page, r.rev_parent_id])).toEqual([
      [2, 2, 0],
      [3, 3, 0],
      [4, 3, 3],
      [5, 4, 0],
    ]);
    const current = pages[1]!.revisions[1]!.text;
    const text = rows.text!.find((t) => t.old_id === 4)!;
    expect(text.old_text).toBe(current);
    expect(text.old_flags).toBe('utf-8');
    const content = rows.content!.find((c) => c.content_id === 4)!;
    expect(content).toMatchObject({ content_size: Buffer.byteLength(current), content_sha1: base36Sha1(current), content_address: 'tt:4', content_model: 1 });
    expect(rows.slots!.find((s) => s.slot_revision_id === 4)).toMatchObject({ slot_content_id: 4, slot_role_id: 1, slot_origin: 4 });
    expect(rows.page!.find((p) => p.page_id === 3)!.page_len).toBe(Buffer.byteLength(current));
    expect(rows.revision!.find((r) => r.rev_id === 4)).toMatchObject({ rev_sha1: base36Sha1(current), rev_timestamp: '20120506070809', rev_len: Buffer.byteLength(current) });
  });

  it('store each comment and actor once, the anonymous edit in ip_changes', () => {
    expect(rows.comment!.map((c) => c.comment_text)).toEqual(['Created page', '']);
    expect(rows.actor!.map((a) => [a.actor_id, a.actor_user, a.actor_name])).toEqual([
      [3, null, 'imported>Bench'],
      [4, null, 'imported>Jean Dupont'],
      [5, null, '192.0.2.7'],
    ]);
    expect(rows.revision_actor_temp!.map((a) => a.revactor_actor)).toEqual([3, 4, 5, 4]);
    expect(rows.revision_comment_temp!.map((c) => c.revcomment_comment_id)).toEqual([3, 3, 4, 3]);
    expect(rows.ip_changes).toEqual([{ ipc_rev_id: 4, ipc_rev_timestamp: '20120506070809', ipc_hex: 'C0000207' }]);
  });

  it('fill the link tables from the current text once per target, and count category members', () => {
    expect(rows.pagelinks!.map((l) => [l.pl_from, l.pl_namespace, l.pl_title])).toEqual([
      [3, 0, 'Bern'],
      [3, 1, 'Bern'],
    ]);
    expect(rows.templatelinks).toEqual([{ tl_from: 3, tl_from_namespace: 0, tl_namespace: 10, tl_title: 'Infobox' }]);
    expect(rows.externallinks!.map((e) => [e.el_from, e.el_to, e.el_index])).toEqual([
      [3, 'https://Example.org/42', 'https://org.example./42'],
      [3, 'https://example.org/42', 'https://org.example./42'],
    ]);
    expect(rows.categorylinks!.map((c) => [c.cl_from, c.cl_to, c.cl_sortkey, c.cl_type])).toEqual([
      [2, 'Templates', 'INFOBOX', 'page'],
      [3, 'Cities', 'ZÜRICH', 'page'],
      [4, 'Cities', 'ZÜRICH', 'page'],
    ]);
    expect(rows.category).toEqual([
      { cat_title: 'Templates', cat_pages: 1, cat_subcats: 0, cat_files: 0 },
      { cat_title: 'Cities', cat_pages: 2, cat_subcats: 0, cat_files: 0 },
    ]);
    expect(counts).toMatchObject({ pages: 3, revisions: 4, pagelinks: 2, templatelinks: 1, categorylinks: 3, categories: 2 });
  });

  it('load without the binary log, commit, and derive the last 90 days of recent changes', () => {
    expect(statements[0]).toContain('sql_log_bin=0');
    expect(statements.at(-1)).toBe('COMMIT;\n');
    expect(statements).toContain(recentChangesStatement(base));
    expect(recentChangesStatement(base)).toContain("r.rev_timestamp>='20260903100000'");
    expect(recentChangesStatement(base)).toContain('r.rev_id>1 ');
  });
});
