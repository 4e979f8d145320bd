// The `bench` command line: one module per command under harness/commands/.
import { Command } from 'commander';
import { BenchError, ExitCode } from './exit-codes.ts';
import { commands } from './commands/index.ts';

const program = new Command('bench')
  .description('A dependability test bench for online software upgrades')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) })
  .exitOverride();

for (const command of commands) program.addCommand(command());
// Subcommands do not inherit exitOverride: without it a usage error would exit 1, not 2.
const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
for (const command of everyCommand(program)) command.exitOverride().showHelpAfterError();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}

function exitCodeOf(error: unknown): number {
  // commander throws on --help/--version (code 0) and on usage errors (bad input).
  if (isCommanderError(error)) return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  if (error instanceof BenchError) {
    console.error(`bench: ${error.message}`);
    return error.exitCode;
  }
  console.error(error);
  return ExitCode.infrastructure;
}

function isCommanderError(error: unknown): error is { code: string; exitCode: number } {
  return typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('commander.');
}
