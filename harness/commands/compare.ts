import { Command } from 'commander';
import { compareMarkdown, compareResults, compareText } from '../../reports/compare.ts';
import { integer } from './options.ts';
import { loadRuns } from './report.ts';

export function compareCommand(): Command {
  return new Command('compare')
    .description("What changed significantly between two result sets (SLO verdicts, impacts, metrics with Mann-Whitney U and Cliff's delta); needs no Docker")
    .argument('<baseline-results>', 'the earlier results directory (or run directory, or journal.json)')
    .argument('<new-results>', 'the later results directory')
    .option('--json', 'print the comparison as JSON')
    .option('--markdown', 'print the comparison as Markdown')
    .option('--seed <n>', 'seed of the bootstrap intervals', integer(), 1)
    .action((before: string, after: string, options: { json?: boolean; markdown?: boolean; seed: number }) => {
      const result = compareResults(loadRuns([before]), loadRuns([after]), options.seed);
      if (options.json) console.log(JSON.stringify(result, null, 2));
      else if (options.markdown) console.log(compareMarkdown(result));
      else process.stdout.write(compareText(result));
    });
}
