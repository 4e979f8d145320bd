// Readiness waits: a probe that throws or never answers counts as "not yet"; the time limit
// ends the wait with what did not come up and the last error.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../harness/wait.ts';

describe('waitFor', () => {
  it('goes on past a probe that never settles, and returns once one answers true', async () => {
    let calls = 0;
    const probe = () => (++calls === 1 ? new Promise<boolean>(() => {}) : Promise.resolve(calls === 3));
    await waitFor(probe, { what: 'the service', timeoutMs: 5000, intervalMs: 10, probeTimeoutMs: 100 });
    expect(calls).toBe(3);
  });

  it('names what did not come up and the last error when the time limit passes', async () => {
    const probe = () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(waitFor(probe, { what: 'HAProxy in bench-x-ingress', timeoutMs: 100, intervalMs: 10 })).rejects.toThrow(
      /HAProxy in bench-x-ingress did not come up within 0.1 s \(last error: ECONNREFUSED\)/,
    );
  });
});
