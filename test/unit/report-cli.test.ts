import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'bench-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bench = (...args: string[]) => spawnSync(process.execPath, ['harness/bench.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('bench report and bench compare on the command line', { timeout: 120_000 }, () => {
  it('writes the HTML, JUnit and Markdown files from recorded journals (exit 0)', () => {
    const r = bench('report', 'test/fixtures/report-journals', '--out', join(dir, 'r.html'), '--junit', join(dir, 'j.xml'), '--markdown', join(dir, 's.md'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('3 run(s), 1 incomplete');
    for (const f of ['r.html', 'j.xml', 's.md']) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toContain('<testsuites name="bench" tests="2" failures="1" errors="1"');
  });
  it('exits 2 on a missing path, a file that is not a journal, a truncated journal', () => {
    mkdirSync(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad', 'journal.json'), '{"format": "bench-jour');
    writeFileSync(join(dir, 'other.json'), '{"format": "something-else"}');
    for (const path of [join(dir, 'nope'), join(dir, 'other.json'), join(dir, 'bad')]) {
      const r = bench('report', path, '--out', join(dir, 'x.html'));
      expect(r.status, `${path}: ${r.stderr}`).toBe(2);
    }
    expect(bench('report', join(dir, 'bad')).stderr).toContain('not readable as JSON');
  });
  it('compares two result sets as JSON', () => {
    const r = bench('compare', 'test/fixtures/report-journals/rep-rolling-simple-config-20261202-041204-58c0', 'test/fixtures/report-journals', '--json');
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.scenarios.map((s: { scenario: string; presence: string }) => `${s.scenario}: ${s.presence}`)).toEqual(['rep-killed-rolling: new only', 'rep-rolling-simple-config: both']);
  });
});
