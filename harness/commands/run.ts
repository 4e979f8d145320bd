import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { RunJson } from '../../analysis/measure/journal-schema.ts';
import { junitReport } from '../../reports/junit.ts';
import { markdownSummary } from '../../reports/markdown.ts';
import { connectEngine } from '../docker.ts';
import { badInput, ExitCode } from '../exit-codes.ts';
import { ensureImages, imagesFor } from '../images.ts';
import { progressDisplay } from '../progress/index.ts';
import { runOnce } from '../run.ts';
import type { ScenarioResult, SingleRun } from '../run-result.ts';
import { formatIssue, loadScenarioFile } from '../scenario/load.ts';
import { planScenarioRuns, type ScenarioJob } from '../shared-baselines.ts';
import { integer } from './options.ts';

export function runCommand(): Command {
  return new Command('run')
    .description(
      'Run scenarios: testbed up, load, upgrade, checks, impacts, journal, teardown (every file is validated before anything starts). Fault scenarios with the same fault-free twin share one baseline, and a fault-free scenario among the files serves as it',
    )
    .argument('<files...>', 'scenario YAML files')
    .option('--json', 'print a JSON array with one summary per scenario on stdout')
    .option('--results <dir>', 'where run journals go', 'results')
    .option('--junit <file>', 'also write a JUnit XML report (one test case per scenario, failed where an SLO broke)')
    .option('--markdown <file>', 'also write a Markdown summary (for a CI job page)')
    .option('--trials <n>', "run every scenario n times (instead of each scenario's trials)", integer(1, 1000))
    .option('--quiet', 'print no progress: only the results and errors')
    .action(async (files: string[], options: { json?: boolean; results: string; junit?: string; markdown?: string; trials?: number; quiet?: boolean }) => {
      const loaded = await Promise.all(files.map(loadScenarioFile));
      const invalid = loaded.flatMap((r) => (r.ok ? [] : r.issues.map(formatIssue)));
      if (invalid.length > 0) throw badInput(`invalid scenarios, nothing was started:\n${invalid.join('\n')}`);

      const scenarios = loaded.flatMap((r) => (r.ok ? [{ scenario: r.scenario, file: r.file }] : []));
      const jobs: ScenarioJob[] = scenarios.flatMap(({ scenario, file }) => Array.from({ length: options.trials ?? scenario.trials }, (_, i) => ({ scenario, file, trial: i + 1 })));
      const docker = await connectEngine();
      const results: ScenarioResult[] = [];
      const baselines = new Map<string, SingleRun>();
      // On a terminal a live region, otherwise plain lines (stderr); cleared before a result or an error is printed.
      const display = progressDisplay({ quiet: options.quiet });
      try {
        await ensureImages(docker, imagesFor(scenarios.flatMap(({ scenario }) => [scenario.testbed.from, scenario.testbed.to])), display);
        for (const step of planScenarioRuns(jobs)) {
          const o = { docker, resultsDir: options.results, progress: display };
          if (step.kind === 'baseline') {
            baselines.set(step.key, await runOnce({ ...o, scenario: step.scenario, file: step.file }, 'baseline'));
            continue;
          }
          const { scenario, file } = step.job;
          const baseline = step.baseline === undefined ? undefined : baselines.get(step.baseline);
          const run = await runOnce({ ...o, scenario, file }, 'run', baseline);
          if (step.serves !== undefined) baselines.set(step.serves, run);
          const result: ScenarioResult = baseline ? { ...run, baseline } : run;
          results.push(result);
          display.clear();
          if (!options.json) printResult(result);
        }
      } finally {
        display.close();
      }
      if (options.json) console.log(JSON.stringify(results.map(jsonSummary), null, 2));
      const journals = [...new Set(results.flatMap((r) => [r.journal, ...(r.baseline ? [r.baseline.journal] : [])]))];
      if (options.junit) await writeFile(options.junit, junitReport(journals));
      if (options.markdown) await writeFile(options.markdown, markdownSummary(journals));
      // Unknown (no samples, invalid run) never reads as green.
      if (results.some((r) => r.slo.verdict !== 'pass')) process.exitCode = ExitCode.sloBroken;
    });
}

/** The --json fields: the journal contract's `runJsonSchema` (docs/measurement.md: "bench run --json"). */
function jsonSummary(r: ScenarioResult): RunJson {
  const one = (s: SingleRun): Omit<RunJson, 'baseline'> => ({
    run_id: s.run_id,
    scenario: s.scenario,
    file: s.file,
    journal: s.journal,
    valid: s.valid,
    invalid_reasons: s.invalid_reasons,
    slo: { verdict: s.slo.verdict, checks: s.slo.checks },
    summary: s.summary,
    impacts: s.impacts,
    unreported_impacts: s.unreported_impacts,
    findings: s.findings,
    upgrade: s.upgrade,
    windows: s.measurement.windows,
    cross_check: s.cross_check,
    self_check: s.self_check,
  });
  return { ...one(r), baseline: r.baseline ? one(r.baseline) : undefined };
}

const fmt = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));

function printResult(r: ScenarioResult) {
  const verdict = !r.valid ? 'INVALID' : r.slo.verdict === 'pass' ? 'PASS' : r.slo.verdict === 'fail' ? 'FAIL' : 'UNKNOWN';
  console.log(`${verdict} ${r.scenario} (${r.file}) run ${r.run_id}`);
  if (!r.valid) for (const reason of r.invalid_reasons) console.log(`  invalid: ${reason}`);
  for (const warning of r.self_check.warnings) console.log(`  warning: ${warning}`);
  const s = r.summary;
  const self = r.self_check;
  const load = self.loop === 'open' ? `open loop, ${self.intended_rps} req/s intended, ${self.achieved_rps} sent` : `closed loop, ${self.achieved_rps} req/s`;
  console.log(`  load:     ${load}; bench CPU ${(100 * self.cpu.mean).toFixed(0)}% of a core`);
  console.log(`  requests: ${s.requests}, ${s.errors} errors, ${fmt(s.throughput_rps, 1)} successful req/s`);
  const l = s.latency_ms;
  console.log(`  latency:  p50 ${fmt(l.p50)} ms, p90 ${fmt(l.p90)} ms, p99 ${fmt(l.p99)} ms, p99.9 ${fmt(l.p99_9)} ms, p99.99 ${fmt(l.p99_99)} ms, max ${fmt(l.max)} ms`);
  console.log(
    `  outages:  ${s.outages.length === 0 ? 'none' : `${s.outages.length}, ${s.outage_s.toFixed(1)} s: ${s.outages.map((o) => `${o.start_s.toFixed(1)}-${o.end_s.toFixed(1)} s`).join(', ')}`}`,
  );
  const lost = s.lost_writes === null ? 'lost: not measured (fewer than 10 at risk)' : `${s.lost_writes} lost, ${s.changed_writes} changed`;
  console.log(`  writes:   ${s.acknowledged_writes} acknowledged, ${s.writes_at_risk} at risk; ${lost}${s.unknown_writes ? `, ${s.unknown_writes} not readable` : ''}`);
  const steps = r.upgrade.steps.map((x) => `${x.name} ${x.start_s.toFixed(1)}-${x.end_s.toFixed(1)} s ${x.outcome}`).join(', ');
  console.log(`  upgrade:  ${r.upgrade.strategy}: ${r.upgrade.outcome}${r.upgrade.reason ? ` (${r.upgrade.reason.split('\n')[0]})` : ''}${steps ? `; ${steps}` : ''}`);
  for (const w of r.measurement.windows.filter((x) => x.name !== 'all' && x.end_s - x.start_s >= 0.5)) {
    console.log(
      `  ${w.name.padEnd(8)}  ${w.start_s.toFixed(1)}-${w.end_s.toFixed(1)} s: ${fmt(w.throughput_rps, 1)} req/s ok, errors ${fmt(w.error_rate === null ? null : 100 * w.error_rate, 2)}%, p50 ${fmt(w.latency_ms.p50)} ms, p99 ${fmt(w.latency_ms.p99)} ms`,
    );
  }
  if (r.impacts.length === 0)
    console.log(
      `  impacts:  none${r.unreported_impacts?.length ? ` reported (invalid run; seen: ${r.unreported_impacts.join(', ')})` : ''}${r.baseline ? ` against baseline ${r.baseline.run_id}` : ''}`,
    );
  for (const impact of r.impacts) console.log(`  impact:   ${impact.name} (${impact.cause}): ${impact.evidence.join('; ')}`);
  for (const f of r.findings) console.log(`  finding:  ${f.name} (${f.severity}, ${f.cause}): ${f.evidence}`);
  for (const c of r.slo.checks) console.log(`  SLO ${c.name.padEnd(12)} ${c.verdict}: ${c.detail}`);
  for (const a of r.cross_check)
    console.log(
      `  vs HAProxy ${a.kind}: p50 ${a.bench_ms.p50.toFixed(1)} vs ${a.haproxy_ms.p50.toFixed(1)} ms, p99 ${a.bench_ms.p99.toFixed(1)} vs ${a.haproxy_ms.p99.toFixed(1)} ms (${a.matched} requests)`,
    );
  console.log(`  journal:  ${r.journal}`);
  console.log(`  hlog:     ${r.journal.replace(/journal\.json$/, 'latency.hlog')} (HdrHistogram log: latency histograms per second, µs)`);
}
