/**
 * The campaign file: a sweep of the fault space over a base scenario. One schema, the source of
 * validation and of scenarios/campaign.schema.json. Which kinds apply at which points is checked
 * when the campaign is expanded (expand.ts), where the catalog says it.
 */
import { z } from 'zod';
import { allFaultKinds, faultClasses } from '../../faults/index.ts';
import { strategyNames } from '../../faults/strategies.ts';
import { limits, nameSchema } from '../scenario/schema.ts';

const kindNames = allFaultKinds.map((k) => k.kind) as [string, ...string[]];

const faultSelector = z.union(
  [
    z.literal('all').describe('Every kind of the catalog.'),
    z
      .strictObject({
        kind: z.enum(kindNames, { error: `a kind from the fault catalog (bench faults): ${kindNames.join(', ')}` }),
        params: z.record(z.string(), z.unknown()).optional().describe("The kind's params (its defaults otherwise)."),
      })
      .describe('One kind, with params.'),
    z.strictObject({ class: z.enum(faultClasses, { error: `one of ${faultClasses.join(', ')}` }) }).describe('Every kind of a class.'),
  ],
  { error: 'a fault selector: {kind, params?}, {class}, or the string all' },
);

export const campaignSchema = z
  .strictObject({
    name: nameSchema.describe("The campaign name; each run's scenario is named `<campaign>.<run id>`."),
    description: z.string().optional().describe('Free text.'),
    base: z
      .union([z.string().min(1).describe('A scenario file, relative to this file.'), z.record(z.string(), z.unknown()).describe('A scenario, inline.')], {
        error: 'a scenario file (relative to this file) or a scenario inline',
      })
      .describe("The scenario every run starts from (its fault, if any, is replaced by each run's)."),
    strategies: z
      .array(z.enum(strategyNames, { error: `one of ${strategyNames.join(', ')}` }))
      .min(1)
      .optional()
      .describe("The upgrade procedures to sweep (default: the base scenario's)."),
    faults: z.array(faultSelector).min(1).describe('The fault kinds to sweep: each item {kind, params?}, {class}, or the string all.'),
    at: z
      .union([z.enum(['first', 'all']), z.array(z.string()).min(1)], { error: 'first, all, or a list of injection points' })
      .default('first')
      .describe('Where each kind is injected: its first applicable point, all of them, or a list (per kind, only the applicable ones).'),
    trials: z.int({ error: 'a whole number' }).min(1).max(limits.trials).optional().describe("Trials of every run (default: the base scenario's)."),
    seeds: z
      .array(z.int({ error: 'a whole number' }))
      .min(1)
      .optional()
      .describe("The seeds to sweep (default: the base scenario's seed)."),
  })
  .describe('A bench campaign: a sweep of fault kinds x injection points x strategies x seeds x trials over a base scenario.');

export type Campaign = z.output<typeof campaignSchema>;
export type FaultSelector = Campaign['faults'][number];

/** A file is a campaign, not a scenario, when it has a field only campaigns have (base, faults). */
export const looksLikeCampaign = (data: unknown) => typeof data === 'object' && data !== null && ('base' in data || 'faults' in data);

/** The JSON Schema of what a user writes (for editors: `# yaml-language-server: $schema=`). */
export const campaignJsonSchema = () => ({
  ...z.toJSONSchema(campaignSchema, { io: 'input', target: 'draft-2020-12' }),
  $id: 'https://bench.local/campaign.schema.json',
  title: 'bench campaign',
});
