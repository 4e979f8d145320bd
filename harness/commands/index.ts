import type { Command } from 'commander';
import { compareCommand } from './compare.ts';
import { doctorCommand } from './doctor.ts';
import { downCommand } from './down.ts';
import { exportCommand } from './export.ts';
import { faultsCommand } from './faults.ts';
import { imagesCommand } from './images.ts';
import { planCommand } from './plan.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { schemaCommand } from './schema.ts';
import { stageCommand } from './stage.ts';
import { sweepCommand } from './sweep.ts';
import { taxonomyCommand } from './taxonomy.ts';
import { upCommand } from './up.ts';
import { validateCommand } from './validate.ts';

/** Every command of the CLI, in the order `bench --help` lists them. */
export const commands: Array<() => Command> = [
  runCommand,
  sweepCommand,
  reportCommand,
  compareCommand,
  exportCommand,
  validateCommand,
  faultsCommand,
  planCommand,
  upCommand,
  downCommand,
  imagesCommand,
  doctorCommand,
  taxonomyCommand,
  stageCommand,
  schemaCommand,
];
