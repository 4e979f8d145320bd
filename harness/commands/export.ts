import { Command } from 'commander';
import { exportCsv, OutputError } from '../../reports/csv.ts';
import { findJournals } from '../../reports/journal-files.ts';
import { badInput } from '../exit-codes.ts';

export function exportCommand(): Command {
  return new Command('export')
    .description(
      "Write the runs as CSV tables (runs, per-second timeline, requests, steps, faults, latency spectrum, impact matrix; one file per table, a run_id column) and each run's latencies as HdrHistogram .hlog/.hgrm; needs no Docker",
    )
    .argument('<results...>', 'results directories, run directories or journal.json files')
    .requiredOption('--csv <dir>', 'the directory the files go to (made if missing; files of the same name are replaced)')
    .option('--json', 'print what was written as JSON (dir, runs, files with their rows)')
    .action((paths: string[], options: { csv: string; json?: boolean }) => {
      let result: ReturnType<typeof exportCsv>;
      try {
        const journals = findJournals(paths);
        if (journals.length === 0) throw new Error(`no journal.json under ${paths.join(', ')}`);
        result = exportCsv(journals, options.csv);
      } catch (error) {
        throw badInput(`${error instanceof OutputError ? '--csv ' : ''}${(error as Error).message}`);
      }
      if (options.json) return console.log(JSON.stringify(result, null, 2));
      for (const f of result.files) console.log(`${f.path}\t${f.rows} ${f.table === 'hlog' ? 'intervals' : f.table === 'hgrm' ? 'percentiles' : 'rows'}`);
      const without = result.without_requests.length ? `; without requests.ndjson (no requests, spectrum or histograms): ${result.without_requests.join(', ')}` : '';
      console.error(`export: ${result.runs.length} run(s) -> ${result.dir}${without}`);
    });
}
