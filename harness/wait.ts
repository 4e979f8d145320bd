/**
 * Readiness as small wait strategies: a probe is polled until it answers true or the time limit
 * passes; the timeout error says what did not come up, with the container's last log lines.
 */
import type Docker from 'dockerode';
import { lastLogLines } from './docker.ts';
import { infrastructure } from './exit-codes.ts';

export interface WaitOptions {
  /** What is awaited, for the error: "MariaDB in bench-...-db". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** How long one probe may take before it counts as "not yet" (default 5 s). */
  probeTimeoutMs?: number;
  /** Whose logs to show when the wait times out. */
  container?: Docker.Container;
  signal?: AbortSignal;
}

/** Polls `probe` until it returns true; a probe that throws or hangs counts as "not yet". */
export async function waitFor(probe: () => Promise<boolean>, options: WaitOptions): Promise<number> {
  const started = performance.now();
  let lastError = '';
  while (performance.now() - started < options.timeoutMs) {
    options.signal?.throwIfAborted();
    try {
      if (await withDeadline(probe(), options.probeTimeoutMs ?? 5000)) return performance.now() - started;
      lastError = '';
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
  const logs = options.container ? `\n  last log lines:\n    ${(await lastLogLines(options.container)).split('\n').join('\n    ')}` : '';
  throw infrastructure(`${options.what} did not come up within ${options.timeoutMs / 1000} s${lastError ? ` (last error: ${lastError})` : ''}${logs}`);
}

/**
 * `work`, or an error once `ms` have passed. The timer is referenced, so the process stays up
 * while a probe is out: a fetch to a port that refused the connection can leave its promise
 * pending with only unref'd timers (AbortSignal.timeout's) behind it, and Node would exit.
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** An HTTP GET that answers `status` (and, if given, a body containing `contains`). */
export const httpAnswers = (url: string, contains?: string) => async () => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const body = await response.text();
  return response.ok && (contains === undefined || body.includes(contains));
};
