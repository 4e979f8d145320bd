import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { impactMatrix } from '../../analysis/statistics/trials.ts';
import { BenchError, ExitCode } from '../../harness/exit-codes.ts';
import { exportFigures, withResolution } from '../../reports/figures.ts';
import { renderHtml } from '../../reports/html.ts';
import { readRunViews } from '../../reports/journal-files.ts';
import { placeLabels } from '../../reports/step-labels.ts';

const runs = readRunViews(['test/fixtures/report-journals']);
const dir = mkdtempSync(join(tmpdir(), 'bench-figures-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('step labels', () => {
  const measure = (t: string) => 6 * t.length + 2;
  const intersect = (a: { x: number; row: number; width: number }, b: { x: number; row: number; width: number }) => a.row === b.row && a.x < b.x + b.width && b.x < a.x + a.width;

  it('never overlap, stay inside the plot, and name each step by its name or its number', () => {
    const label = fc.record({ x: fc.double({ min: 0, max: 600, noNaN: true }), full: fc.string({ minLength: 1, maxLength: 20 }) });
    fc.assert(
      fc.property(fc.array(label, { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), (wanted, rows) => {
        const labels = wanted.map((l, i) => ({ ...l, short: String(i + 1) }));
        const placed = placeLabels(labels, measure, 0, 600, rows, 4);
        for (const [i, a] of placed.entries()) {
          expect(a.row).toBeLessThan(rows);
          expect(a.x).toBeGreaterThanOrEqual(0);
          expect(a.x + a.width).toBeLessThanOrEqual(600);
          for (const b of placed.slice(i + 1)) expect(intersect(a, b), `${a.text} and ${b.text}`).toBe(false);
        }
        const texts = new Set(labels.flatMap((l) => [l.full, l.short]));
        for (const p of placed) expect(texts.has(p.text)).toBe(true);
      }),
    );
  });

  it('takes the next row first; when a step finds no room, the widest name before it gives way to its number', () => {
    const labels = [
      { x: 10, full: 'snapshot-db', short: '1' },
      { x: 12, full: 'migrate-schema', short: '2' },
      { x: 84, full: 'replace:web-1', short: '3' },
      { x: 86, full: 'drain', short: '4' },
    ];
    // Two rows: the second name goes below the first, and the third and fourth then find no room;
    // migrate-schema, the widest before them, becomes "2", and every step keeps a label.
    expect(placeLabels(labels, measure, 0, 150, 2, 4).map((p) => [p.text, p.row])).toEqual([
      ['snapshot-db', 0],
      ['2', 1],
      ['replace:web-1', 1],
      ['drain', 0],
    ]);
  });

  it('leaves out only a number that fits nowhere', () => {
    const crowded = [0, 1, 2].map((x) => ({ x, full: 'step', short: String(x + 1) }));
    expect(placeLabels(crowded, measure, 0, 10, 1, 4).map((p) => p.text)).toEqual(['1']);
  });
});

describe('the HTML report without JavaScript', () => {
  const html = renderHtml(runs, { now: new Date('2026-11-22T00:00:00Z') });
  const body = html.slice(0, html.indexOf('<script'));

  it('has every table in the markup, escaped, before any script', () => {
    const section = (id: string) => body.slice(body.indexOf(`id="${id}"`), body.indexOf('</section>', body.indexOf(`id="${id}"`)));
    for (const id of ['summary', 'matrix', 'trials']) expect(section(id), id).toContain('<table>');
    for (const r of runs) expect(body).toContain(`id="run-${r.run_id}"`);
    const tricky = renderHtml([{ ...runs[0]!, scenario: '<img src=x onerror=alert(1)>' }]);
    expect(tricky.slice(0, tricky.indexOf('<script'))).not.toContain('<img');
  });

  it('shows the matrix cells with their outage seconds and lost writes', () => {
    const fault = runs.find((r) => r.role === 'run' && r.fault_kind !== null && r.complete)!;
    const cell = impactMatrix(runs).cells.find((c) => c.fault_class === fault.fault_class)!;
    expect(cell.outage_s.n).toBe(1);
    expect(cell.outage_s.median).toBe(fault.metrics.outage_s);
    expect(body).toContain(`outage ${fault.metrics.outage_s.toFixed(1)} s, lost writes ${fault.metrics.lost_writes === null ? 'n/a' : fault.metrics.lost_writes} (n=1)`);
  });

  it('gives the median and range of outage seconds and lost writes over several trials', () => {
    const fault = runs.find((r) => r.role === 'run' && r.fault_kind !== null && r.complete)!;
    const trial = (outage_s: number, lost_writes: number, n: number) => ({ ...fault, run_id: `trial-${n}`, metrics: { ...fault.metrics, outage_s, lost_writes } });
    const page = renderHtml([trial(4, 0, 1), trial(2.5, 3, 2), trial(9, 1, 3)]);
    expect(page).toContain('outage median 4.0 s (2.5 s–9.0 s), lost writes median 1 (0–3) (n=3)');
  });
});

describe('figures', () => {
  it('exit 3 with the apt-get line when chromium is missing', async () => {
    const error = await exportFigures(runs, join(dir, 'figs'), { executablePath: join(dir, 'no-chromium') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).exitCode).toBe(ExitCode.infrastructure);
    expect((error as BenchError).message).toContain('apt-get install -y chromium');
  });

  it('marks a PNG with its resolution in a pHYs chunk after IHDR', () => {
    // The smallest PNG: signature and IHDR (1x1 grey), no more is read.
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('0000000d49484452000000010000000108000000003a7e9b55', 'hex')]);
    const out = withResolution(png, 300);
    expect(out.toString('latin1', 37, 41)).toBe('pHYs');
    expect(out.readUInt32BE(41)).toBe(Math.round(300 / 0.0254));
  });
});
