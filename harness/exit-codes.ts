/** The documented exit codes of every `bench` command. */
export const ExitCode = {
  ok: 0,
  /** A run finished and an SLO broke. */
  sloBroken: 1,
  /** `bench compare --fail-on-regression`: something got worse beyond its noise. */
  regressed: 1,
  /** Bad input: a scenario, flag or data file is wrong. Nothing was started. */
  badInput: 2,
  /** Infrastructure: no Docker engine, an image did not build, the testbed did not come up. */
  infrastructure: 3,
  /** Interrupted by SIGINT/SIGTERM (after cleanup). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that carries the exit code it should end the process with. */
export class BenchError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const badInput = (message: string) => new BenchError(message, ExitCode.badInput);
export const infrastructure = (message: string) => new BenchError(message, ExitCode.infrastructure);
