/**
 * The scenario schema: the one source of the Scenario type, of `bench validate`, of the
 * generated scenarios/schema.json and of the field reference in docs/scenarios.md.
 */
import { z } from 'zod';
import { allFaultKinds, faultClasses } from '../../faults/index.ts';
import { strategyNames } from '../../faults/strategies.ts';
import { versions } from '../versions.ts';
import { editShares, sumsToOne, titleSearchShare } from '../workload/mix.ts';
import { defaultPopularity, defaultZipfExponent, maxZipfExponent } from '../workload/popularity.ts';
import { durationPattern, formatDuration, parseDuration } from './duration.ts';

/**
 * The bounds of sizes and durations, each from what the bench can do on its 2-core host; the
 * reasons are in the fields' descriptions (and so in docs/scenarios.md).
 */
export const limits = {
  frontends: 8,
  pages: 100_000,
  connections: 1000,
  rate: 40_000,
  /** Requests a run can hold (rate x duration, and lost_writes). */
  requests: 3_000_000,
  trials: 100,
  durationMs: 12 * 3_600_000,
  /** HAProxy's client and server time-outs (harness/testbed/haproxy.ts). */
  haproxyTimeoutMs: 60_000,
} as const;

/** A duration string such as 500ms, 90s or 2m, read as milliseconds; at most `max` ms, and above 0 unless `zero` allows it. */
const duration = (max: number, description: string, o: { zero?: boolean } = {}) =>
  z
    .string({ error: 'a duration such as 500ms, 90s or 2m' })
    .regex(durationPattern, { error: `a ${o.zero ? '' : 'positive '}duration such as 500ms, 90s or 2m`, abort: true })
    .refine((text) => o.zero || parseDuration(text)! > 0, { error: 'a duration greater than 0', abort: true })
    // Also refuses digits that parse to Infinity.
    .refine((text) => parseDuration(text)! <= max, { error: `a duration of at most ${formatDuration(max)}` })
    .transform((text) => parseDuration(text)!)
    .describe(description);

const version = (description: string) => z.enum(versions, { error: `a quoted version string: ${versions.map((v) => `"${v}"`).join(' or ')}` }).describe(description);

const count = (min: number, max: number, description: string) => {
  const error = `a whole number from ${min} to ${max.toLocaleString('en-US')}`;
  return z.int({ error }).min(min, { error }).max(max, { error }).describe(description);
};

const fraction = (description: string) => z.number({ error: 'a number from 0 to 1' }).min(0, { error: 'a number from 0 to 1' }).max(1, { error: 'a number from 0 to 1' }).describe(description);

export const testbedSchema = z
  .strictObject({
    app: z.literal('mediawiki', { error: 'mediawiki (the one app for now)' }).default('mediawiki').describe('The application under upgrade.'),
    from: version('The old version, the one serving when the run starts.'),
    to: version('The new version the upgrade installs; newer than `from`.'),
    frontends: count(
      1,
      limits.frontends,
      'MediaWiki frontends behind HAProxy. At most 8: HAProxy lets 16 requests into each frontend at once, so 8 already put 128 PHP requests on the 2-core host, which serves ~60 page views/s whatever the count; each one more is another container to start and to replace (~3 s each in a rolling upgrade).',
    ).default(2),
    pages: count(
      0,
      limits.pages,
      'Deterministic articles, with talk pages, templates and categories besides (docs/scenarios.md, The seed content), created before the load starts. At most 100,000 (a realistic wiki). The seeded database is built once per version, size and `seed` with bulk SQL (100,000 articles: about 5 minutes on the 2-core host) and cached as a Docker volume; each run starts from a copy of it (docs/scenarios.md, Seeding and the seed cache). Before the load the heavy special pages and the 300 most popular articles are viewed once, not every page.',
    ).default(100),
  })
  .describe('The system under test.');

const percent = (share: number) => `${Math.round(share * 100)}%`;

export const mixSchema = z
  .strictObject({
    read: fraction('Share of page views of seeded pages, chosen by `popularity`.'),
    edit: fraction(
      `Share of anonymous edits through api.php: ${percent(editShares.create)} create a page of their own, ${percent(editShares.append)} append a section to a seeded page and ${percent(editShares.rewrite)} rewrite one (pages chosen by \`popularity\`), each with a unique token and text in several scripts, read back after the run.`,
    ),
    history: fraction("Share of a seeded page's revision history (`action=history`), pages chosen by `popularity`.").default(0),
    search: fraction(`Share of full-text searches (Special:Search): ${percent(titleSearchShare)} for a seeded page's title (by \`popularity\`), the others for a word the edits write.`).default(0),
    recent_changes: fraction('Share of views of Special:RecentChanges.').default(0),
  })
  .refine(sumsToOne, { error: 'fractions that sum to 1 (read + edit + history + search + recent_changes)' })
  .describe('The request mix: fractions that sum to 1. `history`, `search` and `recent_changes` are 0 unless given.');

const popularityError = `uniform, or { zipf: <exponent> } with an exponent above 0 and at most ${maxZipfExponent}`;
const popularitySchema = z
  .union(
    [
      z.literal('uniform'),
      z.strictObject({
        zipf: z
          .number({ error: popularityError })
          .gt(0, { error: popularityError })
          .max(maxZipfExponent, { error: popularityError })
          .describe('The exponent s: page i is drawn with probability proportional to 1 / i^s.'),
      }),
    ],
    { error: popularityError },
  )
  .default(defaultPopularity)
  .describe(
    `Which seeded pages reads, histories, title searches and edits go to: \`uniform\`, or \`{ zipf: s }\` where seeded page i is the i-th most popular, drawn with probability proportional to 1 / i^s. At most ${maxZipfExponent}: page 1 then already takes 92% of the draws. The default exponent, ${defaultZipfExponent}, is the bench's choice (docs/scenarios.md, The workload, says why).`,
  );

export const workloadSchema = z
  .strictObject({
    duration: duration(
      limits.durationMs,
      "How long the load runs. At most 12h: every request is kept in memory until the load ends, and a closed loop at the wiki's ~60 page views/s sends ~2.6 million in 12 h, near the 3 million a run can hold (see `rate`).",
    ).prefault('60s'),
    connections: count(
      1,
      limits.connections,
      'Most HTTP connections open at once. Open loop (a `rate`): a request due while all are busy waits for one, and the wait counts in its latency, as with a client of a fixed pool (browsers open six per host); without it every request goes out on schedule. Closed loop (no `rate`): that many request loops back to back (default 8). At most 1,000: the load client counts a run with more than 1,000 requests in flight as overloaded, and such a run is invalid.',
    ).optional(),
    rate: z
      .number({ error: 'requests per second, > 0' })
      .positive({ error: 'requests per second, > 0' })
      .max(limits.rate, { error: `requests per second, at most ${limits.rate.toLocaleString('en-US')}` })
      .optional()
      .describe(
        'Requests per second (open loop). Without it the load is closed loop. At most 40,000: the load client spends ~20 µs of CPU a request and a run that takes over 90% of a core is invalid (the wiki itself serves ~60 page views/s on 2 cores). `rate` x `duration` is at most 3,000,000 requests: they are kept in memory until the load ends, and requests.ndjson is then rewritten from one string (at most 2^29 characters, ~130 a request: ~4 million).',
      ),
    mix: mixSchema.prefault({ read: 0.9, edit: 0.1 }),
    popularity: popularitySchema,
  })
  .describe('The HTTP load during the run.');

export const upgradeSchema = z
  .strictObject({
    strategy: z
      .enum(strategyNames, { error: `one of ${strategyNames.join(', ')}` })
      .default('none')
      .describe('The upgrade procedure.'),
    start_after: duration(limits.durationMs, 'Warm-up before the upgrade starts; shorter than `workload.duration`, so that the upgrade runs under load.').prefault('10s'),
    max_quiescence: duration(
      limits.haproxyTimeoutMs,
      'Imago: the longest the ingress may hold writes at the switch-over. At most 60s: held writes wait inside HAProxy, whose client and server time-outs are 60 s.',
    ).prefault('2s'),
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
  .describe('The one fault injected during the upgrade (optional): one form per fault kind, with its own params (the catalog: docs/faults.md, or `bench faults`).');

export const sloSchema = z
  .strictObject({
    availability: z
      .number({ error: 'a fraction in (0, 1]' })
      .gt(0, { error: 'a fraction in (0, 1]' })
      .max(1, { error: 'a fraction in (0, 1]' })
      .default(0.999)
      .describe('Least share of successful requests.'),
    p99: duration(limits.haproxyTimeoutMs, 'Highest acceptable 99th-percentile latency. At most 60s: HAProxy gives up on an answer after 60 s, so no longer latency is measured.').prefault('2s'),
    max_latency: duration(
      limits.haproxyTimeoutMs,
      'The latency cut-off of a good request: one that succeeded within it, counted from its intended send time. The load client gives up on a request after it, as a user would; availability and outage windows count good requests. At most 60s: HAProxy gives up on an answer after 60 s.',
    ).prefault('2s'),
    lost_writes: count(
      0,
      limits.requests,
      'Most acknowledged writes that may be lost or changed (read back after the run) before the SLO breaks. At most 3,000,000, the requests a run can hold.',
    ).default(0),
    outage: duration(
      limits.durationMs,
      'Most total outage time: the outage windows of the load added up (a window is at least 500 ms in which no request was good). `0s` allows none. At most 12h, the longest load. Unset: not checked.',
      { zero: true },
    ).optional(),
    errors: count(
      0,
      limits.requests,
      'Most requests that were not good (failed, or answered after `max_latency`) over the whole load. A count, not a share: the share is 1 - availability, which `availability` bounds already; the count bounds the damage users saw, and is the `errors` that `bench run` prints and `bench compare` tests. At most 3,000,000, the requests a run can hold. Unset: not checked.',
    ).optional(),
    p50: duration(
      limits.haproxyTimeoutMs,
      'Highest acceptable median latency of successful requests over the whole load. At most 60s: HAProxy gives up on an answer after 60 s. Unset: not checked.',
    ).optional(),
    throughput: z
      .number({ error: 'good requests per second, > 0' })
      .positive({ error: 'good requests per second, > 0' })
      .max(limits.rate, { error: `good requests per second, at most ${limits.rate.toLocaleString('en-US')}` })
      .optional()
      .describe('Least good requests per second over the whole load, outages included. At most 40,000, the highest `workload.rate`. Unset: not checked.'),
  })
  .describe(
    'Service-level objectives a run is judged by, like k6 thresholds: a run that breaks one fails. `availability`, `p99` and `lost_writes` are always checked; `outage`, `errors`, `p50` and `throughput` only when set.',
  );

/** A name used in result paths (a scenario's, a campaign's). */
export const nameSchema = z.string({ error: 'a name (letters, digits, - and _)' }).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'a name (letters, digits, - and _)' });

export const scenarioSchema = z
  .strictObject({
    name: nameSchema.describe('The scenario name, used in result paths.'),
    description: z.string().optional().describe('Free text.'),
    testbed: testbedSchema,
    workload: workloadSchema.prefault({}),
    upgrade: upgradeSchema.prefault({}),
    fault: faultSchema.optional(),
    trials: count(
      1,
      limits.trials,
      'Independent runs, each on a fresh testbed. At most 100: a trial of a 60 s scenario takes the host ~2 minutes (twice that with a fault, whose baseline runs too), so 100 trials take 3-7 hours.',
    ).default(1),
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
