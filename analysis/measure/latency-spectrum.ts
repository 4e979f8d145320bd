/**
 * A run's latency distribution as HdrHistogram users read it: the latencies of its successful
 * requests, measured from their intended send time (so a stall counts against every request due
 * during it), recorded in microseconds with 3 significant digits (buckets.ts's histogram, the one
 * the windows' percentiles come from). Per second of the load, for the HdrHistogram log; for the
 * whole load, for the percentile spectrum HdrHistogram's outputPercentileDistribution lists.
 */
import * as hdr from 'hdr-histogram-js';
import { newHistogram, recordMs } from './buckets.ts';
import { succeeded, type Sample } from './timeline.ts';
import { round } from '../round.ts';

/** The successful requests' latencies (µs), those due in [fromMs, toMs) of the run clock. */
export function successLatencies(samples: readonly Sample[], fromMs = -Infinity, toMs = Infinity): hdr.Histogram {
  const histogram = newHistogram();
  for (const s of samples) if (succeeded(s) && s.intended >= fromMs && s.intended < toMs) recordMs(histogram, s.latency);
  return histogram;
}

export interface LatencyInterval {
  /** Seconds on the run clock (since the load started). */
  start_s: number;
  end_s: number;
  histogram: hdr.Histogram;
}

/**
 * One histogram per second of the load, by intended send time, from second 0 to the load's end
 * (`endMs`, or the last request's second); seconds where nothing succeeded are empty histograms,
 * so that the log's time axis has no holes.
 */
export function latencyIntervals(samples: readonly Sample[], endMs = 0, widthMs = 1000): LatencyInterval[] {
  const lastDue = samples.reduce((m, s) => Math.max(m, s.intended), -1);
  const n = Math.max(Math.ceil(endMs / widthMs), Math.floor(lastDue / widthMs) + 1);
  const intervals: LatencyInterval[] = Array.from({ length: n }, (_, i) => ({ start_s: (i * widthMs) / 1000, end_s: ((i + 1) * widthMs) / 1000, histogram: newHistogram(true) }));
  for (const s of samples) if (succeeded(s)) recordMs(intervals[Math.floor(s.intended / widthMs)]!.histogram, s.latency);
  return intervals;
}

/** One line of the spectrum, as outputPercentileDistribution prints it. */
export interface SpectrumPoint {
  /** 0 to 100. */
  percentile: number;
  /** The latency (ms) that this share of the successful requests was at or under. */
  value_ms: number;
  /** How many successful requests were at or under it. */
  total_count: number;
  /** 1 / (1 - percentile/100) (4 decimals), the x axis of HdrHistogram's plots; null at 100. */
  inverse: number | null;
}

/**
 * The percentile spectrum of a histogram (µs): HdrHistogram's percentile iteration, with
 * `ticksPerHalfDistance` points in each half of the remaining distance to 100% (5, as
 * outputPercentileDistribution and wrk2 print it: 0, 10, ... 50, 55, ... 75, 77.5, ...).
 */
export function percentileSpectrum(histogram: hdr.Histogram, ticksPerHalfDistance = 5): SpectrumPoint[] {
  if (!(histogram instanceof hdr.JsHistogram)) throw new Error('percentileSpectrum: needs a JavaScript histogram (newHistogram builds one)');
  if (histogram.totalCount === 0) return [];
  const iterator = histogram.percentileIterator;
  iterator.reset(ticksPerHalfDistance);
  const points: SpectrumPoint[] = [];
  while (iterator.hasNext()) {
    const v = iterator.next();
    const percentile = v.percentileLevelIteratedTo;
    points.push({ percentile, value_ms: round(v.valueIteratedTo / 1000), total_count: v.totalCountToThisValue, inverse: percentile < 100 ? round(1 / (1 - percentile / 100), 4) : null });
  }
  return points;
}
