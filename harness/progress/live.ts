/**
 * Progress on a terminal: one live region, redrawn in place (log-update), with a line per image
 * being built (stage, packages done of total, elapsed) and per run (phase, elapsed of planned,
 * requests, errors, outage so far, the step in progress). Lines that must stay (an image built,
 * a failure, a signal, a cleanup) are written above the region. The state and the frame are
 * plain functions of the events and the time, so that they are tested without a terminal.
 */
import { createLogUpdate } from 'log-update';
import picocolors from 'picocolors';
import type { LoadCounters, PackageCount, ProgressEvent, ProgressRenderer } from './events.ts';

interface ImageView {
  stage: string;
  packages?: PackageCount;
  since: number;
}

interface RunView {
  phase: string;
  detail?: string;
  phaseSince: number;
  step?: { name: string; since: number };
  load?: LoadCounters;
}

type Colors = ReturnType<typeof picocolors.createColors>;

export interface LiveState {
  images: Map<string, ImageView>;
  runs: Map<string, RunView>;
}

export const liveState = (): LiveState => ({ images: new Map(), runs: new Map() });

/** The phases in which the load runs: their elapsed time is the load's, out of the planned. */
const loadPhases = new Set(['warm-up', 'upgrade', 'cool-down']);

/** Applies an event at `now` (ms); returns the line to keep above the region, if it has one. */
export function applyEvent(state: LiveState, e: ProgressEvent, now: number): string | undefined {
  switch (e.kind) {
    case 'image': {
      const view = state.images.get(e.tag);
      state.images.set(e.tag, { stage: e.stage, packages: e.packages ?? (view?.stage === e.stage ? view.packages : undefined), since: view?.since ?? now });
      return undefined;
    }
    case 'image-built':
      state.images.delete(e.tag);
      return `${e.tag} built in ${e.seconds.toFixed(1)} s`;
    case 'phase': {
      const view = state.runs.get(e.run);
      state.runs.set(e.run, { phase: e.phase, detail: e.detail, phaseSince: now, load: view?.load, step: e.phase === 'upgrade' ? view?.step : undefined });
      return undefined;
    }
    case 'step': {
      const view = state.runs.get(e.run);
      if (view) view.step = e.outcome === undefined ? { name: e.step, since: now } : undefined;
      return undefined;
    }
    case 'load': {
      const view = state.runs.get(e.run);
      if (view) view.load = e.load;
      return undefined;
    }
    case 'run-end':
      state.runs.delete(e.run);
      return undefined;
    case 'note':
      return e.text;
  }
}

/** The region's text at `now`; empty when nothing is in progress. */
export function liveFrame(state: LiveState, now: number, c: Colors, verb = 'run'): string {
  const lines: string[] = [];
  for (const [tag, image] of state.images) {
    const packages = image.packages ? `  ${image.packages.done}${image.packages.total === undefined ? '' : `/${image.packages.total}`} packages` : '';
    lines.push(`${c.bold(tag)}  ${c.cyan(image.stage)}${packages}  ${c.dim(duration(now - image.since))}`);
  }
  for (const [run, view] of state.runs) {
    const timing = view.load && loadPhases.has(view.phase) ? `${view.load.elapsedS.toFixed(0)} of ${view.load.plannedS.toFixed(0)} s` : duration(now - view.phaseSince);
    const detail = view.detail === undefined ? '' : view.phase === 'up' ? `: ${view.detail}` : ` (${view.detail})`;
    lines.push(`${verb} ${c.bold(run)}  ${c.cyan(view.phase)}${detail}  ${timing}`);
    if (view.load) {
      const l = view.load;
      const errors = `${l.errors} errors`;
      const outage = `outage so far ${l.outageS.toFixed(1)} s`;
      lines.push(`  ${l.requests} requests, ${l.errors > 0 ? c.red(errors) : errors}, ${l.inFlight} in flight, ${l.writes} writes acknowledged, ${l.outageS > 0 ? c.red(outage) : outage}`);
    }
    if (view.step) lines.push(`  step ${c.yellow(view.step.name)}  ${c.dim(duration(now - view.step.since))}`);
  }
  return lines.join('\n');
}

/** "42 s", "3 min 05 s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

export interface LiveOptions {
  stream: NodeJS.WriteStream;
  colour: boolean;
  verb?: string;
  /** How often the elapsed times move while nothing else happens. */
  refreshMs?: number;
}

export function liveRenderer(o: LiveOptions): ProgressRenderer {
  const update = createLogUpdate(o.stream);
  const colours = picocolors.createColors(o.colour);
  const state = liveState();
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const draw = () => {
    const text = liveFrame(state, performance.now(), colours, o.verb);
    if (text === '') {
      update.clear();
      stop();
      return;
    }
    update(text);
    // Unref'd: the display never keeps the process alive (run-scope.ts watches for an empty loop).
    timer ??= setInterval(draw, o.refreshMs ?? 1000).unref();
  };
  return {
    event: (e) => {
      const kept = applyEvent(state, e, performance.now());
      if (kept !== undefined) update.persist(kept);
      draw();
    },
    clear: () => {
      stop();
      update.clear();
    },
    close: () => {
      stop();
      update.clear();
      update.done();
    },
  };
}
