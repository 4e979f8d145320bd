/**
 * The Markdown summary for a CI job page ($GITHUB_STEP_SUMMARY and the like): one line per
 * scenario with its verdict, the figures that matter, the impact matrix, and what broke; runs of a
 * campaign get its merged tables first (./campaign-markdown.ts).
 *
 * `markdownSummary(journals)` takes journal.json paths or views.
 */
import type { RunView } from '../analysis/statistics/journal-view.ts';
import { groupTrials, impactMatrix } from '../analysis/statistics/trials.ts';
import { type CampaignPlanFile, campaignSummaries } from '../analysis/statistics/campaign.ts';
import { campaignMarkdown } from './campaign-markdown.ts';
import { scenarioCases, toViews, type JournalInput } from './junit.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const fmt = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
const icon = { pass: '✅ pass', fail: '❌ FAIL', unknown: '⚠️ unknown' } as const;

export function markdownSummary(journals: readonly JournalInput[], options: { title?: string; plans?: CampaignPlanFile[] } = {}): string {
  const views: RunView[] = toViews(journals);
  const cases = scenarioCases(views);
  const trials = groupTrials(views);
  const out: string[] = [`## ${options.title ?? 'bench results'}`, ''];
  const failed = cases.filter((c) => c.failed.length > 0).length;
  const unknown = cases.filter((c) => c.failed.length === 0 && (c.unknown.length > 0 || c.runs.length === 0)).length;
  out.push(`${cases.length} scenario(s): ${cases.length - failed - unknown} passed, ${failed} broke an SLO, ${unknown} unknown.`, '');
  // A campaign's merged tables come before its runs, one row each.
  for (const c of campaignSummaries(views, options.plans)) out.push(...campaignMarkdown(c));
  out.push(
    '| scenario | strategy | fault | verdict | trials | outage s (mean) | errors (mean) | p99 ms (median) | ok req/s (mean) | lost writes | impacts |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const c of cases) {
    const g = trials.find((t) => t.scenario === c.scenario && t.role === 'run');
    const verdict = c.failed.length > 0 ? icon.fail : c.unknown.length > 0 || c.runs.length === 0 ? icon.unknown : icon.pass;
    const incomplete = c.runs.filter((r) => !r.complete).length;
    const impacts = g
      ? Object.entries(g.impacts)
          .map(([k, v]) => `${k} (${v}/${c.runs.length})`)
          .join(', ')
      : '';
    out.push(
      `| ${cell(c.scenario)} | ${c.strategy} | ${cell(c.fault)} | ${verdict} | ${c.runs.length}${incomplete ? ` (${incomplete} incomplete)` : ''} | ${fmt(g?.stats.outage_s.mean)} | ${fmt(g?.stats.errors.mean, 0)} | ${fmt(g?.stats.p99_ms.median, 0)} | ${fmt(g?.stats.throughput_rps.mean)} | ${fmt(g?.stats.lost_writes.mean, 0)} | ${cell(impacts || 'none')} |`,
    );
  }
  const m = impactMatrix(views);
  if (m.cells.length > 0) {
    out.push('', '### Impact matrix (strategy × fault class)', '', `| strategy | ${m.faultClasses.join(' | ')} |`, `|---|${m.faultClasses.map(() => '---').join('|')}|`);
    for (const s of m.strategies) {
      out.push(
        `| ${s} | ${m.faultClasses
          .map((f) => {
            const c = m.cells.find((x) => x.strategy === s && x.fault_class === f);
            if (!c) return '';
            const names = Object.entries(c.impacts).map(([k, v]) => `${k} ${v}/${c.runs}`);
            return cell(names.length ? names.join(', ') : `none (${c.runs})`);
          })
          .join(' | ')} |`,
      );
    }
  }
  const broken = cases.flatMap((c) => [...c.failed, ...c.unknown]);
  if (broken.length > 0) {
    out.push('', '### What broke', '');
    for (const r of broken) {
      out.push(
        `- **${r.scenario}** \`${r.run_id}\`${r.complete ? '' : ' (incomplete)'}: ${r.slo.checks
          .filter((c) => c.verdict !== 'pass')
          .map((c) => `${c.name} ${c.verdict}: ${c.detail}`)
          .join('; ')}`,
      );
      for (const i of r.impacts) out.push(`  - ${i.name} (${i.cause}): ${i.evidence.slice(0, 2).join('; ')}`);
    }
  }
  out.push('');
  return out.join('\n');
}
