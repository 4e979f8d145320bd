/**
 * The scenario schema: the one source of the Scenario type, of `bench validate`, of the
 * generated scenarios/schema.json and of the field reference in docs/scenarios.md.
 */
import { z } from 'zod';
import { allFaultKinds, faultClasses } from '../../faults/index.ts';
import { strategyNames } from '../strategies.ts';
import { versions } from '../versions.ts';
import { durationPattern, parseDuration } from './duration.ts';

/** A duration string such as 500ms, 90s or 2m, read as milliseconds. */
const duration = (description: string) =>
  z
    .string({ error: 'a duration such as 500ms, 90s or 2m' })
    .regex(durationPattern, { error: 'a positive duration such as 500ms, 90s or 2m', abort: true })
    .refine((text) => parseDuration(text)! > 0, { error: 'a duration greater than 0' })
    .transform((text) => parseDuration(text)!)
    .describe(description);

const version = (description: string) =>
  z.enum(versions, { error: `a quoted version string: ${versions.map((v) => `"${v}"`).join(' or ')}` }).describe(description);

const count = (min: number, description: string) =>
  z.int({ error: `a whole number >= ${min}` }).min(min, { error: `a whole number >= ${min}` }).describe(description);

const fraction = (description: string) =>
  z.number({ error: 'a number from 0 to 1' }).min(0, { error: 'a number from 0 to 1' }).max(1, { error: 'a number from 0 to 1' }).describe(description);

export const testbedSchema = z
  .strictObject({
    app: z.literal('mediawiki', { error: 'mediawiki (the one app for now)' }).default('mediawiki').describe('The application under upgrade.'),
    from: version('The old version, the one serving when the run starts.'),
    to: version('The new version the upgrade installs; newer than `from`.'),
    frontends: count(1, 'MediaWiki frontends behind HAProxy.').default(2),
    pages: count(0, 'Deterministic pages created before the load starts.').default(100),
  })
  .describe('The system under test.');

export const mixSchema = z
  .strictObject({
    read: fraction('Share of page views.'),
    edit: fraction('Share of anonymous edits through api.php.'),
  })
  .refine((mix) => Math.abs(mix.read + mix.edit - 1) < 1e-9, { error: 'fractions that sum to 1' })
  .describe('The request mix: fractions that sum to 1.');

export const workloadSchema = z
  .strictObject({
    duration: duration('How long the load runs.').prefault('60s'),
    connections: count(1, 'Concurrent HTTP connections.').default(8),
    rate: z.number({ error: 'requests per second, > 0' }).positive({ error: 'requests per second, > 0' }).optional().describe('Requests per second (open loop). Without it the load is closed loop.'),
    mix: mixSchema.prefault({ read: 0.9, edit: 0.1 }),
  })
  .describe('The HTTP load during the run.');

export const upgradeSchema = z
  .strictObject({
    strategy: z.enum(strategyNames, { error: `one of ${strategyNames.join(', ')}` }).default('none').describe('The upgrade procedure.'),
    start_after: duration('Warm-up before the upgrade starts.').prefault('10s'),
    max_quiescence: duration('Imago: the longest the ingress may hold writes at the switch-over.').prefault('2s'),
  })
  .describe('The upgrade procedure and when it starts.');

const faultAt = z
  .string({ error: 'before:<step> or after:<step>' })
  .regex(/^(before|after):\S+$/, { error: 'before:<step> or after:<step>' })
  .describe('The injection point: before or after a named step of the strategy.');

/**
 * One variant per kind of the fault catalog, told apart by `kind`: each kind's params are
 * checked by its own schema and appear in the generated JSON Schema.
 */
const faultVariants = allFaultKinds.map((k) =>
  z
    .strictObject({
      class: z.literal(k.class, { error: `${k.class}, the class of ${k.kind} (classes: one of ${faultClasses.join(', ')})` }).describe('The upgrade-fault class.'),
      kind: z.literal(k.kind).describe(k.description),
      params: (k.params as z.ZodType<Record<string, unknown>>).prefault({}).describe(`The parameters of ${k.kind}.`),
      at: faultAt,
    })
    .describe(`${k.class}/${k.kind}: ${k.description}`),
);

export const faultSchema = z
  .discriminatedUnion('kind', faultVariants as unknown as [(typeof faultVariants)[number], ...(typeof faultVariants)[number][]], {
    error: `a kind from the fault catalog (bench faults): ${allFaultKinds.map((k) => k.kind).join(', ')}`,
  })
  .describe('The one fault injected during the upgrade (optional).');

export const sloSchema = z
  .strictObject({
    availability: z.number({ error: 'a fraction in (0, 1]' }).gt(0, { error: 'a fraction in (0, 1]' }).max(1, { error: 'a fraction in (0, 1]' }).default(0.999).describe('Least share of successful requests.'),
    p99: duration('Highest acceptable 99th-percentile latency.').prefault('2s'),
    max_latency: duration(
      'The latency cut-off of a good request: one that succeeded within it, counted from its intended send time. The load client gives up on a request after it, as a user would; availability and outage windows count good requests.',
    ).prefault('2s'),
    lost_writes: count(0, 'Most acknowledged writes that may be lost or changed (read back after the run) before the SLO breaks.').default(0),
  })
  .describe('Service-level objectives a run is judged by.');

export const scenarioSchema = z
  .strictObject({
    name: z.string({ error: 'a name (letters, digits, - and _)' }).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'a name (letters, digits, - and _)' }).describe('The scenario name, used in result paths.'),
    description: z.string().optional().describe('Free text.'),
    testbed: testbedSchema,
    workload: workloadSchema.prefault({}),
    upgrade: upgradeSchema.prefault({}),
    fault: faultSchema.optional(),
    trials: count(1, 'Independent runs, each on a fresh testbed.').default(1),
    seed: z.int({ error: 'a whole number' }).default(42).describe('Drives page choice, request mix and fault choices; recorded so a run can be replayed.'),
    slo: sloSchema.prefault({}),
  })
  .describe('A bench scenario: a testbed, a load, an upgrade and at most one fault.');

/** A validated scenario; durations are in milliseconds. */
export type Scenario = z.output<typeof scenarioSchema>;
export type Testbed = Scenario['testbed'];
export type Workload = Scenario['workload'];
export type FaultSpec = NonNullable<Scenario['fault']>;

/** The JSON Schema of what a user writes (for editors: `# yaml-language-server: $schema=`). */
export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://bench.local/scenario.schema.json',
    title: 'bench scenario',
  };
}
