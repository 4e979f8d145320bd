import type { Command } from 'commander';

/** Every command of the CLI, in the order `bench --help` lists them. */
export const commands: Array<() => Command> = [];
