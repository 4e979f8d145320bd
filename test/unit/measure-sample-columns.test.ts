// The load keeps its samples in typed columns while it runs; what comes out must be what went in.
import { describe, expect, it } from 'vitest';
import { outcomes, requestKinds, toMicrosecond, type Sample } from '../../harness/timeline.ts';
import { sampleColumns } from '../../harness/workload/sample-columns.ts';

describe('sample columns', () => {
  it('give back every sample as it was pushed, past several growths, with and without its optional fields', () => {
    const pushed: Sample[] = Array.from({ length: 10_000 }, (_, i) => {
      const s: Sample = { intended: toMicrosecond(i * 1.37), sent: toMicrosecond(i * 1.37 + 0.25), latency: toMicrosecond(3 + (i % 97) * 0.731), kind: requestKinds[i % 3]!, outcome: outcomes[i % outcomes.length]! };
      if (i % 5 !== 0) s.status = 200 + (i % 4) * 100;
      if (i % 7 !== 0) s.id = i;
      if (i % 11 === 0) s.detail = `detail ${i}`;
      return s;
    });
    const columns = sampleColumns();
    for (const s of pushed) columns.push(s);
    expect(columns.length).toBe(pushed.length);
    expect(columns.toSamples()).toStrictEqual(pushed);
  });
});
