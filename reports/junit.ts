/**
 * JUnit XML for CI: one test case per scenario (its trials together), failed where an SLO broke
 * in any trial. Three-valued like the SLO: a trial whose verdict is unknown (invalid run, nothing
 * measured, killed run) is a JUnit <error>, never a pass. Baseline runs are not test cases; they
 * are named in the system-out of the cases they serve. A campaign's runs are each a scenario of
 * their own (`<campaign>.<plan id>`): one case per run.
 *
 * `junitReport(journals)` takes journal.json paths or views (analysis/statistics/journal-view.ts).
 */
import type { RunView } from '../analysis/statistics/journal-view.ts';
import { readRunView } from './journal-files.ts';

export type JournalInput = string | RunView;
export const toViews = (journals: readonly JournalInput[]): RunView[] => journals.map((j) => (typeof j === 'string' ? readRunView(j) : j));

// XML 1.0 forbids most control characters even as references: drop them.
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
export const xmlEscape = (s: string) => clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export interface ScenarioCase {
  scenario: string;
  strategy: string;
  fault: string;
  runs: RunView[];
  baselines: RunView[];
  failed: RunView[];
  unknown: RunView[];
  seconds: number;
}

/**
 * Scenarios in first-seen order, their runs and their verdicts. A shared baseline (a campaign's,
 * named after its own plan id, or one serving runs of other scenarios) is no case of its own: it
 * is named in the cases of the runs measured against it.
 */
export function scenarioCases(views: readonly RunView[]): ScenarioCase[] {
  const served = new Set(views.filter((v) => v.role === 'run').map((v) => v.baseline_run_id));
  const shared = (v: RunView) => v.role === 'baseline' && (v.campaign !== undefined || served.has(v.run_id));
  const names = [...new Set(views.map((v) => v.scenario))].filter((name) => views.some((v) => v.scenario === name && !shared(v)));
  return names.map((scenario) => {
    const runs = views.filter((v) => v.scenario === scenario && v.role === 'run');
    const theirs = new Set(runs.map((r) => r.baseline_run_id));
    const baselines = views.filter((v) => v.role === 'baseline' && (v.scenario === scenario || theirs.has(v.run_id)));
    const first = runs[0] ?? baselines[0]!;
    return {
      scenario,
      strategy: first.strategy,
      fault: first.fault_kind ? `${first.fault_class}/${first.fault_kind}` : 'none',
      runs,
      baselines,
      failed: runs.filter((r) => r.slo.verdict === 'fail'),
      unknown: runs.filter((r) => r.slo.verdict === 'unknown'),
      seconds: [...runs, ...baselines].reduce((s, r) => s + r.load_end_s, 0),
    };
  });
}

const brokenChecks = (r: RunView, verdict: 'fail' | 'unknown') => r.slo.checks.filter((c) => c.verdict === verdict).map((c) => `${c.name}: ${c.detail}`);

export function junitReport(journals: readonly JournalInput[], options: { suite?: string; timestamp?: string } = {}): string {
  const cases = scenarioCases(toViews(journals));
  const failures = cases.filter((c) => c.failed.length > 0).length;
  const errors = cases.filter((c) => c.failed.length === 0 && (c.unknown.length > 0 || c.runs.length === 0)).length;
  const total = cases.reduce((s, c) => s + c.seconds, 0);
  const suite = options.suite ?? 'bench';
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${total.toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${total.toFixed(3)}"${options.timestamp ? ` timestamp="${xmlEscape(options.timestamp)}"` : ''}>`,
  ];
  for (const c of cases) {
    lines.push(`    <testcase classname="${xmlEscape(`bench.${c.strategy}.${c.fault}`)}" name="${xmlEscape(c.scenario)}" time="${c.seconds.toFixed(3)}">`);
    if (c.failed.length > 0) {
      const detail = c.failed.flatMap((r) => [`${r.run_id}:`, ...brokenChecks(r, 'fail').map((d) => `  ${d}`), ...r.impacts.map((i) => `  impact ${i.name}: ${i.evidence[0] ?? ''}`)]);
      lines.push(
        `      <failure type="slo" message="${xmlEscape(`SLO broken in ${c.failed.length}/${c.runs.length} trial(s): ${brokenChecks(c.failed[0]!, 'fail').join('; ')}`)}">${xmlEscape(detail.join('\n'))}</failure>`,
      );
    } else if (c.runs.length === 0) {
      lines.push(`      <error type="no-run" message="only baseline runs of this scenario were found"/>`);
    } else if (c.unknown.length > 0) {
      const why = c.unknown.map((r) => `${r.run_id}: ${r.complete ? (brokenChecks(r, 'unknown')[0] ?? 'unknown') : `incomplete (${r.invalid_reasons[0] ?? r.phase})`}`);
      lines.push(`      <error type="slo-unknown" message="${xmlEscape(`SLO verdict unknown in ${c.unknown.length}/${c.runs.length} trial(s)`)}">${xmlEscape(why.join('\n'))}</error>`);
    }
    const out = [
      ...c.runs.map(
        (r) =>
          `run ${r.run_id}: SLO ${r.slo.verdict}; ${r.metrics.requests} requests, ${r.metrics.errors} errors, outage ${r.metrics.outage_s} s, p99 ${r.metrics.p99_ms ?? 'n/a'} ms; impacts: ${r.impacts.map((i) => i.name).join(', ') || 'none'}; journal ${r.dir}/journal.json`,
      ),
      ...c.baselines.map((r) => `baseline ${r.run_id}: SLO ${r.slo.verdict}; journal ${r.dir}/journal.json`),
    ];
    lines.push(`      <system-out>${xmlEscape(out.join('\n'))}</system-out>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
