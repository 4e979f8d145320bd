// Two small run journals as harness/run.ts writes them, built from synthetic samples with the
// same measureRun and checkSlo: a finished fault run, and a run killed during the upgrade (no
// measurement; the report recomputes it from requests.ndjson). Small enough to mutate by hand.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSlo, measureRun } from '../analysis/measure/index.ts';
import type { RunEvent, Sample } from '../analysis/measure/timeline.ts';
import type { Journal } from '../analysis/measure/journal-schema.ts';
import { sampleLine } from '../reports/journal.ts';

/** 10 req/s for 20 s; nothing succeeds from 8 s to 10 s. */
export const fixtureSamples: Sample[] = Array.from({ length: 200 }, (_, i) => {
  const intended = i * 100;
  const failed = intended >= 8000 && intended < 10_000;
  return { intended, sent: intended + 0.4, latency: failed ? 3 : 40 + (i % 7), kind: i % 10 === 0 ? 'edit' : 'read', outcome: failed ? '5xx' : '2xx', status: failed ? 500 : 200, id: i };
});

const events: RunEvent[] = [
  { t: 0, kind: 'phase', name: 'warm-up' },
  { t: 5000, kind: 'phase', name: 'upgrade' },
  { t: 5100, kind: 'step-start', name: 'migrate-schema' },
  { t: 7900, kind: 'step-end', name: 'migrate-schema', outcome: 'ok' },
  { t: 8000, kind: 'fault-inject', name: 'typo-localsettings', detail: 'line 20 "$wgDBserver" -> "$wgDBsrever"' },
  { t: 10_000, kind: 'fault-revert', name: 'typo-localsettings' },
  { t: 15_000, kind: 'phase', name: 'cool-down' },
];

const scenario = {
  name: 'fixture-rolling',
  file: 'scenarios/fixture-rolling.yaml',
  parsed: {
    name: 'fixture-rolling',
    testbed: { app: 'mediawiki', from: '1.35', to: '1.39', frontends: 2, pages: 100 },
    workload: { duration: 20_000, connections: 8, rate: 10, mix: { read: 0.9, edit: 0.1 } },
    upgrade: { strategy: 'rolling', start_after: 5000, max_quiescence: 2000 },
    fault: { class: 'simple-config', kind: 'typo-localsettings', params: {}, at: 'before:migrate-schema' },
    trials: 1,
    seed: 42,
    slo: { availability: 0.999, p99: 2000, max_latency: 2000, lost_writes: 0 },
  },
};

export function finishedJournal(): Journal {
  const measurement = measureRun({ samples: fixtureSamples, events, loadStart: 0, loadEnd: 20_000, maxLatencyMs: 2000 });
  const all = measurement.windows.find((w) => w.name === 'all')!;
  return {
    format: 'bench-journal/1',
    run_id: 'fixture-rolling-20261201-000000-aaaa',
    complete: true,
    role: 'run',
    phase: 'done',
    started_at: '2026-12-01T00:00:00.000Z',
    baseline_run_id: 'fixture-rolling-baseline-20261201-000000-bbbb',
    scenario,
    events,
    load: { planned_s: 20 },
    upgrade: { strategy: 'rolling', outcome: 'completed', steps: [{ name: 'migrate-schema', start_s: 5.1, end_s: 7.9, outcome: 'ok' }] },
    valid: true,
    invalid_reasons: [],
    self_check: { warnings: [] },
    slo: checkSlo(all, { availability: 0.999, p99: 2000, lost_writes: 0 }, { acknowledged: 18, atRisk: 15, lost: 0, changed: 0 }),
    impacts: [{ name: 'full-outage', cause: 'fault', evidence: ['2 s without a good request'] }],
    findings: [{ name: 'php-in-images', cause: 'upgrade', severity: 'medium', evidence: 'images/x.php ran' }],
    summary: { requests: all.requests, errors: all.errors, outage_s: measurement.outage_s, lost_writes: 0, latency_ms: { p99: all.latency_ms.p99 }, throughput_rps: all.throughput_rps },
    measurement,
  };
}

export function killedJournal(): Journal {
  return {
    format: 'bench-journal/1',
    run_id: 'fixture-killed-20261201-000000-cccc',
    complete: false,
    role: 'run',
    phase: 'upgrade',
    error: 'interrupted by SIGINT',
    interrupted: true,
    scenario,
    events: events.slice(0, 5),
    load: { planned_s: 20 },
  };
}

/** Writes both runs under `dir` (each a run directory with journal.json and requests.ndjson). */
export function writeJournalFixtures(dir: string): { finished: string; killed: string } {
  const write = (name: string, journal: Journal, requests: string) => {
    const runDir = join(dir, name);
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'journal.json'), `${JSON.stringify(journal, null, 2)}\n`);
    writeFileSync(join(runDir, 'requests.ndjson'), requests);
    return runDir;
  };
  const lines = (samples: Sample[]) => samples.map(sampleLine).join('');
  return {
    finished: write('fixture-finished', finishedJournal(), lines(fixtureSamples)),
    // Killed at 12 s, with half a line at the end, as a kill leaves it.
    killed: write('fixture-killed', killedJournal(), `${lines(fixtureSamples.filter((s) => s.intended < 12_000))}{"intended":12000,"se`),
  };
}
