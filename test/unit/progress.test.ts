// The progress display: what the build readers make of real debootstrap output (recorded from
// `debootstrap --variant=minbase bookworm`), what the plain renderer prints (a line per stage and
// phase, never one per package, the load's counters every 20 s), the live frame, the live
// outage estimate, NO_COLOR and --quiet.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import picocolors from 'picocolors';
import type { Sample } from '../../analysis/measure/timeline.ts';
import { aptReader, debootstrapReader } from '../../harness/progress/build-output.ts';
import type { LoadCounters, ProgressEvent } from '../../harness/progress/events.ts';
import { colourWanted, progressDisplay, scopeNote } from '../../harness/progress/index.ts';
import { applyEvent, duration, liveFrame, liveState } from '../../harness/progress/live.ts';
import { outageSoFar } from '../../harness/progress/outage.ts';
import { plainRenderer } from '../../harness/progress/plain.ts';

const debootstrapLog = readFileSync(new URL('../fixtures/progress/debootstrap-bookworm-minbase.txt', import.meta.url), 'utf8').split('\n');
const tag = 'bench/base:bookworm';

function debootstrapEvents(): ProgressEvent[] {
  const read = debootstrapReader();
  return debootstrapLog.flatMap((line) => {
    const moved = read(line);
    return moved ? [{ kind: 'image' as const, tag, ...moved }] : [];
  });
}

const packagesRetrieved = new Set(debootstrapLog.flatMap((l) => /^I: Retrieving (\S+) \S+$/.exec(l)?.[1] ?? [])).size;

describe('debootstrap output', () => {
  it('counts the packages each stage has done; the total is what was retrieved, known once retrieving ends', () => {
    const events = debootstrapEvents();
    const last = new Map(events.map((e) => [e.kind === 'image' ? e.stage : '', e.kind === 'image' ? e.packages : undefined]));
    expect(packagesRetrieved).toBeGreaterThan(50);
    expect(last.get('retrieving')).toEqual({ done: packagesRetrieved, total: undefined });
    for (const stage of ['extracting', 'unpacking', 'configuring']) expect(last.get(stage)).toEqual({ done: packagesRetrieved, total: packagesRetrieved });
    // Counts only go up within a stage.
    const configuring = events.flatMap((e) => (e.kind === 'image' && e.stage === 'configuring' ? [e.packages!.done] : []));
    expect(configuring).toEqual([...configuring].sort((a, b) => a - b));
  });

  it('without a terminal: one line per stage, none per package', () => {
    const lines: string[] = [];
    const plain = plainRenderer({ write: (l) => lines.push(l) });
    for (const e of debootstrapEvents()) plain.event(e);
    expect(lines).toEqual(['resolving', 'retrieving', 'extracting', 'installing core', 'unpacking', 'configuring', 'installed'].map((s) => `images: ${tag}: ${s}`));
  });

  it('on a terminal: the image line shows the stage and the packages done of total', () => {
    const state = liveState();
    const events = debootstrapEvents();
    const firstConfiguring = events.findIndex((e) => e.kind === 'image' && e.stage === 'configuring');
    for (const e of events.slice(0, firstConfiguring + 10)) applyEvent(state, e, 1000);
    expect(liveFrame(state, 43_000, picocolors.createColors(false))).toBe(`${tag}  configuring  10/${packagesRetrieved} packages  42 s`);
  });
});

describe('apt-get inside a docker build', () => {
  it('takes the total from "newly installed" and counts "Setting up" lines', () => {
    const read = aptReader();
    const lines = [
      'Reading package lists...',
      '0 upgraded, 3 newly installed, 0 to remove and 0 not upgraded.',
      'Unpacking socat (1.7.4.4-2) ...',
      'Setting up socat (1.7.4.4-2) ...',
      'Setting up haproxy (2.6.12-1) ...',
    ];
    expect(
      lines
        .map(read)
        .filter(Boolean)
        .map((s) => s!.packages),
    ).toEqual([
      { done: 0, total: 3 },
      { done: 1, total: 3 },
      { done: 2, total: 3 },
    ]);
  });
});

const counters = (elapsedS: number, extra: Partial<LoadCounters> = {}): LoadCounters => ({
  elapsedS,
  plannedS: 60,
  requests: 20 * elapsedS,
  errors: 0,
  inFlight: 1,
  writes: elapsedS,
  outageS: 0,
  ...extra,
});

describe('plain lines', () => {
  it('a 60 s run: its phases, steps and the load every 20 s, the step ends and per-second ticks not', () => {
    const lines: string[] = [];
    const plain = plainRenderer({ write: (l) => lines.push(l) });
    const run = 'r1';
    for (const stage of ['network', 'database', 'frontends', 'install', 'settings', 'seed', 'ingress', 'healthy', 'prime']) plain.event({ kind: 'phase', run, phase: 'up', detail: stage });
    plain.event({ kind: 'phase', run, phase: 'warm-up' });
    for (let t = 1; t <= 60; t++) {
      if (t === 10) plain.event({ kind: 'phase', run, phase: 'upgrade' });
      if (t === 11) plain.event({ kind: 'step', run, step: 'drain:web-1' });
      if (t === 14) plain.event({ kind: 'step', run, step: 'drain:web-1', outcome: 'ok' });
      if (t === 50) plain.event({ kind: 'phase', run, phase: 'cool-down' });
      plain.event({ kind: 'load', run, load: counters(t) });
    }
    plain.event({ kind: 'phase', run, phase: 'checks', detail: 'load done: 1200 requests in 60.0 s' });
    plain.event(scopeNote('cleanup: removed 4 containers, 1 networks, 1 volumes of r1'));
    plain.event({ kind: 'run-end', run });
    expect(lines.filter((l) => / of 60 s, /.test(l))).toEqual([
      'run r1: upgrade 20 of 60 s, 400 requests, 0 errors, 1 in flight, 20 writes acknowledged, outage so far 0.0 s',
      'run r1: upgrade 40 of 60 s, 800 requests, 0 errors, 1 in flight, 40 writes acknowledged, outage so far 0.0 s',
      'run r1: cool-down 60 of 60 s, 1200 requests, 0 errors, 1 in flight, 60 writes acknowledged, outage so far 0.0 s',
    ]);
    expect(lines).toContain('run r1: install...');
    expect(lines).toContain('run r1: step drain:web-1...');
    expect(lines.filter((l) => l.includes('drain:web-1'))).toHaveLength(1);
    expect(lines).toHaveLength(9 + 1 + 1 + 1 + 3 + 1 + 1 + 1);
  });

  it('--quiet: nothing but the notes that are errors', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const quiet = progressDisplay({ quiet: true, stream });
    quiet.event({ kind: 'phase', run: 'r1', phase: 'warm-up' });
    quiet.event({ kind: 'load', run: 'r1', load: counters(40) });
    quiet.event({ kind: 'image', tag, stage: 'retrieving', packages: { done: 3 } });
    quiet.event(scopeNote('cleanup: removed 4 containers, 1 networks, 1 volumes of r1'));
    quiet.event(scopeNote('bench: run r1 crashed: boom'));
    expect(written).toEqual(['bench: run r1 crashed: boom\n']);
  });
});

describe('the live frame', () => {
  const upgrading = () => {
    const state = liveState();
    applyEvent(state, { kind: 'phase', run: 'r1', phase: 'upgrade' }, 0);
    applyEvent(state, { kind: 'step', run: 'r1', step: 'replace:web-1' }, 5_000);
    applyEvent(state, { kind: 'load', run: 'r1', load: counters(23, { errors: 2, outageS: 1.5 }) }, 8_000);
    return state;
  };

  it('a run: phase, elapsed of planned, requests, errors, outage so far, the step in progress', () => {
    expect(liveFrame(upgrading(), 9_000, picocolors.createColors(false)).split('\n')).toEqual([
      'run r1  upgrade  23 of 60 s',
      '  460 requests, 2 errors, 1 in flight, 23 writes acknowledged, outage so far 1.5 s',
      '  step replace:web-1  4 s',
    ]);
  });

  it('the step goes when it ends, the run when it ends', () => {
    const state = upgrading();
    applyEvent(state, { kind: 'step', run: 'r1', step: 'replace:web-1', outcome: 'ok' }, 9_000);
    expect(liveFrame(state, 9_000, picocolors.createColors(false))).not.toContain('step');
    applyEvent(state, { kind: 'run-end', run: 'r1' }, 9_500);
    expect(liveFrame(state, 10_000, picocolors.createColors(false))).toBe('');
  });

  it('colour only where wanted: any non-empty NO_COLOR turns it off', () => {
    const ansi = /\u001b\[[0-9;]*m/;
    expect(liveFrame(upgrading(), 9_000, picocolors.createColors(true))).toMatch(ansi);
    expect(liveFrame(upgrading(), 9_000, picocolors.createColors(false))).not.toMatch(ansi);
    expect(colourWanted({})).toBe(true);
    expect(colourWanted({ NO_COLOR: '' })).toBe(true);
    expect(colourWanted({ NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ NO_COLOR: 'false' })).toBe(false);
  });

  it('durations', () => {
    expect([duration(999), duration(42_500), duration(185_000)]).toEqual(['0 s', '42 s', '3 min 05 s']);
  });
});

describe('the outage so far', () => {
  const sample = (intended: number, latency: number, good: boolean): Sample => ({ intended, sent: intended, latency, kind: 'read', outcome: good ? '2xx' : 'timeout' });

  it('opens at the first of three answers in a row that were not good, and closes at the next good answer', () => {
    const outage = outageSoFar(2000);
    outage.add(sample(0, 50, true));
    for (const t of [1000, 1100, 1200]) outage.add(sample(t, 2000, false));
    expect(outage.seconds(3300)).toBeCloseTo(2.3);
    outage.add(sample(3000, 500, true));
    expect(outage.seconds(10_000)).toBeCloseTo(2.5);
  });

  it('two errors in a row, or a good answer slower than max_latency, are no outage', () => {
    const outage = outageSoFar(2000);
    for (const t of [1000, 1100]) outage.add(sample(t, 100, false));
    outage.add(sample(1200, 100, true));
    expect(outage.seconds(5000)).toBe(0);
    outage.add(sample(2000, 2500, true)); // good status, too slow: not good
    expect(outage.seconds(5000)).toBe(0);
  });
});

describe('the display a command gets', () => {
  const terminal = () => {
    const written: string[] = [];
    const stream = { isTTY: true, columns: 100, rows: 30, write: (s: string) => written.push(s) !== 0 } as unknown as NodeJS.WriteStream;
    return { stream, written };
  };
  const show = (env: NodeJS.ProcessEnv) => {
    const { stream, written } = terminal();
    const display = progressDisplay({ stream, env });
    display.event({ kind: 'phase', run: 'r1', phase: 'upgrade' });
    display.event({ kind: 'load', run: 'r1', load: counters(23, { errors: 2 }) });
    display.close();
    return written.join('');
  };

  it('on a terminal: a live region in colour, without colour when NO_COLOR is set, and erased when closed', () => {
    const sgr = /\u001b\[[0-9;]*m/;
    const coloured = show({});
    expect(coloured).toContain('23 of 60 s');
    expect(coloured).toMatch(sgr);
    expect(show({ NO_COLOR: '1' })).not.toMatch(sgr);
    // log-update erases lines with "erase line" (ESC [2K) before the region goes.
    expect(coloured.slice(coloured.lastIndexOf('23 of 60 s'))).toContain('\u001b[2K');
  });

  it('TERM=dumb or no terminal: plain lines', () => {
    const { stream, written } = terminal();
    const display = progressDisplay({ stream, env: { TERM: 'dumb' } });
    display.event({ kind: 'phase', run: 'r1', phase: 'upgrade' });
    expect(written).toEqual(['run r1: upgrade\n']);
  });
});
