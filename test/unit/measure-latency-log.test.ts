// The run's latencies in HdrHistogram's formats: the .hlog decodes back to the samples' counts and
// percentiles, the spectrum is HdrHistogram's own listing, and the windows' p99.9 is the same histogram's.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { afterEach, describe, expect, it } from 'vitest';
import { measureRun } from '../../analysis/measure/index.ts';
import { latencyIntervals, percentileSpectrum, successLatencies } from '../../analysis/measure/latency-spectrum.ts';
import type { Sample } from '../../analysis/measure/timeline.ts';
import { Journal } from '../../reports/journal.ts';
import { latencyLog, percentileDistribution } from '../../reports/latency-log.ts';
import { journalStart } from '../journal-fixture.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** 50 req/s for 6 s with a skewed latency (a tail every 97th request); second 3 fails entirely. */
const samples: Sample[] = Array.from({ length: 300 }, (_, i) => {
  const intended = i * 20 + 0.5;
  const failed = intended >= 3000 && intended < 4000;
  const latency = i % 97 === 0 ? 900 + i : 10 + ((i * 37) % 50) + (i % 3) * 0.25;
  return { intended, sent: intended, latency, kind: 'read', outcome: failed ? 'refused' : '2xx', id: i };
});
const ok = samples.filter((s) => s.outcome === '2xx');

/** x is y at HdrHistogram's precision here: 3 significant digits (within 0.1%). */
const nearly = (x: number, y: number) => expect(Math.abs(x - y), `${x} vs ${y}`).toBeLessThanOrEqual(y * 0.001);

/** Every interval histogram of a log. */
function decode(log: string): hdr.Histogram[] {
  const reader = new hdr.HistogramLogReader(log);
  const out: hdr.Histogram[] = [];
  for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) out.push(h);
  return out;
}

describe('latency.hlog', () => {
  it('decodes (HistogramLogReader) to one histogram per second holding that second`s successful latencies', () => {
    const log = latencyLog('r-1', samples, 7000);
    expect(log).toMatch(/^#\[Histogram log format version 1\.3\]\n/);
    const intervals = decode(log);
    // 7 s of load: seconds 0..6, the last one empty (nothing was due after 6 s).
    expect(intervals).toHaveLength(7);
    intervals.forEach((h, second) => {
      const due = ok.filter((s) => Math.floor(s.intended / 1000) === second);
      expect(h.totalCount, `second ${second}`).toBe(due.length);
      expect(h.startTimeStampMsec).toBe(second * 1000);
      if (due.length > 0) nearly(h.maxValue / 1000, Math.max(...due.map((s) => s.latency)));
    });
    expect(intervals[3]!.totalCount).toBe(0);
  });

  it('adds up to the same counts and percentiles as the run`s own histogram', () => {
    const whole = successLatencies(samples);
    const merged = successLatencies([]);
    for (const h of decode(latencyLog('r-1', samples))) merged.add(h);
    expect(merged.totalCount).toBe(ok.length);
    for (const p of [50, 90, 99, 99.9, 100]) expect(merged.getValueAtPercentile(p), `p${p}`).toBe(whole.getValueAtPercentile(p));
  });

  it('is written beside the journal by the journal writer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hlog-'));
    dirs.push(dir);
    const journal = new Journal(join(dir, 'r-2'), 'r-2', journalStart(), 60_000);
    journal.writeLatencyLog(samples, 6000);
    await journal.close(false, {});
    const path = join(dir, 'r-2', 'latency.hlog');
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(decode(readFileSync(path, 'utf8')).reduce((n, h) => n + h.totalCount, 0)).toBe(ok.length);
  });
});

describe('percentile spectrum', () => {
  it('lists what HdrHistogram`s outputPercentileDistribution prints, up to 100% and the max', () => {
    const spectrum = percentileSpectrum(successLatencies(samples));
    // The .hgrm text, parsed: value (ms), percentile (0-1), total count.
    const printed = percentileDistribution(samples)
      .split('\n')
      .filter((line) => /^\s+\d/.test(line))
      .map((line) => line.trim().split(/\s+/).map(Number));
    expect(spectrum).toHaveLength(printed.length);
    spectrum.forEach((p, i) => {
      expect(p.value_ms).toBeCloseTo(printed[i]![0]!, 3);
      expect(p.percentile / 100).toBeCloseTo(printed[i]![1]!, 10);
      expect(p.total_count).toBe(printed[i]![2]);
    });
    const last = spectrum.at(-1)!;
    expect(last).toMatchObject({ percentile: 100, total_count: ok.length, inverse: null });
    nearly(last.value_ms, Math.max(...ok.map((s) => s.latency)));
    expect(spectrum.map((p) => p.percentile)).toEqual([...spectrum.map((p) => p.percentile)].sort((a, b) => a - b));
    for (const p of spectrum.slice(0, -1)) expect(p.inverse).toBeCloseTo(1 / (1 - p.percentile / 100), 4);
  });

  it('puts each value at the share of requests at or under it (3 significant digits)', () => {
    const sorted = ok.map((s) => s.latency).sort((a, b) => a - b);
    for (const p of percentileSpectrum(successLatencies(samples))) {
      const atOrUnder = sorted.filter((x) => x <= p.value_ms * 1.001).length;
      expect(atOrUnder, `p${p.percentile}`).toBeGreaterThanOrEqual(p.total_count);
      expect(p.total_count).toBeGreaterThanOrEqual(Math.ceil((p.percentile / 100) * ok.length) - 1);
    }
  });

  it('has nothing for a run without a successful request', () => {
    expect(percentileSpectrum(successLatencies(samples.filter((s) => s.outcome !== '2xx')))).toEqual([]);
  });

  it('gives the windows` p99.9 and p99.99 from the same histogram as the spectrum', () => {
    const all = measureRun({ samples, events: [], loadStart: 0, loadEnd: 6000, maxLatencyMs: 2000 }).windows.find((w) => w.name === 'all')!;
    const whole = successLatencies(samples);
    expect(all.latency_ms.p99_9).toBeCloseTo(whole.getValueAtPercentile(99.9) / 1000, 3);
    expect(all.latency_ms.p99_99).toBeCloseTo(whole.getValueAtPercentile(99.99) / 1000, 3);
    expect(all.latency_ms.p99_9!).toBeGreaterThanOrEqual(all.latency_ms.p99!);
  });

  it('splits the load into whole seconds from 0', () => {
    expect(latencyIntervals(samples, 6500).map((i) => [i.start_s, i.end_s])).toEqual(Array.from({ length: 7 }, (_, i) => [i, i + 1]));
  });
});
