import { describe, expect, it } from 'vitest';
import { faultSpans, perSecond, toRunView } from '../../analysis/statistics/journal-view.ts';
import { readRunViews } from '../../reports/journal-files.ts';
import { renderHtml } from '../../reports/html.ts';
import type { Sample } from '../../analysis/measure/timeline.ts';
import { killedJournal } from '../journal-fixture.ts';

const sample = (intended: number, latency: number, outcome: Sample['outcome'] = '2xx'): Sample => ({ intended, sent: intended, latency, kind: 'read', outcome });

describe('journal view', () => {
  it('recomputes what a killed run never wrote from its requests, and marks it', () => {
    // 10 req/s for 6 s; nothing succeeds from 2 s to 4 s.
    const samples = Array.from({ length: 60 }, (_, i) => sample(i * 100, 20, i >= 20 && i < 40 ? 'refused' : '2xx'));
    const v = toRunView(
      {
        ...killedJournal(),
        run_id: 'killed',
        phase: 'upgrade',
        events: [
          { t: 0, kind: 'phase', name: 'warm-up' },
          { t: 1000, kind: 'step-start', name: 'drain:web-1' },
          { t: 1500, kind: 'step-end', name: 'drain:web-1', outcome: 'ok' },
          { t: 2500, kind: 'step-start', name: 'replace:web-1' },
        ],
      },
      samples,
    );
    expect(v.complete).toBe(false);
    expect(v.slo.verdict).toBe('unknown');
    expect(v.slo.checks[0]!.detail).toBe('incomplete run (stopped in phase upgrade: interrupted by SIGINT)');
    expect(v.metrics).toMatchObject({ requests: 60, errors: 20 });
    expect(v.outages).toHaveLength(1);
    expect(v.outages[0]!.start_s).toBeCloseTo(2, 0);
    expect(v.outages[0]!.duration_s).toBeCloseTo(2, 0);
    expect(v.steps).toEqual([
      { name: 'drain:web-1', start_s: 1, end_s: 1.5, outcome: 'ok' },
      { name: 'replace:web-1', start_s: 2.5, end_s: 2.5, outcome: 'unfinished' },
    ]);
    expect(v.timeline.slice(0, 3).map((p) => [p.t, p.ok, p.failed])).toEqual([
      [0, 10, 0],
      [1, 10, 0],
      [2, 0, 10],
    ]);
    expect(v.latency_histogram!.find((b) => b.le_ms === 20)!.count).toBe(40);
  });

  it('pairs fault inject and revert; one never reverted lasts to the end of the load', () => {
    expect(
      faultSpans(
        [
          { t: 1000, kind: 'fault-inject', name: 'pause' },
          { t: 3000, kind: 'fault-revert', name: 'pause' },
          { t: 5000, kind: 'fault-inject', name: 'typo' },
        ],
        9,
      ),
    ).toEqual([
      { name: 'pause', start_s: 1, end_s: 3, detail: undefined },
      { name: 'typo', start_s: 5, end_s: 9, detail: undefined, outcome: 'not reverted during the load' },
    ]);
  });

  it("a fault window carries its kind's colour when the journal names it", () => {
    const events = [
      { t: 1000, kind: 'fault-inject' as const, name: 'disk-full' },
      { t: 2000, kind: 'fault-revert' as const, name: 'disk-full' },
    ];
    expect(faultSpans(events, 9, { 'disk-full': '#17becf' })[0]!.colour).toBe('#17becf');
    expect(faultSpans(events, 9)[0]!.colour).toBeUndefined();
  });

  it('a failed injection, and the revert of its rollback, are no fault span', () => {
    expect(
      faultSpans(
        [
          { t: 1000, kind: 'fault-inject', name: 'dropped-table', outcome: 'failed' },
          { t: 1200, kind: 'fault-revert', name: 'dropped-table' },
        ],
        9,
      ),
    ).toEqual([]);
  });

  it('sums 100 ms buckets into seconds', () => {
    const b = (start_ms: number, ok: number, p99: number | null) => ({ start_ms, due: ok, good: ok, ok, failed: 1, p50_ms: p99, p99_ms: p99, max_ms: p99 });
    const points = perSecond(
      Array.from({ length: 15 }, (_, i) => b(i * 100, 2, i === 3 ? 900 : 10)),
      100,
    );
    expect(points).toEqual([
      { t: 0, ok: 20, failed: 10, good: 20, p50_ms: 10, p99_ms: 900 },
      { t: 1, ok: 10, failed: 5, good: 10, p50_ms: 10, p99_ms: 10 },
    ]);
  });
});

describe('renderHtml', () => {
  const runs = readRunViews(['test/fixtures/report-journals']);
  const html = renderHtml(runs, { now: new Date('2026-11-22T00:00:00Z') });

  it('is self-contained: chart.js inlined, no network address to load', () => {
    expect(html).toContain('Chart.js v4');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('injects the run data as JSON that survives a </script> inside it', () => {
    const tricky = { ...runs[0]!, scenario: '</script><script>alert(1)</script>' };
    const page = renderHtml([tricky]);
    const json = page.match(/<script type="application\/json" id="bench-data">(.*?)<\/script>/s)![1]!;
    expect(JSON.parse(json).runs[0].scenario).toBe(tricky.scenario);
  });

  it('carries every run, the killed one marked incomplete', () => {
    const json = JSON.parse(html.match(/<script type="application\/json" id="bench-data">(.*?)<\/script>/s)![1]!);
    expect(json.runs.map((r: { run_id: string; complete: boolean }) => [r.run_id.replace(/-\d{8}-\d{6}-\w{4}$/, ''), r.complete])).toEqual([
      ['rep-killed-rolling', false],
      ['rep-rolling-simple-config', true],
      ['rep-rolling-simple-config-base', true],
    ]);
    expect(json.matrix.cells.map((c: { strategy: string; fault_class: string }) => `${c.strategy} x ${c.fault_class}`)).toEqual(['rolling x none', 'rolling x simple-config']);
  });
});
