import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toRunView, type RunView } from '../../analysis/statistics/journal-view.ts';
import type { ImpactName } from '../../analysis/measure/impacts.ts';
import type { Journal } from '../../analysis/measure/journal-schema.ts';
import { junitReport } from '../../reports/junit.ts';
import { markdownSummary } from '../../reports/markdown.ts';
import { finishedJournal, killedJournal } from '../journal-fixture.ts';

/** A journal of the fixture's shape, changed where these reports look. */
function journal(o: {
  id: string;
  scenario: string;
  verdict: 'pass' | 'fail' | 'unknown';
  role?: 'run' | 'baseline';
  strategy?: string;
  fault?: { class: string; kind: string };
  outage?: number;
  impacts?: ImpactName[];
  complete?: boolean;
}): Journal {
  const check = (name: 'availability' | 'p99', detail: string) => ({ name, verdict: o.verdict, value: 1, limit: 1, detail });
  const strategy = o.strategy ?? 'rolling';
  const j = finishedJournal();
  const scenario = {
    name: o.scenario,
    file: `${o.scenario}.yaml`,
    parsed: { ...j.scenario.parsed, name: o.scenario, upgrade: { strategy }, fault: o.fault && { ...o.fault, at: 'after:replace:web-1' } },
  };
  const events = [
    { t: 0, kind: 'phase' as const, name: 'warm-up' },
    { t: 11000, kind: 'fault-inject' as const, name: 'typo <&> "x"' },
  ];
  if (o.complete === false) return { ...killedJournal(), run_id: o.id, role: o.role ?? 'run', scenario, events };
  const all = j.measurement.windows.find((w) => w.name === 'all')!;
  return {
    ...j,
    run_id: o.id,
    role: o.role ?? 'run',
    scenario,
    upgrade: { strategy, outcome: 'completed', steps: [{ name: 'replace:web-1', start_s: 10, end_s: 12, outcome: 'ok' }], faults: [] },
    events,
    summary: { ...j.summary, requests: 300, errors: 12, throughput_rps: 9.6, latency_ms: { p50: 40, p90: 80, p99: 120, max: 300 }, outages: [], outage_s: o.outage ?? 0, lost_writes: 0 },
    slo: { verdict: o.verdict, checks: [check('availability', '288/300 succeeded (96.000%, needs 99.900%) <all>'), check('p99', 'p99 120 ms (limit 2000 ms)')] },
    impacts: (o.impacts ?? []).map((name) => ({ name, cause: 'fault', evidence: [`${name} seen & "quoted"`] })),
    measurement: {
      ...j.measurement,
      buckets: [],
      outages: [],
      outage_s: o.outage ?? 0,
      windows: [
        {
          ...all,
          start_s: 0,
          end_s: 30,
          requests: 300,
          ok: 288,
          errors: 12,
          error_rate: 0.04,
          throughput_rps: 9.6,
          throughput_up_rps: 9.6,
          latency_ms: { p50: 40, p90: 80, p99: 120, max: 300, samples: 288 },
          outages: 0,
          outage_s: 0,
        },
      ],
    },
  };
}

const views = (): RunView[] => [
  toRunView(journal({ id: 'a-1', scenario: 'rolling-typo', verdict: 'fail', fault: { class: 'simple-config', kind: 'typo-localsettings' }, outage: 4, impacts: ['full-outage'] }), null, '/r/a-1'),
  toRunView(journal({ id: 'a-2', scenario: 'rolling-typo', verdict: 'pass', fault: { class: 'simple-config', kind: 'typo-localsettings' }, outage: 0 }), null, '/r/a-2'),
  toRunView(journal({ id: 'a-b', scenario: 'rolling-typo', verdict: 'pass', role: 'baseline', fault: { class: 'simple-config', kind: 'typo-localsettings' } }), null, '/r/a-b'),
  toRunView(journal({ id: 'b-1', scenario: 'imago-baseline', verdict: 'pass', strategy: 'imago' }), null, '/r/b-1'),
  toRunView(journal({ id: 'c-1', scenario: 'offline <quiet>', verdict: 'unknown', strategy: 'offline', complete: false }), null, '/r/c-1'),
];

describe('junitReport', () => {
  it('is well-formed JUnit XML: one test case per scenario, failed where an SLO broke, unknown is an error', () => {
    const xml = junitReport(views(), { timestamp: '2026-11-22T00:00:00Z' });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'bench', tests: '3', failures: '1', errors: '1', skipped: '0' });
    const cases = suite.testcase as Array<Record<string, any>>;
    expect(cases.map((c) => c.name)).toEqual(['rolling-typo', 'imago-baseline', 'offline <quiet>']);
    expect(cases[0]!.classname).toBe('bench.rolling.simple-config/typo-localsettings');
    expect(cases[0]!.failure.message).toMatch(/^SLO broken in 1\/2 trial\(s\): availability: 288\/300/);
    expect(cases[0]!.failure['#text']).toContain('impact full-outage: full-outage seen & "quoted"');
    expect(cases[0]!['system-out']).toContain('baseline a-b');
    expect(cases[1]!.failure).toBeUndefined();
    expect(cases[1]!.error).toBeUndefined();
    expect(cases[2]!.error.type).toBe('slo-unknown');
    expect(cases[2]!.error['#text']).toContain('incomplete');
  });
  it('drops characters XML cannot carry', () => {
    const v = views().slice(3, 4);
    v[0]!.scenario = 'bell\u0007 and nul\u0000';
    const xml = junitReport(v);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('name="bell and nul"');
  });
});

describe('markdownSummary', () => {
  it('gives one row per scenario with its verdict, the impact matrix and what broke', () => {
    const md = markdownSummary(views());
    expect(md).toContain('3 scenario(s): 1 passed, 1 broke an SLO, 1 unknown.');
    expect(md).toMatch(/\| rolling-typo \| rolling \| simple-config\/typo-localsettings \| ❌ FAIL \| 2 \| 2\.0 \| 12 \| 120 \| 9\.6 \| 0 \| full-outage \(1\/2\) \|/);
    expect(md).toMatch(/\| imago-baseline \| imago \| none \| ✅ pass \| 1 \|/);
    expect(md).toMatch(/\| offline <quiet> \| offline \| none \| ⚠️ unknown \| 1 \(1 incomplete\) \|/);
    expect(md).toContain('### Impact matrix (strategy × fault class)');
    expect(md).toContain('| rolling |  | full-outage 1/2 |');
    expect(md).toContain('- **rolling-typo** `a-1`: availability fail');
    expect(md).toContain('- **offline <quiet>** `c-1` (incomplete): availability unknown: incomplete run (stopped in phase upgrade: interrupted by SIGINT)');
  });
});
