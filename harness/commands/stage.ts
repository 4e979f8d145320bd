import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { paramTable, protocolDescriptions, protocols, type ParamName } from '../../analysis/stage/params.ts';
import { buildPopulation } from '../../analysis/stage/population.ts';
import { simulate } from '../../analysis/stage/simulate.ts';
import { compare, comparisonTable } from '../../analysis/stage/summary.ts';
import { stageChartHtml } from '../../reports/stage-chart.ts';
import { flagOf, loadStageConfig } from '../stage-config.ts';

export function stageCommand(): Command {
  return new Command('stage')
    .description('Mirage-style staged deployment: fingerprint machines, cluster them, simulate staged roll-outs')
    .addCommand(simulateCommand());
}

function simulateCommand(): Command {
  const command = new Command('simulate')
    .description('Simulate deploying an upgrade to a clustered population under each protocol (event-driven)')
    .option('--config <file.yaml>', 'parameters from a YAML file (keys as in the table below, plus protocols: [...]); flags override it')
    .option('--protocol <list>', `comma-separated protocols (default: all of ${protocols.join(', ')})`)
    .option('--html <file>', 'write the chart of overhead against completion time (chart.js, self-contained)')
    .option('--json', 'print the results (with time series) as JSON');
  for (const p of paramTable()) {
    command.addOption(new Option(`${flagOf(p.name)} <value>`, `${p.description} [default: ${p.default}]`));
  }
  command.addHelpText(
    'after',
    `\nProtocols:\n${protocols.map((p) => `  ${p.padEnd(11)} ${protocolDescriptions[p]}`).join('\n')}\n` +
      '\nLists on the command line: --cluster-sizes 500,300,200  --problem-clusters "0,1;2" (problem 0 in clusters 0 and 1, problem 1 in cluster 2).\n' +
      'Times are minutes. Exit 2 on bad parameters.',
  );
  return command.action(async (options: Record<string, string | boolean | undefined>) => {
    const flags: Partial<Record<ParamName, string>> = {};
    for (const p of paramTable()) if (typeof options[p.name] === 'string') flags[p.name] = options[p.name] as string;
    const { params, protocols: chosen } = await loadStageConfig(options.config as string | undefined, flags, options.protocol as string | undefined);

    const population = buildPopulation(params);
    const results = chosen.map((protocol) => simulate(population, params, protocol));
    const rows = compare(results);
    if (typeof options.html === 'string') {
      await mkdir(dirname(options.html), { recursive: true });
      await writeFile(options.html, await stageChartHtml(params, results));
    }
    if (options.json) {
      console.log(JSON.stringify({ params, population: { clusterSizes: population.clusterSizes, misplaced: population.misplaced }, comparison: rows, results }, null, 2));
      return;
    }
    console.log(`${population.machines.toLocaleString('en-US')} machines in ${population.clusterSizes.length} clusters (${population.misplaced} misplaced), seed ${params.seed}`);
    results[0]?.problems.forEach((p, i) =>
      console.log(`problem ${i}: clusters ${p.clusters.join(', ')}${p.escapes.length ? `; testing misses it in ${p.escapes.join(', ')}` : ''}`),
    );
    console.log(`\n${comparisonTable(rows)}`);
    if (typeof options.html === 'string') console.log(`\nchart: ${options.html}`);
  });
}
