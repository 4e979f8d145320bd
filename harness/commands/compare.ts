import { Command } from 'commander';
import { compareMarkdown, compareResults, compareText } from '../../reports/compare.ts';
import { impactScale, metricScales, noiseRule } from '../../analysis/statistics/beyond-noise.ts';
import { metricNames } from '../../analysis/statistics/trials.ts';
import { ExitCode } from '../exit-codes.ts';
import { integer } from './options.ts';
import { loadRuns } from './report.ts';

const { alpha, minDelta } = noiseRule;
const floors = Object.entries(metricScales)
  .map(([metric, { floor, unit }]) => `${metric} ${floor.abs} ${unit}${floor.rel ? `, ${100 * floor.rel}%` : ''}`)
  .join(';\n      ');
const gateHelp = `
--fail-on-regression exits 1 when, in a scenario both sides ran, something got worse beyond its noise:
  - its SLO verdict is fail in the new results and was not in the baseline (pass -> fail, unknown -> fail);
  - a metric (${metricNames.join(', ')}), or an impact (1 in a trial that showed it, 0 in one
    that did not), moved toward worse:
      tested, when a one-sided exact test can reach p < ${alpha} (1 vs 20, 2 vs 5, 3 vs 4 trials or more):
        one-sided Mann-Whitney U p < ${alpha}, Cliff's delta toward worse >= ${minDelta}, and the median moved
        by at least the absolute floor;
      untested, with fewer trials: every new trial worse than every baseline trial, and the median moved
        by at least the absolute floor and the relative floor x the baseline's median.
    Floors (absolute, relative):
      ${floors};
    an impact ${impactScale.floor.abs} (its median goes 0 -> 1: most new trials show it, most baseline trials do not).
It prints the regressions on stderr; otherwise it exits 0. Bad input (a path, a journal) exits 2.`;

export function compareCommand(): Command {
  return new Command('compare')
    .description("What changed beyond its noise between two result sets (SLO verdicts, impacts, metrics with one-sided Mann-Whitney U and Cliff's delta); needs no Docker")
    .argument('<baseline-results>', 'the earlier results directory (or run directory, or journal.json)')
    .argument('<new-results>', 'the later results directory')
    .option('--json', 'print the comparison as JSON')
    .option('--markdown', 'print the comparison as Markdown')
    .option('--fail-on-regression', 'exit 1 when something got worse beyond its noise (the rule below), for a CI gate')
    .option('--seed <n>', 'seed of the bootstrap intervals', integer(), 1)
    .addHelpText('after', gateHelp)
    .action((before: string, after: string, options: { json?: boolean; markdown?: boolean; failOnRegression?: boolean; seed: number }) => {
      const result = compareResults(loadRuns([before]), loadRuns([after]), options.seed);
      if (options.json) console.log(JSON.stringify(result, null, 2));
      else if (options.markdown) console.log(compareMarkdown(result));
      else process.stdout.write(compareText(result));
      if (options.failOnRegression && result.regressed) {
        console.error(`compare: ${result.regressions.length} regression(s) beyond noise:\n${result.regressions.map((r) => `  ${r}`).join('\n')}`);
        process.exitCode = ExitCode.regressed;
      }
    });
}
