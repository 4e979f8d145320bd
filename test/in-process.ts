// Runs a `bench` command line in this process (harness/main.ts) and returns what a shell would
// see: the exit code and everything the command wrote, console and streams alike.
import { format } from 'node:util';
import { main } from '../harness/main.ts';

export interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function benchInProcess(args: readonly string[]): Promise<Outcome> {
  const out = { stdout: '', stderr: '' };
  const saved = { log: console.log, info: console.info, error: console.error, warn: console.warn, stdout: process.stdout.write, stderr: process.stderr.write };
  const to =
    (stream: 'stdout' | 'stderr') =>
    (...items: unknown[]) => {
      out[stream] += `${format(...items)}\n`;
    };
  const write = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      out[stream] += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  console.log = console.info = to('stdout');
  console.error = console.warn = to('stderr');
  process.stdout.write = write('stdout');
  process.stderr.write = write('stderr');
  try {
    const exitCode = await main(['node', 'bench', ...args]);
    return { exitCode, ...out };
  } finally {
    Object.assign(console, { log: saved.log, info: saved.info, error: saved.error, warn: saved.warn });
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
  }
}

/** A stack trace in what a command wrote: an error it did not turn into a message. */
export const hasStackTrace = (text: string) => /^\s+at .+:\d+:\d+\)?$/m.test(text);
