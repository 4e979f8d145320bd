/**
 * A run's latencies in HdrHistogram's own formats, for HdrHistogram and wrk2 users' tools:
 * latency.hlog, the interval histogram log (HistogramLogWriter: one compressed histogram per
 * second of the load; HistogramLogProcessor, HistogramLogAnalyzer and hdr-histogram-js's
 * HistogramLogReader read it), and the .hgrm percentile distribution (what wrk2 --latency prints
 * and HdrHistogram's plotter takes). Values are the successful requests' latencies from their
 * intended send time, in microseconds (analysis/measure/latency-spectrum.ts).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { latencyIntervals, successLatencies } from '../analysis/measure/latency-spectrum.ts';
import type { Sample } from '../analysis/measure/timeline.ts';

export const latencyLogFile = 'latency.hlog';

/** The histogram log of a run: every second of the load (up to `loadEndMs`), interval max in ms. */
export function latencyLog(runId: string, samples: readonly Sample[], loadEndMs = 0): string {
  let text = '';
  const writer = new hdr.HistogramLogWriter((chunk) => {
    text += chunk;
  });
  writer.outputLogFormatVersion();
  writer.outputComment(`[bench run ${runId}: latency of successful requests from their intended send time, in microseconds]`);
  writer.outputComment('[Timestamps: seconds since the load started; Interval_Max: milliseconds]');
  writer.outputLegend();
  for (const interval of latencyIntervals(samples, loadEndMs)) writer.outputIntervalHistogram(interval.histogram, interval.start_s, interval.end_s, 1000);
  return text;
}

/** The whole load's percentile distribution as HdrHistogram prints it (values in ms). */
export const percentileDistribution = (samples: readonly Sample[]): string => successLatencies(samples).outputPercentileDistribution(5, 1000);

/** Writes results/<run-id>/latency.hlog atomically (temp file + rename); returns its path. */
export function writeLatencyLog(runDir: string, runId: string, samples: readonly Sample[], loadEndMs = 0): string {
  const path = join(runDir, latencyLogFile);
  writeFileSync(`${path}.tmp`, latencyLog(runId, samples, loadEndMs));
  renameSync(`${path}.tmp`, path);
  return path;
}
