// Small populations whose outcome is worked out by hand for each protocol. Times in minutes;
// no jitter, and enough download slots that nobody queues unless a test says so.
import { describe, expect, it } from 'vitest';
import { simParamsSchema, type Protocol, type SimParamsInput } from '../../analysis/stage/params.ts';
import { buildPopulation } from '../../analysis/stage/population.ts';
import { simulate } from '../../analysis/stage/simulate.ts';
import { createEventQueue } from '../../analysis/stage/event-queue.ts';

const base: SimParamsInput = {
  representatives: 1,
  misplaced: 0,
  installJitter: 0,
  downloadSlots: 100,
  downloadTime: 1,
  installTime: 10,
  testTime: 20,
  reportDelay: 5,
  fixTime: 100,
};

function run(input: SimParamsInput, protocol: Protocol) {
  const params = simParamsSchema.parse({ ...base, ...input });
  const r = simulate(buildPopulation(params), params, protocol);
  return { overhead: r.overhead.machines, reps: r.overhead.representatives, completion: r.completionTime, r };
}

describe('event queue', () => {
  it('pops in time order, ties in insertion order, and grows', () => {
    const q = createEventQueue(2);
    const times = [5, 1, 3, 1, 9, 0, 3];
    times.forEach((t, i) => q.push(t, i));
    const popped: Array<[number, number]> = [];
    while (q.size > 0) {
      const p = q.pop();
      popped.push([q.lastTime, p]);
    }
    expect(popped).toEqual([
      [0, 5],
      [1, 1],
      [1, 3],
      [3, 2],
      [3, 6],
      [5, 0],
      [9, 4],
    ]);
  });
});

describe('stage simulation, a problem that testing catches', () => {
  // Clusters [4, 2]: machines 0-3 (rep 0) and 4-5 (rep 4); the problem breaks cluster 1.
  const input: SimParamsInput = { clusterSizes: [4, 2], problemClusters: [[1]], testCoverage: 1 };

  it('nostaging: both cluster-1 machines break at 11, the fix comes at 11+5+100, reinstall ends at 127', () => {
    expect(run(input, 'nostaging')).toMatchObject({ overhead: 2, reps: 0, completion: 127 });
  });
  it('parallel: only rep 4 breaks (at 21), retests 127-147, the other four install 147-158', () => {
    expect(run(input, 'parallel')).toMatchObject({ overhead: 1, reps: 1, completion: 158 });
  });
  it('sequential: after the reps (147), cluster 1 (148-158), then cluster 0 (159-169)', () => {
    expect(run(input, 'sequential')).toMatchObject({ overhead: 1, reps: 1, completion: 169 });
  });
  it('reports the problem when it is first seen and releases the fix after the delays', () => {
    const { r } = run(input, 'parallel');
    expect(r.problems).toEqual([{ clusters: [1], escapes: [], hits: 1, reportedAt: 21, fixedAt: 126 }]);
    expect(r.unfinished).toBe(0);
  });
});

describe('stage simulation, a problem that testing misses in two clusters', () => {
  // Clusters [3, 3, 2]: reps 0, 3, 6; the problem breaks clusters 1 and 2 and testing misses it.
  const input: SimParamsInput = { clusterSizes: [3, 3, 2], problemClusters: [[1, 2]], testCoverage: 0 };

  it('nostaging: all five machines of clusters 1 and 2 break at 11; fixed at 116, done at 127', () => {
    expect(run(input, 'nostaging')).toMatchObject({ overhead: 5, completion: 127 });
  });
  it('parallel: reps 3 and 6 pass silently at 21, then 4, 5, 7 break at 32; fix at 137; reps retest until 158', () => {
    expect(run(input, 'parallel')).toMatchObject({ overhead: 5, reps: 2, completion: 158 });
  });
  it('sequential: smallest cluster first, so only machine 7 breaks (32); cluster 1 waits for the fix (148-159), cluster 0 ends at 170', () => {
    const { overhead, reps, completion, r } = run(input, 'sequential');
    expect({ overhead, reps, completion }).toEqual({ overhead: 3, reps: 2, completion: 170 });
    expect(r.problems[0]).toMatchObject({ escapes: [1, 2], reportedAt: 32, fixedAt: 137 });
  });
});

describe('stage simulation, a problem only representatives have', () => {
  it('is never reported when testing misses it: no completion time, one machine unfinished', () => {
    // Cluster 1 is its single representative (machine 3); testing misses the problem there.
    const { r } = run({ clusterSizes: [3, 1], problemClusters: [[1]], testCoverage: 0 }, 'parallel');
    expect(r.overhead.machines).toBe(1);
    expect(r.unfinished).toBe(1);
    expect(r.completionTime).toBeNull();
    expect(r.problems[0].reportedAt).toBeNull();
  });
});

describe('stage simulation, the download server', () => {
  it('serves downloadSlots at a time: 4 machines, 2 slots of 10 min, install 5: done at 15, 15, 25, 25', () => {
    const { r } = run({ clusterSizes: [4], problems: 0, downloadSlots: 2, downloadTime: 10, installTime: 5 }, 'nostaging');
    expect(r.completionTime).toBe(25);
    expect(r.upgradedBy).toEqual({ p50: 15, p90: 25, p99: 25 });
    expect(r.series.upgraded.at(-1)).toBe(4);
  });
  it('a release is what was current when the download started', () => {
    // One slot, download 10, one cluster of 2 that the problem breaks: the first machine
    // downloads 0-10 and breaks at 20 (fix at 20+5+100 = 125); the second downloaded 10-20, before
    // the fix, and breaks at 30. Both download again 125-135 and 135-145 and are done at 145, 155.
    const { overhead, completion } = run({ clusterSizes: [2], problemClusters: [[0]], downloadSlots: 1, downloadTime: 10, installTime: 10 }, 'nostaging');
    expect(overhead).toBe(2);
    expect(completion).toBe(155);
  });
});

describe('population', () => {
  it('is the same for every protocol and seed-reproducible', () => {
    const params = simParamsSchema.parse({ machines: 10_000, misplaced: 0.05 });
    const a = buildPopulation(params);
    const b = buildPopulation(params);
    expect(a.actual).toEqual(b.actual);
    expect(a.order).toEqual(b.order);
    expect(a.clusterSizes.reduce((x, y) => x + y, 0)).toBe(10_000);
    expect(a.misplaced).toBeGreaterThan(350);
    expect(a.misplaced).toBeLessThan(650);
    for (let c = 0; c < a.clusterSizes.length; c++) expect(a.actual[a.clusterStart[c]]).toBe(c); // reps stay
  });
  it('draws Zipf cluster sizes, largest first', () => {
    const params = simParamsSchema.parse({ machines: 100, clusters: 3, clusterSkew: 1 });
    expect(buildPopulation(params).clusterSizes).toEqual([55, 27, 18]);
  });
});
