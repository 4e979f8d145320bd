// The `bench` command line as a function: harness/cli.ts runs it on process.argv, tests call it in-process.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { InputError } from '../analysis/input-error.ts';
import { BenchError, ExitCode } from './exit-codes.ts';
import { commands } from './commands/index.ts';
import { redact } from './secrets.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Runs one command line (`argv` as process.argv has it: node, script, then the arguments) and
 * returns its exit code. A command that sets process.exitCode (validate, run) is read back and
 * the previous value restored, so that a caller in the same process is not left with it.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('bench')
    .description('A dependability test bench for online software upgrades')
    .version(version, '-V, --version', 'print the version of bench')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) })
    .exitOverride();
  for (const command of commands) program.addCommand(command());
  // Subcommands do not inherit exitOverride: without it a usage error would exit 1, not 2.
  const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program)) command.exitOverride().showHelpAfterError();

  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? ExitCode.ok);
  } catch (error) {
    return exitCodeOf(error);
  } finally {
    process.exitCode = outer;
  }
}

function exitCodeOf(error: unknown): number {
  // commander throws on --help/--version (code 0) and on usage errors (bad input).
  if (isCommanderError(error)) return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  if (error instanceof BenchError || error instanceof InputError) {
    console.error(redact(`bench: ${error.message}`));
    return error instanceof BenchError ? error.exitCode : ExitCode.badInput;
  }
  // Passwords reach tools' own error messages (harness/secrets.ts).
  console.error(redact(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  return ExitCode.infrastructure;
}

function isCommanderError(error: unknown): error is { code: string; exitCode: number } {
  return typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('commander.');
}
