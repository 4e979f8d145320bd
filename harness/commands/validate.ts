import { Command } from 'commander';
import { ExitCode } from '../exit-codes.ts';
import { formatIssue, loadScenarioFile } from '../scenario/load.ts';

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check scenario files against the schema and the strategies; exit 0 when all are valid, 2 otherwise')
    .argument('<files...>', 'scenario YAML files')
    .option('--json', 'print the result as JSON')
    .action(async (files: string[], options: { json?: boolean }) => {
      const results = await Promise.all(files.map(loadScenarioFile));
      if (options.json) {
        console.log(
          JSON.stringify(
            results.map((r) => ({ file: r.file, valid: r.ok, issues: r.ok ? [] : r.issues })),
            null,
            2,
          ),
        );
      } else {
        for (const r of results) {
          if (r.ok) console.log(`ok   ${r.file}`);
          else console.error(`FAIL ${r.file}\n${r.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
        }
      }
      if (results.some((r) => !r.ok)) process.exitCode = ExitCode.badInput;
    });
}
