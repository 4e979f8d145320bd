/**
 * Progress without a terminal (a pipe, a CI log): one line per phase, testbed stage, step and
 * image stage, nothing per package, and the load's counters every `loadEveryS` seconds of load
 * (20 s: three lines for a 60 s run).
 */
import type { LoadCounters, ProgressEvent, ProgressRenderer } from './events.ts';

export interface PlainOptions {
  write: (line: string) => void;
  /** How runs are named at the start of their lines: `run <id>:` or `up <id>:`. */
  verb?: string;
  loadEveryS?: number;
}

export const plainLoadEveryS = 20;

export function plainRenderer(o: PlainOptions): ProgressRenderer {
  const verb = o.verb ?? 'run';
  const every = o.loadEveryS ?? plainLoadEveryS;
  const stagesTold = new Map<string, Set<string>>();
  const phases = new Map<string, string>();
  const loadTold = new Map<string, number>();
  const lineFor = (e: ProgressEvent): string | undefined => {
    switch (e.kind) {
      case 'image': {
        const told = stagesTold.get(e.tag) ?? new Set<string>();
        stagesTold.set(e.tag, told);
        // debootstrap alternates unpacking and configuring; each stage is told once.
        if (told.has(e.stage)) return undefined;
        told.add(e.stage);
        return `images: ${e.tag}: ${e.stage}`;
      }
      case 'image-built':
        return `images: ${e.tag}: built in ${e.seconds.toFixed(1)} s`;
      case 'phase':
        phases.set(e.run, e.phase);
        // The testbed's stages as `bench up` has always printed them: "up <id>: install...".
        if (e.phase === 'up') return `${verb} ${e.run}: ${e.detail ?? 'up'}...`;
        return `${verb} ${e.run}: ${e.phase}${e.detail ? ` (${e.detail})` : ''}`;
      case 'step':
        // An end is told by what comes next (a step, a phase); a failure by the procedure's note.
        return e.outcome === undefined ? `${verb} ${e.run}: step ${e.step}...` : undefined;
      case 'load': {
        const last = loadTold.get(e.run) ?? 0;
        if (e.load.elapsedS < last + every) return undefined;
        loadTold.set(e.run, e.load.elapsedS);
        return `${verb} ${e.run}: ${phases.get(e.run) ?? 'load'} ${loadLine(e.load)}`;
      }
      case 'run-end':
        phases.delete(e.run);
        loadTold.delete(e.run);
        return undefined;
      case 'note':
        return e.text;
    }
  };
  return {
    event: (e) => {
      const line = lineFor(e);
      if (line !== undefined) o.write(line);
    },
    clear: () => {},
    close: () => {},
  };
}

/** "23 of 60 s, 460 requests, 2 errors, 1 in flight, 41 writes acknowledged, outage so far 1.5 s" */
export function loadLine(l: LoadCounters): string {
  return `${l.elapsedS.toFixed(0)} of ${l.plannedS.toFixed(0)} s, ${l.requests} requests, ${l.errors} errors, ${l.inFlight} in flight, ${l.writes} writes acknowledged, outage so far ${l.outageS.toFixed(1)} s`;
}
