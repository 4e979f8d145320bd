import { Command } from 'commander';
import { formatPlan, planOf } from '../plan.ts';
import { loadScenarioOrThrow } from '../scenario/load.ts';

export function planCommand(): Command {
  return new Command('plan')
    .description('Print the steps a scenario will run, with the injection points and the fault; starts nothing')
    .argument('<scenario>', 'scenario YAML file')
    .option('--json', 'print the plan as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const plan = planOf(await loadScenarioOrThrow(file));
      console.log(options.json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    });
}
