/**
 * Whether the load generator held its schedule: the rate it achieved, how late it sent, its own
 * CPU. A run where it could not is invalid: its figures describe the generator, not the system.
 */
import { availableParallelism } from 'node:os';
import { quantile } from 'simple-statistics';
import { defaultMinOutageMs } from '../../analysis/measure/outages.ts';
import { round } from '../../analysis/round.ts';

export interface SelfCheck {
  loop: 'open' | 'closed';
  intended_rps: number | null;
  achieved_rps: number;
  /** How late requests went out against their intended time (open loop). */
  send_lag_ms: { p50: number; p99: number; max: number };
  /** The bench process's CPU, as a fraction of one core: mean, and the highest 5-second mean. */
  cpu: { mean: number; max_5s: number };
  event_loop_delay_ms: { p99: number; max: number };
  /** The host's highest 1-minute load average during the load, and its cores (Docker is shared). */
  host: { load_avg_max: number; cores: number };
  /** Reasons the run is invalid; empty when the generator held its rate. */
  invalid: string[];
  /** What makes the figures less trustworthy without invalidating them (a busy host). */
  warnings: string[];
}

/** Invalidity thresholds (docs/measurement.md, "The load"). */
export const selfLimits = { cpuMean: 0.9, cpu5s: 0.95, sendLagP99Ms: 100, achievedShare: 0.95, hostLoadPerCore: 4 };

/** Whether the generator held its schedule. */
export function selfCheck(
  loop: 'open' | 'closed',
  rate: number | undefined,
  sent: number,
  seconds: number,
  lags: number[],
  cpu: number[],
  loopDelay: { percentile(p: number): number; max: number },
  overloaded: number,
  hostLoad = 0,
): SelfCheck {
  const cores = availableParallelism();
  const q = (xs: number[], p: number) => (xs.length > 0 ? round(quantile(xs, p)) : 0);
  const achieved = seconds > 0 ? sent / seconds : 0;
  const cpuMean = cpu.length > 0 ? cpu.reduce((a, b) => a + b, 0) / cpu.length : 0;
  let cpu5 = cpuMean;
  for (let i = 0; i + 5 <= cpu.length; i++) cpu5 = Math.max(cpu5, cpu.slice(i, i + 5).reduce((a, b) => a + b, 0) / 5);
  const lag = { p50: q(lags, 0.5), p99: q(lags, 0.99), max: lags.reduce((m, x) => Math.max(m, x), 0) };
  const invalid: string[] = [];
  if (loop === 'open' && rate) {
    if (achieved < selfLimits.achievedShare * rate) invalid.push(`the generator sent ${achieved.toFixed(1)} req/s of the intended ${rate} (under ${selfLimits.achievedShare * 100}%)`);
    if (lag.p99 > selfLimits.sendLagP99Ms) invalid.push(`the generator fell behind its schedule: send lag p99 ${lag.p99.toFixed(0)} ms (limit ${selfLimits.sendLagP99Ms} ms)`);
  }
  if (cpuMean > selfLimits.cpuMean) invalid.push(`the bench process used ${(100 * cpuMean).toFixed(0)}% of a core on average (limit ${selfLimits.cpuMean * 100}%)`);
  else if (cpu5 > selfLimits.cpu5s) invalid.push(`the bench process used ${(100 * cpu5).toFixed(0)}% of a core over 5 s (limit ${selfLimits.cpu5s * 100}%)`);
  if (overloaded > 0) invalid.push(`${overloaded} requests were not sent: more than the allowed requests in flight`);
  const warnings: string[] = [];
  if (hostLoad > selfLimits.hostLoadPerCore * cores) warnings.push(`the host was busy: 1-minute load average up to ${hostLoad.toFixed(1)} on ${cores} cores`);
  // A stall as long as an outage window delays the answers it waits for as much as a stalled
  // server would, too rarely to move the p99: say so, since an outage then may be the bench's own.
  if (loop === 'open' && lag.max >= defaultMinOutageMs)
    warnings.push(`the generator stalled: a request went out ${lag.max.toFixed(0)} ms late; an outage window around it may be the bench's own, not the system's`);
  return {
    loop,
    intended_rps: rate ?? null,
    achieved_rps: round(achieved),
    send_lag_ms: { p50: lag.p50, p99: lag.p99, max: round(lag.max) },
    cpu: { mean: round(cpuMean), max_5s: round(cpu5) },
    event_loop_delay_ms: { p99: round(loopDelay.percentile(99) / 1e6), max: round(loopDelay.max / 1e6) },
    host: { load_avg_max: round(hostLoad), cores },
    invalid,
    warnings,
  };
}
