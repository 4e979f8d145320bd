import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { shardOf } from '../campaign/expand.ts';
import { campaignOrThrow, loadCampaignFile } from '../campaign/load.ts';
import { campaignDir, sweep, type SweepOutcome, writePlan } from '../campaign/sweep.ts';
import { connectEngine } from '../docker.ts';
import { ExitCode } from '../exit-codes.ts';
import { ensureImages, imagesFor } from '../images.ts';
import { progressDisplay } from '../progress/index.ts';
import { parseShard } from './options.ts';

export function sweepCommand(): Command {
  return new Command('sweep')
    .description(
      'Run a campaign (or one shard of it) one run at a time into <results>/<campaign>/<plan id>/; runs with a complete journal are skipped, so the same command after Ctrl-C or a failure continues where it stopped',
    )
    .argument('<campaign>', 'campaign YAML file')
    .option('--shard <i/n>', 'run only the i-th of n shards (every machine computes the same split; bench plan --shard shows it)', parseShard)
    .option('--results <dir>', 'where the campaign directory goes', 'results')
    .option('--retry-invalid', 'also run again the runs that finished but are invalid (the load generator fell behind on a busy host...)')
    .option('--json', 'print {campaign, shard, dir, runs: [{id, outcome, journal, ...}], estimate_s, wall_s} on stdout')
    .option('--quiet', 'print no progress: only the results and errors')
    .action(async (file: string, options: { shard?: { shard: number; of: number }; results: string; retryInvalid?: boolean; json?: boolean; quiet?: boolean }) => {
      const { campaign, base, plan: whole } = campaignOrThrow(await loadCampaignFile(file));
      const plan = options.shard ? shardOf(whole, options.shard.shard, options.shard.of) : whole;
      const docker = await connectEngine();
      writePlan(campaignDir(options.results, whole.campaign), whole);
      const display = progressDisplay({ quiet: options.quiet });
      const started = performance.now();
      let outcomes: SweepOutcome[];
      try {
        await ensureImages(docker, imagesFor([base.testbed.from, base.testbed.to]), display);
        outcomes = await sweep({
          docker,
          campaign,
          base,
          file,
          plan,
          resultsDir: options.results,
          retryInvalid: options.retryInvalid,
          progress: display,
          onOutcome: (o, i) => {
            display.clear();
            if (!options.json) console.log(outcomeLine(o, i, plan.runs.length));
          },
        });
      } finally {
        display.close();
      }
      const wall_s = Math.round((performance.now() - started) / 1000);
      const dir = campaignDir(options.results, plan.campaign);
      const count = (what: SweepOutcome['outcome']) => outcomes.filter((o) => o.outcome === what).length;
      const unfinished = count('failed') + count('blocked');
      if (options.json) {
        const runs = outcomes.map((o) =>
          o.outcome === 'ran' ? { id: o.id, outcome: o.outcome, journal: o.journal, slo: o.run.slo.verdict, impacts: o.run.summary.impacts, outage_s: o.run.summary.outage_s } : o,
        );
        console.log(JSON.stringify({ campaign: plan.campaign, shard: options.shard ?? null, dir, runs, estimate_s: plan.estimate_s, wall_s }, null, 2));
      } else {
        const ran = plan.runs.filter((r) => outcomes.some((o) => o.id === r.id && (o.outcome === 'ran' || o.outcome === 'failed')));
        const estimate = ran.reduce((sum, r) => sum + (plan.run_s[r.strategy] ?? 0), 0);
        console.log(
          `campaign ${plan.campaign}${options.shard ? ` shard ${options.shard.shard}/${options.shard.of}` : ''}: ${count('ran')} ran, ${count('skipped')} skipped (complete), ${unfinished} unfinished, in ${minutes(wall_s)} (estimated: ${minutes(estimate)})`,
        );
        console.log(`  results: ${dir}   report: bench report ${dir}`);
        if (unfinished) console.log('  run the same command again to retry the unfinished runs');
      }
      if (unfinished) process.exitCode = ExitCode.infrastructure;
    });
}

const minutes = (s: number) => `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

function outcomeLine(o: SweepOutcome, i: number, of: number): string {
  const where = `[${i + 1}/${of}] ${o.id}`;
  if (o.outcome === 'skipped') return `${where}: skipped, complete (${o.journal})`;
  if (o.outcome !== 'ran') return `${where}: ${o.outcome.toUpperCase()}: ${o.error.split('\n')[0]}`;
  const s = o.run.summary;
  const impacts = o.run.impacts.length ? o.run.impacts.map((x) => `${x.name} (${x.cause})`).join(', ') : 'no impacts';
  return `${where}: ${o.run.slo.verdict.toUpperCase()}${o.run.valid ? '' : ' INVALID'}; upgrade ${o.run.upgrade.outcome}; outage ${s.outage_s.toFixed(1)} s; ${impacts}`;
}
