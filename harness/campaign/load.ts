/**
 * Loading a campaign file: YAML with positions, the campaign schema, each kind's params, the base
 * scenario (a file beside it, checked as any scenario, or inline, checked where it is written),
 * then the expansion, which must leave at least one run. Every problem is reported as
 * `file:line:col field.path: found X, expected Y`, as for scenarios.
 */
import { dirname, resolve } from 'node:path';
import { faultKindNamed } from '../../faults/index.ts';
import { injectionPoints } from '../../faults/strategies.ts';
import { badInput } from '../exit-codes.ts';
import { collector, formatIssue, type InputIssue, locator, reportSchemaIssue, scoped, valueAt } from '../input-issues.ts';
import { checkScenario, type LoadResult, loadScenarioFile, readInputFile, scenarioFromYaml } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { type ParsedYaml, parseYaml } from '../yaml-input.ts';
import { type CampaignPlan, expandCampaign } from './expand.ts';
import { type Campaign, campaignSchema, looksLikeCampaign } from './schema.ts';

export type CampaignLoad = { ok: true; file: string; campaign: Campaign; base: Scenario; plan: CampaignPlan } | { ok: false; file: string; issues: InputIssue[] };

export type InputLoad = { kind: 'scenario'; result: LoadResult } | { kind: 'campaign'; result: CampaignLoad };

/**
 * A scenario or a campaign file, told apart by its fields (bench validate and bench plan take
 * both): read and parsed once. A file that cannot be read or parsed is reported as a scenario.
 */
export async function loadInputFile(file: string): Promise<InputLoad> {
  const read = await readInputFile(file);
  if ('issue' in read) return { kind: 'scenario', result: { ok: false, file, issues: [read.issue] } };
  const yaml = parseYaml(read.text);
  if (yaml.ok && looksLikeCampaign(yaml.data)) return { kind: 'campaign', result: await campaignFromYaml(yaml, read.text, file) };
  return { kind: 'scenario', result: scenarioFromYaml(yaml, read.text, file) };
}

export async function loadCampaignFile(file: string): Promise<CampaignLoad> {
  const read = await readInputFile(file);
  return 'issue' in read ? { ok: false, file, issues: [read.issue] } : parseCampaign(read.text, file);
}

/** The loaded campaign, or a bad-input error listing every problem. */
export function campaignOrThrow(result: CampaignLoad): Extract<CampaignLoad, { ok: true }> {
  if (!result.ok) throw badInput(`invalid campaign ${result.file}:\n${result.issues.map(formatIssue).join('\n')}`);
  return result;
}

export const parseCampaign = (text: string, file: string): Promise<CampaignLoad> => campaignFromYaml(parseYaml(text), text, file);

/** A campaign from its parsed YAML (`text` is the file's, for the positions and the values as written). */
async function campaignFromYaml(yaml: ParsedYaml, text: string, file: string): Promise<CampaignLoad> {
  if (!yaml.ok) return { ok: false, file, issues: yaml.issues.map((i) => ({ file, ...i, path: '' })) };
  const { doc, lines, data } = yaml;
  const where = locator(doc, text, (offset) => lines.linePos(offset));
  const { issues, add } = collector(file, where);
  const done = (): CampaignLoad => ({ ok: false, file, issues: issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col) });

  const parsed = campaignSchema.safeParse(data ?? {});
  if (!parsed.success) for (const issue of parsed.error.issues) reportSchemaIssue(campaignSchema, issue, data, where, add);

  // Each kind's params, against the kind's own schema.
  const faults = valueAt(data, ['faults']);
  if (Array.isArray(faults)) {
    faults.forEach((selector, i) => {
      const kind = selector && typeof selector === 'object' && 'kind' in selector ? faultKindNamed(String(selector.kind)) : undefined;
      if (!kind || selector.params === undefined) return;
      const params = kind.params.safeParse(selector.params);
      const inParams = scoped(where, add, ['faults', i, 'params']);
      if (!params.success) for (const issue of params.error.issues) reportSchemaIssue(kind.params, issue, selector.params, inParams.where, inParams.add);
    });
  }

  // The base scenario: a file beside the campaign, or inline.
  let base: Scenario | undefined;
  const baseValue = valueAt(data, ['base']);
  if (typeof baseValue === 'string' && baseValue) {
    const loaded = await loadScenarioFile(resolve(dirname(file), baseValue));
    if (loaded.ok) base = loaded.scenario;
    else issues.push(...loaded.issues);
  } else if (baseValue && typeof baseValue === 'object') {
    const inline = scoped(where, add, ['base']);
    base = checkScenario(baseValue, inline.where, inline.add);
  }
  if (!parsed.success || !base || issues.length > 0) return done();
  const campaign = parsed.data;

  // A listed point that no swept strategy has is a typo, not a combination to drop.
  if (Array.isArray(campaign.at)) {
    const strategies = campaign.strategies ?? [base.upgrade.strategy];
    const known = new Set(strategies.flatMap((s) => injectionPoints(s, base.testbed.frontends)));
    campaign.at.forEach((point, i) => {
      if (!known.has(point)) add(['at', i], JSON.stringify(point), `an injection point of ${strategies.join(', ')} (bench plan on the base scenario lists them)`);
    });
  }
  if (issues.length > 0) return done();

  const plan = expandCampaign(campaign, base);
  if (plan.runs.length === 0) {
    add(['faults'], `no run: ${plan.dropped.map((d) => `${d.strategy}/${d.kind}${d.at ? ` at ${d.at}` : ''}: ${d.reason}`).join('; ')}`, 'at least one kind that applies under a swept strategy');
    return done();
  }
  return { ok: true, file, campaign, base, plan };
}
