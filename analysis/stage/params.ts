// The simulation parameters: one zod schema gives the types, the defaults, the validation of
// YAML files and flags, and the parameter table of `bench stage simulate --help` and docs/staging.md.
import { z } from 'zod';

export const protocols = ['nostaging', 'parallel', 'sequential'] as const;
export type Protocol = (typeof protocols)[number];

export const protocolDescriptions: Record<Protocol, string> = {
  nostaging: 'every machine downloads the upgrade at once',
  parallel: 'representatives of every cluster test it in parallel, then all other machines in parallel',
  sequential: 'representatives test it in parallel, then the clusters one after another, smallest first',
};

/** Problems are kept in a 32-bit mask per machine. */
export const maxProblems = 32;
const maxClusters = 65_535;
/** Machine ids are kept in Int32Arrays; 10^8 machines also take ~3 GB of typed arrays. */
const maxMachines = 100_000_000;

const minutes = (description: string, value: number) => z.number().nonnegative().default(value).describe(`${description} (minutes)`);

export const simParamsSchema = z
  .object({
    machines: z.number().int().min(1).max(maxMachines).default(1_000_000).describe('machines in the population'),
    clusters: z.number().int().min(1).max(maxClusters).default(20).describe('clusters the population falls into'),
    clusterSkew: z.number().min(0).default(1).describe('Zipf exponent of the cluster sizes (0: equal sizes)'),
    clusterSizes: z
      .array(z.number().int().min(1).max(maxMachines))
      .min(1)
      .max(maxClusters)
      .optional()
      .describe(`explicit cluster sizes, largest first, at most ${maxMachines.toLocaleString('en-US')} machines in all (overrides machines, clusters, clusterSkew)`),
    representatives: z.number().int().min(1).default(5).describe('representatives per cluster (test the upgrade first when staging)'),
    problems: z.number().int().min(0).max(maxProblems).default(3).describe('problems in the upgrade'),
    clustersPerProblem: z.number().int().min(1).default(2).describe('clusters each problem affects, drawn at random'),
    problemClusters: z
      .array(z.array(z.number().int().min(0)).min(1))
      .max(maxProblems)
      .optional()
      .describe('explicit clusters of each problem (0 is the largest cluster; overrides problems, clustersPerProblem)'),
    testCoverage: z.number().min(0).max(1).default(0.9).describe("probability that testing at a cluster's representatives catches a problem that affects the cluster"),
    misplaced: z.number().min(0).max(1).default(0.001).describe('fraction of non-representative machines clustered wrongly (their real environment is another cluster)'),
    downloadSlots: z.number().int().min(1).default(1000).describe("concurrent downloads the vendor's server sustains"),
    downloadTime: minutes('time of one download', 10),
    installTime: minutes('time to install the upgrade on an ordinary machine', 30),
    installJitter: z.number().min(0).max(1).default(0.5).describe('install and test times vary uniformly by this fraction either way'),
    testTime: minutes('time to install and test the upgrade at a representative', 240),
    reportDelay: minutes('from a failure to its report reaching the vendor', 60),
    fixTime: minutes('from a report to the release of a fixed upgrade', 1440),
    seed: z.number().int().default(1).describe('seed of the population, problems and timings'),
  })
  .strict();

export type SimParamsInput = z.input<typeof simParamsSchema>;
export type SimParams = z.output<typeof simParamsSchema>;

export const defaultSimParams: SimParams = simParamsSchema.parse({});

export type ParamName = keyof SimParams;

/** Name, default and description of every parameter, in schema order. */
export function paramTable(): Array<{ name: ParamName; default: string; description: string }> {
  return Object.entries(simParamsSchema.shape).map(([name, field]) => ({
    name: name as ParamName,
    default: name in defaultSimParams ? JSON.stringify(defaultSimParams[name as ParamName]) : '(none)',
    description: field.description ?? '',
  }));
}

/** Checks that need more than one field; each message names its field. */
export function semanticIssues(params: SimParams): string[] {
  const issues: string[] = [];
  const clusterCount = params.clusterSizes?.length ?? params.clusters;
  const sized = params.clusterSizes?.reduce((a, b) => a + b, 0) ?? 0;
  if (sized > maxMachines) issues.push(`clusterSizes: found ${sized.toLocaleString('en-US')} machines in all, expected at most ${maxMachines.toLocaleString('en-US')}`);
  params.problemClusters?.forEach((clusters, p) =>
    clusters.forEach((c, i) => {
      if (c >= clusterCount) issues.push(`problemClusters.${p}.${i}: found cluster ${c}, expected an index below ${clusterCount}`);
    }),
  );
  if (!params.problemClusters && params.problems > 0 && params.clustersPerProblem > clusterCount)
    issues.push(`clustersPerProblem: found ${params.clustersPerProblem}, expected at most the ${clusterCount} clusters`);
  if (!params.clusterSizes && params.clusters > params.machines) issues.push(`clusters: found ${params.clusters}, expected at most the ${params.machines} machines`);
  return issues;
}
