/**
 * What the bench tells about its progress, as data: image builds and runs emit these events and
 * a renderer (live.ts on a terminal, plain.ts otherwise) decides how they look. The emitters
 * never format text for the screen.
 */

/** Packages of a build: `total` is unknown while debootstrap is still retrieving them. */
export interface PackageCount {
  done: number;
  total?: number;
}

/** The load's counters at one moment, on the run's clock. */
export interface LoadCounters {
  elapsedS: number;
  /** How long the load is planned to run (workload.duration). */
  plannedS: number;
  requests: number;
  errors: number;
  inFlight: number;
  writes: number;
  /** A live estimate (outage.ts); the journal's measurement is the verdict. */
  outageS: number;
}

export type ProgressEvent =
  /** An image's build reached a stage, or its package count moved. */
  | { kind: 'image'; tag: string; stage: string; packages?: PackageCount }
  | { kind: 'image-built'; tag: string; seconds: number }
  /** A run's phase changed: up (with the testbed stage as detail), warm-up, upgrade, cool-down, checks. */
  | { kind: 'phase'; run: string; phase: string; detail?: string }
  /** A procedure step started (no outcome) or ended. */
  | { kind: 'step'; run: string; step: string; outcome?: 'ok' | 'failed' | 'aborted' }
  | { kind: 'load'; run: string; load: LoadCounters }
  /** The run is over: its live lines go. */
  | { kind: 'run-end'; run: string }
  /** A line to keep on screen: a signal, a cleanup; an `error` (a crash, a failed revert) is shown even with --quiet. */
  | { kind: 'note'; text: string; error?: boolean };

export type ProgressSink = (event: ProgressEvent) => void;

/** A renderer: takes events, and clears its live lines before anything else is printed. */
export interface ProgressRenderer {
  event: ProgressSink;
  /** Erases the live lines (they come back with the next event). */
  clear(): void;
  /** Erases the live lines for good. */
  close(): void;
}

/** Where a library caller sends progress: a renderer, or a function that takes plain lines. */
export type ProgressOut = ProgressRenderer | ((line: string) => void);
