/**
 * Which progress display a command gets: none with --quiet, the live region on a terminal, plain
 * lines otherwise (a pipe, a file, CI, TERM=dumb). Colour follows the NO_COLOR convention: any
 * non-empty NO_COLOR turns it off.
 */
import type { ProgressEvent, ProgressOut, ProgressRenderer, ProgressSink } from './events.ts';
import { liveRenderer } from './live.ts';
import { plainRenderer } from './plain.ts';

export type { LoadCounters, PackageCount, ProgressEvent, ProgressOut, ProgressRenderer, ProgressSink } from './events.ts';

export interface DisplayOptions {
  quiet?: boolean;
  /** How runs are named: `run` (bench run) or `up` (bench up). */
  verb?: string;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

export function progressDisplay(o: DisplayOptions = {}): ProgressRenderer {
  const stream = o.stream ?? process.stderr;
  const env = o.env ?? process.env;
  if (o.quiet) return quietRenderer((line) => stream.write(`${line}\n`));
  if (stream.isTTY && env.TERM !== 'dumb') return liveRenderer({ stream, colour: colourWanted(env), verb: o.verb });
  return plainRenderer({ write: (line) => stream.write(`${line}\n`), verb: o.verb });
}

/** --quiet: no progress; only the notes that are errors. */
export function quietRenderer(write: (line: string) => void): ProgressRenderer {
  return { event: (e) => (e.kind === 'note' && e.error ? write(e.text) : undefined), clear: () => {}, close: () => {} };
}

/**
 * A line of a run scope's log (run-scope.ts) as a note: its signal and cleanup lines are
 * progress; anything else (a crash, a stall, a cleanup that failed) is an error.
 */
export function scopeNote(line: string): ProgressEvent {
  const routine = /^\n?SIG[A-Z]+: stopping run /.test(line) || /^cleanup: removed /.test(line);
  return { kind: 'note', text: line, error: !routine };
}

/** https://no-color.org: a NO_COLOR that is present and not empty turns colour off. */
export const colourWanted = (env: NodeJS.ProcessEnv): boolean => !env.NO_COLOR;

/** The sink for a library caller's progress: a renderer's, or plain lines to a function. */
export function sinkOf(out: ProgressOut | undefined): ProgressSink {
  if (out === undefined) return () => {};
  if (typeof out === 'function') return plainRenderer({ write: out }).event;
  return out.event;
}
