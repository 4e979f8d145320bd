import { Command } from 'commander';
import { loadInputFile } from '../campaign/load.ts';
import { ExitCode } from '../exit-codes.ts';
import type { InputIssue } from '../input-issues.ts';
import { formatIssue } from '../scenario/load.ts';
import { type Dropped, droppedLine } from '../campaign/expand.ts';

interface Checked {
  file: string;
  kind: 'scenario' | 'campaign';
  valid: boolean;
  issues: InputIssue[];
  /** A campaign's runs and baselines, and the combinations it names that cannot run, with why. */
  runs?: number;
  baselines?: number;
  dropped?: Dropped[];
}

/** Checks one file: a campaign when it has base or faults, else a scenario. */
async function check(file: string): Promise<Checked> {
  const input = await loadInputFile(file);
  if (input.kind === 'scenario') return { file, kind: 'scenario', valid: input.result.ok, issues: input.result.ok ? [] : input.result.issues };
  const r = input.result;
  if (!r.ok) return { file, kind: 'campaign', valid: false, issues: r.issues };
  return { file, kind: 'campaign', valid: true, issues: [], runs: r.plan.runs.length, baselines: r.plan.baselines, dropped: r.plan.dropped };
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check scenario and campaign files against their schemas and the strategies; exit 0 when all are valid, 2 otherwise')
    .argument('<files...>', 'scenario or campaign YAML files (a campaign has base and faults)')
    .option('--json', 'print the result as JSON')
    .action(async (files: string[], options: { json?: boolean }) => {
      const results = await Promise.all(files.map(check));
      if (options.json) {
        console.log(JSON.stringify(results, null, 2));
      } else {
        for (const r of results) {
          if (!r.valid) console.error(`FAIL ${r.file}\n${r.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
          else if (r.kind === 'scenario') console.log(`ok   ${r.file}`);
          else {
            console.log(`ok   ${r.file} (campaign: ${r.runs} runs, ${r.baselines} of them baselines)`);
            for (const d of r.dropped ?? []) console.log(`     ${droppedLine(d)}`);
          }
        }
      }
      if (results.some((r) => !r.valid)) process.exitCode = ExitCode.badInput;
    });
}
