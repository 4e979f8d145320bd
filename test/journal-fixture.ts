// Two small run journals as harness/run.ts writes them (every field of the journal contract),
// built from synthetic samples with the same measureRun and checkSlo: a finished fault run, and
// a run killed during the upgrade (no measurement; the report recomputes it from requests.ndjson).
// Tests derive their journals from these, changing what they test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSlo, measureRun } from '../analysis/measure/index.ts';
import type { RunEvent, Sample } from '../analysis/measure/timeline.ts';
import { journalFormat, type FinishedJournal, type Journal, type JournalStart } from '../analysis/measure/journal-schema.ts';
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

/** What every journal starts with (reports/journal.ts adds the format, id and times). */
export const journalStart = (name = scenario.name): JournalStart => ({ role: 'run', phase: 'up', scenario: { ...scenario, name, parsed: { ...scenario.parsed, name } } });

const started = {
  format: journalFormat as typeof journalFormat,
  started_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:30.000Z',
  ...journalStart(),
  events,
  testbed: {
    primed: { pages: 100, seconds: 3.2, retries: 0 },
    version: '1.35',
    url: 'http://127.0.0.1:1/mediawiki',
    frontends: 2,
    timings: { up: 20 },
    images: { 'web-1': 'bench/mediawiki:1.35 sha256:1' },
  },
  load: { loop: 'open' as const, rate: 10, connections: null, planned_s: 20 },
};

const security = { findings: [{ name: 'php-in-images', severity: 'medium' as const, evidence: 'images/x.php ran' }], probes: [{ name: 'php-in-images', result: 'finding' as const, detail: 'ran' }] };

export function finishedJournal(): FinishedJournal {
  const measurement = measureRun({ samples: fixtureSamples, events, loadStart: 0, loadEnd: 20_000, maxLatencyMs: 2000 });
  const all = measurement.windows.find((w) => w.name === 'all')!;
  const writes = { acknowledged: 18, atRisk: 15, lost: 0, changed: 0 };
  return {
    ...started,
    run_id: 'fixture-rolling-20261201-000000-aaaa',
    complete: true,
    phase: 'done',
    baseline_run_id: 'fixture-rolling-baseline-20261201-000000-bbbb',
    ledger: [],
    upgrade: {
      strategy: 'rolling',
      outcome: 'completed',
      steps: [{ name: 'migrate-schema', start_s: 5.1, end_s: 7.9, outcome: 'ok' }],
      faults: [{ kind: 'typo-localsettings', colour: '#d62728', at: 'before:migrate-schema', injectedAt: 8000, injection: 'ok', description: 'a typo', revertedAt: 10_000 }],
    },
    valid: true,
    invalid_reasons: [],
    self_check: {
      loop: 'open',
      intended_rps: 10,
      achieved_rps: 10,
      send_lag_ms: { p50: 0.4, p99: 1, max: 2 },
      cpu: { mean: 0.05, max_5s: 0.07 },
      event_loop_delay_ms: { p99: 3, max: 5 },
      host: { load_avg_max: 1.2, cores: 2 },
      invalid: [],
      warnings: [],
    },
    cross_check: [],
    slo: checkSlo(all, { availability: 0.999, p99: 2000, lost_writes: 0 }, writes),
    impacts: [{ name: 'full-outage', cause: 'fault', evidence: ['2 s without a good request'] }],
    findings: [{ name: 'php-in-images', cause: 'upgrade', severity: 'medium', evidence: 'images/x.php ran' }],
    summary: {
      requests: all.requests,
      errors: all.errors,
      throughput_rps: all.throughput_rps,
      latency_ms: { p50: all.latency_ms.p50, p90: all.latency_ms.p90, p99: all.latency_ms.p99, p99_9: all.latency_ms.p99_9, p99_99: all.latency_ms.p99_99, max: all.latency_ms.max },
      outages: measurement.outages,
      outage_s: measurement.outage_s,
      acknowledged_writes: writes.acknowledged,
      writes_at_risk: writes.atRisk,
      writes_by_window: { before: 3, during: 10, after_fault: 12, after: 5, at_risk: 15 },
      lost_writes: 0,
      changed_writes: 0,
      unknown_writes: 0,
      impacts: ['full-outage'],
      security_findings: ['php-in-images'],
    },
    checks: { readback: { acknowledged: 18, found: 18, lost: [], changed: [], unknown: [] }, security_before: { findings: [], probes: [] }, security },
    failure_bodies: [],
    measurement,
  };
}

export function killedJournal(): Journal {
  return {
    ...started,
    run_id: 'fixture-killed-20261201-000000-cccc',
    complete: false,
    phase: 'upgrade',
    error: 'interrupted by SIGINT',
    interrupted: true,
    events: events.slice(0, 5),
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
