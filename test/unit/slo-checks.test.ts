// The optional SLOs (slo.outage, slo.errors, slo.p50, slo.throughput): each check on literal
// figures, and the scenario schema's bounds with their file:line errors.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSlo, type WindowStats } from '../../analysis/measure/index.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import { benchInProcess } from '../in-process.ts';

/** The whole load: 30 s at 20 good req/s, p50 40 ms, p99 120 ms, 6 bad requests, 1.5 s of outage in 2 windows. */
const all: WindowStats = {
  name: 'all',
  start_s: 0,
  end_s: 30,
  requests: 606,
  ok: 600,
  errors: 6,
  error_rate: 6 / 606,
  throughput_rps: 20,
  throughput_up_rps: 21,
  latency_ms: { p50: 40, p90: 60, p99: 120, max: 300, samples: 600 },
  outages: 2,
  outage_s: 1.5,
};
/** The same load with no successful request: no latency was measured. */
const nothingOk: WindowStats = { ...all, ok: 0, errors: 606, latency_ms: { p50: null, p90: null, p99: null, max: null, samples: 0 } };
const base = { availability: 0.9, p99: 2000, lost_writes: 0 };
const writes = { acknowledged: 40, atRisk: 30, lost: 0, changed: 0 };
const check = (slo: Parameters<typeof checkSlo>[1], stats: WindowStats = all) => {
  const r = checkSlo(stats, slo, writes);
  return { names: r.checks.map((c) => c.name), overall: r.verdict, ...r.checks.at(-1)! };
};

describe('the optional SLOs', () => {
  it('are not checked, nor listed, when unset: the three checks of before', () => {
    expect(check(base)).toMatchObject({ verdict: 'pass', names: ['availability', 'p99', 'lost_writes'] });
  });

  it('slo.outage: total outage seconds at most the limit (a duration, in ms)', () => {
    expect(check({ ...base, outage: 2000 })).toMatchObject({ verdict: 'pass', name: 'outage', value: 1.5, limit: 2, detail: '1.5 s of outage in 2 window(s) (limit 2 s)' });
    expect(check({ ...base, outage: 1000 })).toMatchObject({ verdict: 'fail', overall: 'fail', detail: '1.5 s of outage in 2 window(s) (limit 1 s)' });
    expect(check({ ...base, outage: 0 }, { ...all, outages: 0, outage_s: 0 })).toMatchObject({ verdict: 'pass', detail: '0 s of outage in 0 window(s) (limit 0 s)' });
  });

  it('slo.errors: requests that were not good, at most the count', () => {
    expect(check({ ...base, errors: 6 })).toMatchObject({ verdict: 'pass', name: 'errors', value: 6, detail: '6 of 606 requests not good (limit 6 requests)' });
    expect(check({ ...base, errors: 5 })).toMatchObject({ verdict: 'fail', value: 6 });
  });

  it('slo.p50: the median latency of successful requests at most the limit; unknown without one', () => {
    expect(check({ ...base, p50: 50 })).toMatchObject({ verdict: 'pass', name: 'p50', value: 40, detail: 'p50 40 ms (limit 50 ms)' });
    expect(check({ ...base, p50: 30 })).toMatchObject({ verdict: 'fail', detail: 'p50 40 ms (limit 30 ms)' });
    const none = checkSlo(nothingOk, { ...base, availability: 0.0001, p50: 50 }, writes).checks.find((c) => c.name === 'p50');
    expect(none).toMatchObject({ verdict: 'unknown', value: null, detail: 'not measured: no successful request' });
  });

  it('slo.throughput: good requests per second at least the limit; unknown on a load under 1 s', () => {
    expect(check({ ...base, throughput: 20 })).toMatchObject({ verdict: 'pass', name: 'throughput', value: 20, detail: '20 good req/s over the load (needs at least 20 req/s)' });
    expect(check({ ...base, throughput: 25 })).toMatchObject({ verdict: 'fail', value: 20 });
    expect(check({ ...base, throughput: 25 }, { ...all, throughput_rps: null })).toMatchObject({ verdict: 'unknown', value: null, detail: 'not measured: the load lasted under 1 s' });
  });

  it('every one set is unknown, never a pass, with no requests or on an invalid run', () => {
    const slo = { ...base, outage: 1000, errors: 10, p50: 100, throughput: 1 };
    for (const r of [checkSlo({ ...all, requests: 0, ok: 0, errors: 0 }, slo, writes), checkSlo(all, slo, writes, 'the host was overloaded')]) {
      expect(r.verdict).toBe('unknown');
      expect(r.checks.map((c) => [c.name, c.verdict])).toEqual([
        ['availability', 'unknown'],
        ['p99', 'unknown'],
        ['lost_writes', 'unknown'],
        ['outage', 'unknown'],
        ['errors', 'unknown'],
        ['p50', 'unknown'],
        ['throughput', 'unknown'],
      ]);
    }
  });

  it('one broken optional SLO fails the run, whatever the others', () => {
    expect(checkSlo(all, { ...base, outage: 60_000, errors: 1000, p50: 1000, throughput: 21 }, writes).verdict).toBe('fail');
  });
});

const scenario = (lines: string) => `name: t\ntestbed: { from: "1.35", to: "1.39" }\n${lines}\n`;

describe('the optional SLOs in the scenario schema', () => {
  it('read durations as ms and numbers as written; unset stays unset', () => {
    const r = parseScenario(scenario('slo: { outage: 1.5s, errors: 20, p50: 300ms, throughput: 12.5 }'), 's.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.scenario.slo).toMatchObject({ outage: 1500, errors: 20, p50: 300, throughput: 12.5 });
    const plain = parseScenario(scenario(''), 'p.yaml');
    if (!plain.ok) throw new Error(JSON.stringify(plain.issues));
    expect(Object.keys(plain.scenario.slo).sort()).toEqual(['availability', 'lost_writes', 'max_latency', 'p99']);
  });

  it('slo.outage may be 0s (no outage at all); slo.errors may be 0', () => {
    const r = parseScenario(scenario('slo: { outage: 0s, errors: 0 }'), 'z.yaml');
    expect(r.ok && [r.scenario.slo.outage, r.scenario.slo.errors]).toEqual([0, 0]);
  });

  const beyond: Array<[string, string, RegExp]> = [
    ['slo: { outage: 13h }', 'slo.outage', /at most 12h/],
    ['slo: { outage: -1s }', 'slo.outage', /a duration such as 500ms/],
    ['slo: { outage: 5 }', 'slo.outage', /a duration such as 500ms/],
    ['slo: { errors: 3000001 }', 'slo.errors', /from 0 to 3,000,000/],
    ['slo: { errors: 0.5 }', 'slo.errors', /a whole number from 0/],
    ['slo: { errors: 1% }', 'slo.errors', /a whole number from 0/],
    ['slo: { p50: 61s }', 'slo.p50', /at most 1m/],
    ['slo: { p50: 0ms }', 'slo.p50', /greater than 0/],
    ['slo: { throughput: 0 }', 'slo.throughput', /> 0/],
    ['slo: { throughput: 40001 }', 'slo.throughput', /at most 40,000/],
    ['slo: { throughput: 10rps }', 'slo.throughput', /good requests per second/],
  ];
  it.each(beyond)('%s is refused at %s, line 3', (lines, path, message) => {
    const result = parseScenario(scenario(lines), 'b.yaml');
    if (result.ok) throw new Error('validated');
    const issue = result.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(`found ${issue!.found}, expected ${issue!.expected}`).toMatch(message);
    expect(issue!.line).toBe(3);
  });

  const dir = mkdtempSync(join(tmpdir(), 'bench-slo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('bench validate names the file, line and column, and exits 2', async () => {
    const path = join(dir, 'slo.yaml');
    writeFileSync(path, scenario('slo: { availability: 0.99, p50: 2m }'));
    const o = await benchInProcess(['validate', path]);
    expect(o.exitCode, o.stderr).toBe(2);
    expect(o.stderr).toContain(`${path}:3:33 slo.p50: found "2m", expected a duration of at most 1m`);
  });

  it('the shipped scenarios stay valid and are checked as before: the three SLOs, none of the new ones', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = parseScenario(readFileSync(join('scenarios', f), 'utf8'), f);
      if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.issues)}`);
      expect(checkSlo(all, r.scenario.slo, writes).checks.map((c) => c.name)).toEqual(['availability', 'p99', 'lost_writes']);
    }
  });
});
