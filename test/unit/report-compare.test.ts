import { describe, expect, it } from 'vitest';
import { toRunView, type RunView } from '../../analysis/statistics/journal-view.ts';
import type { ImpactName } from '../../analysis/measure/impacts.ts';
import { compareMarkdown, compareResults, compareText } from '../../reports/compare.ts';
import { finishedJournal } from '../journal-fixture.ts';

function run(scenario: string, id: string, outage: number, p99: number, verdict: 'pass' | 'fail', impacts: ImpactName[] = []): RunView {
  const j = finishedJournal();
  return toRunView(
    {
      ...j,
      run_id: id,
      scenario: { ...j.scenario, name: scenario },
      summary: { ...j.summary, requests: 100, errors: outage > 1 ? 20 : 0, throughput_rps: 10, latency_ms: { ...j.summary.latency_ms, p99 }, outage_s: outage, lost_writes: 0 },
      slo: { verdict, checks: [] },
      impacts: impacts.map((name) => ({ name, cause: 'fault', evidence: [] })),
    },
    null,
  );
}

describe('compareResults', () => {
  const last = [0.1, 0.0, 0.2, 0.1, 0.0].map((o, i) => run('rolling', `old-${i}`, o, 100 + i, 'pass'));
  const tonight = [3.9, 4.4, 5.0, 4.1, 4.7].map((o, i) => run('rolling', `new-${i}`, o, 101 + i, 'fail', ['full-outage']));

  it('reports a tested regression with its effect size and p, and leaves same-looking metrics alone', () => {
    const r = compareResults(last, tonight);
    expect(r.regressed).toBe(true);
    const s = r.scenarios[0]!;
    expect(s.verdict_changed).toBe(true);
    expect(s.impacts_appeared).toEqual(['full-outage']);
    const outage = s.metrics.find((m) => m.metric === 'outage_s')!;
    expect(outage).toMatchObject({ standing: 'significant', direction: 'worse' });
    expect(outage.comparison.cliffs_delta).toBe(1);
    expect(outage.comparison.mann_whitney!.p).toBeCloseTo(2 / 252, 8);
    expect(outage.judgement.p).toBeCloseTo(1 / 252, 8);
    expect(r.regressions).toEqual([
      'rolling: SLO pass -> fail (broken: see the runs)',
      expect.stringMatching(/^rolling: impact full-outage in 5\/5 new trials, 0\/5 baseline trials: median 0 -> 1 \(5 vs 5 trials: one-sided Mann-Whitney p 0.00397/),
      expect.stringMatching(/^rolling: outage_s worse: median 0.1 -> 4.4 s/),
      expect.stringMatching(/^rolling: errors worse: median 0 -> 20 requests/),
    ]);
    // p99 shifted by 1 ms in every trial: p = 0.69, not significant.
    expect(s.metrics.find((m) => m.metric === 'p99_ms')!.standing).toBe('not significant');
    expect(s.changes).toEqual([
      'SLO pass -> fail',
      'impact appeared: full-outage',
      "outage_s worse: median 0.1 -> 4.4, Cliff's delta 1, one-sided Mann-Whitney p 0.004",
      "errors worse: median 0 -> 20, Cliff's delta 1, one-sided Mann-Whitney p 0.004",
    ]);
  });

  it('calls one trial against one "notable (untested)", never significant, and the gate counts it', () => {
    const r = compareResults([run('x', 'a', 0, 100, 'pass')], [run('x', 'b', 6, 100, 'pass')]);
    const outage = r.scenarios[0]!.metrics.find((m) => m.metric === 'outage_s')!;
    expect(outage.standing).toBe('notable (untested)');
    expect(r.regressions).toEqual([
      'x: outage_s worse: median 0 -> 6 s (1 vs 1 trials: too few for a test at 0.05; every new trial worse than every baseline trial, moved 6 >= 0.5 s)',
      'x: errors worse: median 0 -> 20 requests (1 vs 1 trials: too few for a test at 0.05; every new trial worse than every baseline trial, moved 20 >= 5 requests)',
    ]);
    expect(compareText(r)).toContain('outage_s worse: median 0 -> 6 (1 vs 1 trials: no test possible)');
  });

  it('says which scenarios only one side has, and renders Markdown', () => {
    const r = compareResults(last, [...tonight, run('imago', 'i', 0, 1, 'pass')]);
    expect(r.scenarios.map((s) => [s.scenario, s.presence])).toEqual([
      ['imago', 'new only'],
      ['rolling', 'both'],
    ]);
    expect(compareMarkdown(r)).toContain('| imago | — | pass 1 | only in the new results |');
    expect(JSON.parse(JSON.stringify(r)).scenarios).toHaveLength(2);
  });
});
