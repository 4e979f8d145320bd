import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { scenarioJsonSchema } from '../scenario/schema.ts';

export const schemaFile = new URL('../../scenarios/schema.json', import.meta.url);

export const renderedJsonSchema = () => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;

export function schemaCommand(): Command {
  return new Command('schema')
    .description('Print the scenario JSON Schema (generated from the one schema in harness/scenario/schema.ts)')
    .option('--write', 'write it to scenarios/schema.json instead')
    .action(async (options: { write?: boolean }) => {
      if (options.write) await writeFile(schemaFile, renderedJsonSchema());
      else process.stdout.write(renderedJsonSchema());
    });
}
