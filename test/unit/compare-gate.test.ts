// bench compare --fail-on-regression: the noise rule on pure data, and the exit code on the
// command line over journals derived from the fixture.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FinishedJournal } from '../../analysis/measure/journal-schema.ts';
import { impactScale, judgeChange, metricScales, smallestOneSidedP } from '../../analysis/statistics/beyond-noise.ts';
import { toRunView } from '../../analysis/statistics/journal-view.ts';
import { mannWhitney } from '../../analysis/statistics/stats.ts';
import { compareResults } from '../../reports/compare.ts';
import { finishedJournal } from '../journal-fixture.ts';

/** A deterministic spread around `centre` (no randomness: the same figures every time). */
const around = (centre: number, spread: number, n: number) => Array.from({ length: n }, (_, i) => centre + spread * Math.sin(1.7 * i + 0.3));

describe('one-sided Mann-Whitney', () => {
  it('exact: 5 vs 5 with no overlap gives 1/252 toward the shift and 1 against it', () => {
    const low = [1, 2, 3, 4, 5];
    const high = [6, 7, 8, 9, 10];
    expect(mannWhitney(high, low, undefined, 'greater')!.p).toBeCloseTo(1 / 252, 10);
    expect(mannWhitney(high, low, undefined, 'less')!.p).toBe(1);
    expect(mannWhitney(high, low)!.p).toBeCloseTo(2 / 252, 10);
  });
  it('normal approximation agrees with the exact distribution on 8 vs 8', () => {
    const a = around(10, 3, 8);
    const b = around(12, 3, 8);
    const exact = mannWhitney(b, a, undefined, 'greater')!;
    const normal = mannWhitney(b, a, 0, 'greater')!;
    expect([exact.method, normal.method]).toEqual(['exact', 'normal']);
    expect(Math.abs(exact.p - normal.p)).toBeLessThan(0.01);
  });
  it('the smallest one-sided p decides whether a test is possible at 0.05', () => {
    expect(smallestOneSidedP(3, 3)).toBeCloseTo(0.05, 10);
    expect(smallestOneSidedP(3, 4)).toBeLessThan(0.05);
    expect(smallestOneSidedP(2, 5)).toBeLessThan(0.05);
    expect(smallestOneSidedP(1, 19)).toBeCloseTo(0.05, 10);
  });
});

describe('the noise rule', () => {
  const p99 = metricScales.p99_ms;
  it('tested: a worse run set beyond the noise is worse; the same noise is not', () => {
    const before = around(800, 120, 6);
    expect(judgeChange(before, around(1400, 120, 6), p99)).toMatchObject({ basis: 'tested', direction: 'worse' });
    const same = judgeChange(before, around(800, 120, 6).reverse(), p99);
    expect(same).toMatchObject({ basis: 'tested', direction: 'same' });
    expect(same.p!).toBeGreaterThan(0.05);
  });
  it('tested: a consistent shift below the floor is noise however small its p', () => {
    const before = around(800, 5, 10);
    const j = judgeChange(
      before,
      before.map((x) => x + 100),
      p99,
    );
    expect(j.p!).toBeLessThan(0.001);
    expect(j.direction).toBe('same');
  });
  it('tested: a significant but small effect (Cliff delta under 0.33) is noise', () => {
    // 100 vs 100 values, the new ones shifted by an eighth of their range: p < 0.05, delta ~0.24.
    const before = Array.from({ length: 100 }, (_, i) => i * 40);
    const after = before.map((x) => x + 500);
    const j = judgeChange(before, after, p99);
    expect(j.p!).toBeLessThan(0.05);
    expect(j.delta_worse!).toBeLessThan(0.33);
    expect(j.direction).toBe('same');
  });
  it('lower throughput is worse, higher is better', () => {
    const before = around(60, 1, 5);
    expect(judgeChange(before, around(40, 1, 5), metricScales.throughput_rps).direction).toBe('worse');
    expect(judgeChange(before, around(80, 1, 5), metricScales.throughput_rps).direction).toBe('better');
  });
  it('untested (1 vs 1, 2 vs 2): beyond both floors and no overlap, or nothing', () => {
    expect(judgeChange([1000], [1600], p99)).toMatchObject({ basis: 'untested', direction: 'worse' });
    // +300 ms clears 250 ms but not 50% of 1000 ms.
    expect(judgeChange([1000], [1300], p99).direction).toBe('same');
    // Overlapping ranges: one new trial is no worse than a baseline one.
    expect(judgeChange([100, 900], [1000, 800], p99).direction).toBe('same');
    expect(judgeChange([0], [0.6], metricScales.outage_s).direction).toBe('worse');
    expect(judgeChange([0], [0.4], metricScales.outage_s).direction).toBe('same');
  });
  it('a side with no value is not measured, never worse', () => {
    expect(judgeChange([], [5], metricScales.lost_writes)).toMatchObject({ basis: 'not measured', direction: 'same' });
  });
  it('an impact counts when most new trials show it and most baseline trials do not', () => {
    expect(judgeChange([0, 0, 0, 0, 0], [1, 1, 1, 1, 0], impactScale).direction).toBe('worse');
    expect(judgeChange([0, 0, 0, 0, 0], [1, 1, 0, 0, 0], impactScale).direction).toBe('same');
  });
});

/** A finished fixture run with the figures given (the rest as the fixture has them). */
function journal(id: string, o: { outage_s: number; p99: number; throughput: number; verdict: 'pass' | 'fail' }): FinishedJournal {
  const j = finishedJournal();
  return {
    ...j,
    run_id: id,
    summary: { ...j.summary, outage_s: o.outage_s, throughput_rps: o.throughput, latency_ms: { ...j.summary.latency_ms, p99: o.p99 }, impacts: [] },
    impacts: [],
    slo: { verdict: o.verdict, checks: [{ name: 'p99', verdict: o.verdict, value: o.p99, limit: 2000, detail: `p99 ${o.p99} ms (limit 2000 ms)` }] },
  };
}

describe('compareResults: what the gate fails on', () => {
  const view = (id: string, o: Parameters<typeof journal>[1]) => toRunView(journal(id, o), null);
  const last = [0, 1, 2, 3, 4].map((i) => view(`old-${i}`, { outage_s: 0, p99: 300 + 10 * i, throughput: 20 + 0.1 * i, verdict: 'pass' }));
  it('an SLO verdict pass -> fail is a regression, naming the broken check', () => {
    const tonight = [0, 1, 2, 3, 4].map((i) => view(`new-${i}`, { outage_s: 0, p99: 300 + 10 * i, throughput: 20 + 0.1 * i, verdict: i === 0 ? 'fail' : 'pass' }));
    expect(compareResults(last, tonight).regressions).toEqual(['fixture-rolling: SLO pass -> fail (broken: p99)']);
  });
  it('pass -> unknown is a change, not a regression', () => {
    const unknown = last.map((r) => ({ ...r, slo: { ...r.slo, verdict: 'unknown' as const } }));
    const r = compareResults(last, unknown);
    expect(r.scenarios[0]!.changes).toContain('SLO pass -> unknown');
    expect(r.regressed).toBe(false);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'bench-compare-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bench = (...args: string[]) => spawnSync(process.execPath, ['harness/bench.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

/** A results directory of runs with these figures, one run directory per trial. */
function results(name: string, trials: Array<Parameters<typeof journal>[1]>): string {
  const root = join(dir, name);
  trials.forEach((o, i) => {
    const runDir = join(root, `${name}-${i}`);
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'journal.json'), JSON.stringify(journal(`${name}-${i}`, o)));
  });
  return root;
}

describe('bench compare --fail-on-regression on the command line', { timeout: 120_000 }, () => {
  const noise = (shift: number, i: number) => ({ outage_s: 0, p99: 400 + shift + 40 * Math.sin(1.7 * i), throughput: 20 + 0.3 * Math.cos(i), verdict: 'pass' as const });
  const baseline = results(
    'baseline',
    [0, 1, 2, 3, 4].map((i) => noise(0, i)),
  );

  it('exits 1 on a worse run set and names the regressed metrics on stderr', () => {
    const worse = results(
      'worse',
      [0, 1, 2, 3, 4].map((i) => ({ ...noise(600, i + 7), outage_s: 2 + 0.1 * i })),
    );
    const r = bench('compare', baseline, worse, '--fail-on-regression');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('compare: 2 regression(s) beyond noise');
    expect(r.stderr).toMatch(/fixture-rolling: outage_s worse: median 0 -> 2\.2 s \(5 vs 5 trials: one-sided Mann-Whitney p 0\.00397 < 0\.05/);
    expect(r.stderr).toMatch(/fixture-rolling: p99_ms worse: median \d+ -> \d+ ms/);
    // Without the flag the same comparison exits 0, as before.
    expect(bench('compare', baseline, worse).status).toBe(0);
  });

  it('exits 0 on a run set with the same noise', () => {
    const same = results(
      'same',
      [0, 1, 2, 3, 4].map((i) => noise(0, i + 11)),
    );
    const r = bench('compare', baseline, same, '--fail-on-regression', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ regressed: false, regressions: [] });
    expect(r.stderr).toBe('');
  });

  it('still exits 2 on bad input', () => {
    expect(bench('compare', baseline, join(dir, 'nope'), '--fail-on-regression').status).toBe(2);
  });
});
