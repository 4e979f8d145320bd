// The event-driven simulation of deploying one upgrade to a population under a protocol.
//
// Model (after Mirage's simulator): the vendor's server serves `downloadSlots` downloads at a
// time, first come first served; a machine downloads the current release (with every fix so far),
// then installs it. An install is faulty when a problem that affects the machine's real cluster is
// not fixed in the release it got. Ordinary machines notice a faulty install and report it;
// a representative notices only the problems its testing catches (`testCoverage`), and a
// problem it misses looks like a pass. A report reaches the vendor after `reportDelay`, the fix is
// released `fixTime` later, and machines waiting for it download again. A stage of the protocol
// starts when every machine of the previous stage looks upgraded.
import { createEventQueue } from './event-queue.ts';
import type { Protocol, SimParams } from './params.ts';
import type { Population } from './population.ts';

export interface ProblemOutcome {
  clusters: number[];
  /** Clusters whose representatives' testing misses this problem. */
  escapes: number[];
  /** Faulty installs that contained it. */
  hits: number;
  reportedAt: number | null;
  fixedAt: number | null;
}

export interface SimResult {
  protocol: Protocol;
  machines: number;
  /** Upgrade overhead: machines that installed a faulty upgrade at least once. */
  overhead: { machines: number; representatives: number; others: number; faultyInstalls: number };
  /** Minutes until every machine runs a faultless upgrade (null when some never do). */
  completionTime: number | null;
  /** Minutes until this share of the machines ran a faultless upgrade. */
  upgradedBy: { p50: number; p90: number; p99: number };
  /** Machines still on a faulty upgrade at the end: a problem nobody reported. */
  unfinished: number;
  problems: ProblemOutcome[];
  events: number;
  /** Cumulative counts over time, for charts. */
  series: { time: number[]; faultyMachines: number[]; upgraded: number[] };
}

const DOWNLOADED = 0;
const INSTALLED = 1;
const FIX_RELEASED = 2;

const FAULTY_EVER = 1;
/** The machine has counted towards its stage's completion. */
const COUNTED = 2;

export function simulate(population: Population, params: SimParams, protocol: Protocol, seriesPoints = 200): SimResult {
  const { machines, assigned, actual, affects, caught, clusterStart, timeFactor } = population;
  const clusters = population.clusterSizes.length;
  const problemCount = population.problemClusters.length;
  const staged = protocol !== 'nostaging';
  const isRep = (m: number) => staged && m - clusterStart[assigned[m]] < params.representatives;

  // Stages: nostaging [all]; parallel [reps, others]; sequential [reps, smallest cluster, ...].
  const stageCount = protocol === 'nostaging' ? 1 : protocol === 'parallel' ? 2 : 1 + clusters;
  const stageOf = (m: number) => (!staged ? 0 : isRep(m) ? 0 : protocol === 'parallel' ? 1 : clusters - assigned[m]);
  const stageStart = new Int32Array(stageCount + 1);
  for (let m = 0; m < machines; m++) stageStart[stageOf(m) + 1]++;
  for (let s = 0; s < stageCount; s++) stageStart[s + 1] += stageStart[s];
  const stageMachines = new Int32Array(machines);
  const fill = stageStart.slice(0, stageCount);
  for (const m of population.order) stageMachines[fill[stageOf(m)]++] = m;
  const pending = new Int32Array(stageCount);
  for (let s = 0; s < stageCount; s++) pending[s] = stageStart[s + 1] - stageStart[s];
  let stage = -1;

  const flags = new Uint8Array(machines);
  const got = new Uint32Array(machines);
  const waitMask = new Uint32Array(machines);
  const waitNext = new Int32Array(machines);
  const waitHead = new Int32Array(problemCount).fill(-1);
  const ring = new Int32Array(machines);
  let ringHead = 0;
  let ringSize = 0;
  let downloading = 0;

  let fixedMask = 0;
  const reportedAt: Array<number | null> = new Array(problemCount).fill(null);
  const fixedAt: Array<number | null> = new Array(problemCount).fill(null);
  const hits = new Array<number>(problemCount).fill(0);

  const doneTimes = new Float64Array(machines);
  let done = 0;
  const faultyTimes = new Float64Array(machines);
  let faultyMachines = 0;
  let faultyReps = 0;
  let faultyInstalls = 0;
  let events = 0;

  const queue = createEventQueue(Math.min(machines, 1 << 16) * 2 + 64);

  const enqueue = (m: number) => {
    ring[(ringHead + ringSize) % machines] = m;
    ringSize++;
  };
  const pump = (t: number) => {
    while (downloading < params.downloadSlots && ringSize > 0) {
      const m = ring[ringHead];
      ringHead = (ringHead + 1) % machines;
      ringSize--;
      downloading++;
      got[m] = fixedMask;
      queue.push(t + params.downloadTime, m * 4 + DOWNLOADED);
    }
  };
  const advance = (t: number) => {
    while (stage < stageCount - 1 && (stage < 0 || pending[stage] === 0)) {
      stage++;
      for (let i = stageStart[stage]; i < stageStart[stage + 1]; i++) enqueue(stageMachines[i]);
    }
    pump(t);
  };
  const countForStage = (m: number, t: number) => {
    flags[m] |= COUNTED;
    if (--pending[stageOf(m)] === 0) advance(t);
  };
  // Park a machine until every problem in `mask` is fixed (if one already is, re-check at once).
  const waitFor = (m: number, mask: number) => {
    const open = mask & ~fixedMask;
    if (open === 0) {
      enqueue(m);
      return;
    }
    waitMask[m] = open;
    const p = 31 - Math.clz32(open & -open);
    waitNext[m] = waitHead[p];
    waitHead[p] = m;
  };

  advance(0);
  while (queue.size > 0) {
    const payload = queue.pop();
    const t = queue.lastTime;
    const kind = payload & 3;
    const id = payload >> 2;
    events++;
    if (kind === DOWNLOADED) {
      downloading--;
      const duration = (isRep(id) ? params.testTime : params.installTime) * timeFactor[id];
      queue.push(t + duration, id * 4 + INSTALLED);
      pump(t);
    } else if (kind === INSTALLED) {
      const faulty = affects[actual[id]] & ~got[id];
      if (faulty === 0) {
        doneTimes[done++] = t;
        if (!(flags[id] & COUNTED)) countForStage(id, t);
        continue;
      }
      faultyInstalls++;
      for (let p = 0; p < problemCount; p++) if (faulty & (1 << p)) hits[p]++;
      if (!(flags[id] & FAULTY_EVER)) {
        flags[id] |= FAULTY_EVER;
        faultyTimes[faultyMachines++] = t;
        if (isRep(id)) faultyReps++;
      }
      const noticed = isRep(id) ? faulty & caught[actual[id]] : faulty;
      for (let p = 0; p < problemCount; p++) {
        if (noticed & (1 << p) && reportedAt[p] === null) {
          reportedAt[p] = t;
          queue.push(t + params.reportDelay + params.fixTime, p * 4 + FIX_RELEASED);
        }
      }
      if (noticed !== 0) {
        // Wait only for what was noticed: a problem testing missed would otherwise never let the
        // representative finish; it shows up again (silently) on the next install.
        waitFor(id, noticed);
      } else {
        if (!(flags[id] & COUNTED)) countForStage(id, t);
        waitFor(id, faulty);
      }
      pump(t);
    } else {
      fixedMask |= 1 << id;
      fixedAt[id] = t;
      let m = waitHead[id];
      waitHead[id] = -1;
      while (m !== -1) {
        const next = waitNext[m];
        waitFor(m, waitMask[m]);
        m = next;
      }
      pump(t);
    }
  }

  const at = (share: number) => (done === 0 ? 0 : doneTimes[Math.max(0, Math.min(done, Math.ceil(share * machines)) - 1)]);
  const end = done > 0 ? doneTimes[done - 1] : 0;
  return {
    protocol,
    machines,
    overhead: { machines: faultyMachines, representatives: faultyReps, others: faultyMachines - faultyReps, faultyInstalls },
    completionTime: done === machines ? end : null,
    upgradedBy: { p50: at(0.5), p90: at(0.9), p99: at(0.99) },
    unfinished: machines - done,
    problems: population.problemClusters.map((cs, p) => ({
      clusters: cs,
      escapes: cs.filter((c) => !(caught[c] & (1 << p))),
      hits: hits[p],
      reportedAt: reportedAt[p],
      fixedAt: fixedAt[p],
    })),
    events,
    series: series(doneTimes.subarray(0, done), faultyTimes.subarray(0, faultyMachines), end, seriesPoints),
  };
}

/** Cumulative counts of two sorted time lists at evenly spaced instants from 0 to `end`. */
function series(doneTimes: Float64Array, faultyTimes: Float64Array, end: number, points: number) {
  const time: number[] = [];
  const upgraded: number[] = [];
  const faultyMachines: number[] = [];
  let d = 0;
  let f = 0;
  for (let k = 0; k <= points; k++) {
    const t = (end * k) / points;
    while (d < doneTimes.length && doneTimes[d] <= t) d++;
    while (f < faultyTimes.length && faultyTimes[f] <= t) f++;
    time.push(t);
    upgraded.push(d);
    faultyMachines.push(f);
  }
  return { time, faultyMachines, upgraded };
}
