import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledDataDir, readFaultRecords } from '../../harness/taxonomy-files.ts';
import { InputError } from '../../analysis/input-error.ts';
import { BenchError, ExitCode } from '../../harness/exit-codes.ts';

const lamp = join(bundledDataDir, 'lamp-field-study.csv');
const duptester = join(bundledDataDir, 'duptester-upgrade-failures.csv');
const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

function badInputMessage(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    // The file's content is analysis's to judge (InputError); reading it, the harness's.
    if (!(error instanceof InputError)) {
      expect(error).toBeInstanceOf(BenchError);
      expect((error as BenchError).exitCode).toBe(ExitCode.badInput);
    }
    return (error as Error).message;
  }
  throw new Error('expected bad input');
}

describe('reading fault records', () => {
  it('reads the bundled field study with its codebook', () => {
    const table = readFaultRecords(lamp);
    expect(table.records).toHaveLength(103);
    expect(table.columns).toEqual({ id: 'id', label: 'class', source: 'repo' });
    expect(table.features).toEqual(['component_tier', 'artefact', 'error_form', 'trigger_step', 'symptom', 'detection', 'fix', 'who_erred']);
    expect(table.codebook?.file).toMatch(/lamp-field-study\.codebook\.json$/);
  });

  it('reads the bundled DUPTester coding with its codebook', () => {
    const table = readFaultRecords(duptester);
    expect(table.records).toHaveLength(123);
    expect(table.columns).toEqual({ id: 'id', label: 'class', source: 'system' });
    expect(new Set(table.records.map((r) => r.label))).toEqual(new Set(['1', '2', '3', '4']));
  });

  it('guesses features without a codebook: not id, label, source, url or free text', () => {
    const path = file('guess.csv', 'id,source,url,title,class,tier,step\na,u,https://x/1,one two three,1,db,restart\nb,s,https://x/2,four five six,2,app,install\n');
    const table = readFaultRecords(path);
    expect(table.features).toEqual(['tier', 'step']);
    expect(table.records[1]).toEqual({ id: 'b', row: 2, label: '2', source: 's', values: ['app', 'install'] });
  });

  it('reads JSON records, numbers as codes', () => {
    const path = file(
      'faults.json',
      JSON.stringify([
        { id: 'a', label: 1, tier: 'db' },
        { id: 'b', label: 2, tier: 'app' },
      ]),
    );
    expect(readFaultRecords(path).records.map((r) => [r.label, r.values])).toEqual([
      ['1', ['db']],
      ['2', ['app']],
    ]);
  });

  it('checks a file with the bundled columns against the bundled codebook, wherever it lives', () => {
    const copy = join(dir, 'held-out.csv');
    const text = readFileSync(lamp, 'utf8').replace(',database,schema,', ',databse,schema,');
    writeFileSync(copy, text);
    const message = badInputMessage(() => readFaultRecords(copy));
    expect(message).toMatch(/held-out\.csv: row \d+ \(line \d+\), column "component_tier": found "databse", expected one of web-server, app,/);
  });

  it('uses a codebook beside the data file', () => {
    const path = file('coded.csv', 'id,kind\na,x\nb,y\nc,z\n');
    file('coded.codebook.json', JSON.stringify({ id: 'id', features: { kind: ['x', 'y'] } }));
    expect(badInputMessage(() => readFaultRecords(path))).toBe(`${path}: row 3 (line 4), column "kind": found "z", expected one of x, y (codebook ${join(dir, 'coded.codebook.json')})`);
  });

  it('names the file, row and column of every problem', () => {
    const path = file('bad.csv', 'id,label,tier\na,1,db\nb,2,app\na,1,db\n,3,os\nc,,\n');
    const message = badInputMessage(() => readFaultRecords(path));
    expect(message.split('\n')).toEqual([
      `${path}: row 3 (line 4), column "id": duplicate id "a" (first at row 1 (line 2))`,
      `${path}: row 4 (line 5), column "id": empty id`,
      `${path}: row 5 (line 6), column "label": empty label`,
      `${path}: row 5 (line 6): every feature (tier) is empty`,
    ]);
  });

  it('reports missing columns, empty files and malformed rows', () => {
    const path = file('cols.csv', 'id,tier\na,db\n');
    expect(badInputMessage(() => readFaultRecords(path, { features: ['tier', 'step'], label: 'class' }))).toBe(
      [`${path}: header, column "class" (--label): missing column; the columns are id, tier`, `${path}: header, column "step" (--features): missing column; the columns are id, tier`].join('\n'),
    );
    expect(badInputMessage(() => readFaultRecords(path, { id: 'key' }))).toMatch(/column "key" \(--id\): missing column/);
    expect(badInputMessage(() => readFaultRecords(file('empty.csv', '')))).toMatch(/empty\.csv: empty file/);
    expect(badInputMessage(() => readFaultRecords(file('header-only.csv', 'id,tier\n')))).toMatch(/header-only\.csv: empty file/);
    expect(badInputMessage(() => readFaultRecords(file('empty.json', '[]')))).toMatch(/empty\.json: empty file/);
    expect(badInputMessage(() => readFaultRecords(file('ragged.csv', 'id,tier\na,db,extra\n')))).toMatch(/ragged\.csv: not valid CSV: .*line 2/);
    expect(badInputMessage(() => readFaultRecords(join(dir, 'absent.csv')))).toMatch(/absent\.csv: cannot read \(ENOENT\)/);
  });
});

describe('bench taxonomy (the real CLI)', () => {
  const bench = (...args: string[]) => spawnSync('npx', ['tsx', 'harness/cli.ts', 'taxonomy', ...args], { encoding: 'utf8' });

  it('--json prints exactly k, ari, purity, cophenetic, silhouette and clusters', { timeout: 60_000 }, () => {
    const out = join(dir, 'out');
    const json = JSON.parse(execFileSync('npx', ['tsx', 'harness/cli.ts', 'taxonomy', lamp, '--json', '--out', out], { encoding: 'utf8' }));
    expect(Object.keys(json)).toEqual(['k', 'ari', 'purity', 'cophenetic', 'silhouette', 'clusters']);
    expect(json.k).toBe(4);
    expect(Object.keys(json.silhouette)).toEqual(['2', '3', '4', '5', '6', '7', '8']);
    expect(json.clusters.reduce((s: number, c: { size: number }) => s + c.size, 0)).toBe(103);
    expect(readFileSync(join(out, 'taxonomy.md'), 'utf8')).toContain('Adjusted Rand index');
    const svg = readFileSync(join(out, 'dendrogram.svg'), 'utf8');
    expect(svg.match(/<text[^>]*text-anchor="end"/g)).toHaveLength(103);
    expect(svg).toContain('stroke-dasharray');
  });

  it('without labels, ari and purity are null', { timeout: 60_000 }, () => {
    const path = file('unlabelled.csv', 'id,tier,step\na,db,restart\nb,db,restart\nc,app,install\nd,app,install\n');
    const result = bench(path, '--k', '2', '--json', '--out', join(dir, 'out2'));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ k: 2, ari: null, purity: null });
  });

  it('exits 2 on bad input, naming the file', { timeout: 60_000 }, () => {
    const copy = join(dir, 'copy.csv');
    copyFileSync(lamp, copy);
    const tooMany = bench(copy, '--k', '500', '--out', join(dir, 'out3'));
    expect(tooMany.status).toBe(ExitCode.badInput);
    expect(tooMany.stderr).toContain(`--k 500: ${copy} holds only 103 records`);
    expect(bench(copy, '--linkage', 'median').status).toBe(ExitCode.badInput);
  });
});
