import type { Command } from 'commander';
import { schemaCommand } from './schema.ts';
import { stageCommand } from './stage.ts';
import { taxonomyCommand } from './taxonomy.ts';
import { validateCommand } from './validate.ts';

/** Every command of the CLI, in the order `bench --help` lists them. */
export const commands: Array<() => Command> = [validateCommand, schemaCommand, stageCommand, taxonomyCommand];
