import { Command } from 'commander';
import { type CampaignPlan, droppedLine, shardOf } from '../campaign/expand.ts';
import { campaignOrThrow, loadInputFile } from '../campaign/load.ts';
import { badInput } from '../exit-codes.ts';
import { formatPlan, planOf } from '../plan.ts';
import { scenarioOrThrow } from '../scenario/load.ts';
import { parseShard } from './options.ts';

export function planCommand(): Command {
  return new Command('plan')
    .description(
      "Print what a scenario or a campaign will run, starting nothing: a scenario's steps with their injection points and the fault; a campaign's runs, baselines, what it dropped and why, and an estimate",
    )
    .argument('<file>', 'scenario or campaign YAML file')
    .option('--json', 'print the plan as JSON')
    .option('--shard <i/n>', "a campaign's i-th of n shards (the runs one machine of n takes)", parseShard)
    .action(async (file: string, options: { json?: boolean; shard?: { shard: number; of: number } }) => {
      const input = await loadInputFile(file);
      if (input.kind === 'campaign') {
        const { plan: whole } = campaignOrThrow(input.result);
        const plan = options.shard ? shardOf(whole, options.shard.shard, options.shard.of) : whole;
        console.log(options.json ? JSON.stringify(plan, null, 2) : formatCampaignPlan(plan, options.shard));
        return;
      }
      if (options.shard) throw badInput(`--shard: ${file} is a scenario, not a campaign`);
      const plan = planOf(scenarioOrThrow(input.result));
      console.log(options.json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    });
}

function formatCampaignPlan(plan: CampaignPlan, shard?: { shard: number; of: number }): string {
  const minutes = Math.round(plan.estimate_s / 60);
  const lines = [
    `campaign ${plan.campaign}${shard ? ` (shard ${shard.shard} of ${shard.of})` : ''}: ${plan.runs.length} runs, ${plan.baselines} of them fault-free baselines, about ${minutes} min one after another`,
  ];
  for (const r of plan.runs) lines.push(r.kind === null ? `  ${r.id}` : `    ${r.id}  (${r.kind} at ${r.at}; baseline ${r.baseline})`);
  for (const d of plan.dropped) lines.push(`  ${droppedLine(d)}`);
  return lines.join('\n');
}
