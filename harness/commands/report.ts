import { resolve } from 'node:path';
import { Command } from 'commander';
import { type CampaignPlanFile, reportSummary } from '../../analysis/statistics/campaign.ts';
import type { RunView } from '../../analysis/statistics/journal-view.ts';
import { exportFigures } from '../../reports/figures.ts';
import { findJournals, readPlansBeside, readRunViews } from '../../reports/journal-files.ts';
import { renderHtml } from '../../reports/html.ts';
import { junitReport } from '../../reports/junit.ts';
import { markdownSummary } from '../../reports/markdown.ts';
import { badInput } from '../exit-codes.ts';
import { writeFlagFile } from './options.ts';

/** Reads the journals under the given paths; a missing path or a file that is no journal is bad input. */
export function loadRuns(paths: readonly string[]): RunView[] {
  let runs: RunView[];
  try {
    runs = readRunViews(paths);
  } catch (error) {
    throw badInput((error as Error).message);
  }
  if (runs.length === 0) throw badInput(`no journal.json under ${paths.join(', ')}`);
  return runs;
}

/** The plan.json of each campaign whose runs are under the paths (bench sweep writes it); a malformed one is bad input. */
export function loadPlans(paths: readonly string[]): CampaignPlanFile[] {
  try {
    return readPlansBeside(findJournals(paths));
  } catch (error) {
    throw badInput((error as Error).message);
  }
}

export function reportCommand(): Command {
  return new Command('report')
    .description("Render one self-contained HTML report (charts, impact matrix, trial statistics; a campaign's shards merged) from run journals; needs no Docker")
    .argument('<results...>', 'results directories, run directories or journal.json files')
    .option('--out <file>', 'where the HTML goes', 'report.html')
    .option('--title <text>', 'the report title')
    .option('--junit <file>', 'also write JUnit XML (one test case per scenario, failed where an SLO broke)')
    .option('--markdown <file>', 'also write the Markdown summary (for a CI job page)')
    .option('--figures <dir>', "also write every chart as a 300 dpi PNG into <dir>, <run-id>-<chart>.png (drawn in Debian's chromium)")
    .option('--json', "also print the summary on stdout: each campaign's runs merged (cells, heatmaps, class comparisons, baselines), the other runs counted per scenario")
    .action(async (paths: string[], options: { out: string; title?: string; junit?: string; markdown?: string; figures?: string; json?: boolean }) => {
      const runs = loadRuns(paths);
      const plans = loadPlans(paths);
      const out = resolve(options.out);
      writeFlagFile('--out', out, renderHtml(runs, { title: options.title, plans }));
      if (options.junit) writeFlagFile('--junit', options.junit, junitReport(runs, { timestamp: new Date().toISOString() }));
      if (options.markdown) writeFlagFile('--markdown', options.markdown, markdownSummary(runs, { title: options.title, plans }));
      if (options.json) console.log(JSON.stringify(reportSummary(runs, plans), null, 2));
      const incomplete = runs.filter((r) => !r.complete).length;
      console.error(`report: ${runs.length} run(s)${incomplete ? `, ${incomplete} incomplete` : ''} -> ${out}`);
      if (options.figures) {
        const figures = await exportFigures(runs, options.figures, { title: options.title, plans });
        for (const f of figures) console.error(`figure: ${f.file} (${f.width}x${f.height} px)`);
      }
    });
}
