import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { clusterFingerprints, diffResources, diffSummary, parseSelector, touched, type Selector } from '../../analysis/stage/cluster.ts';
import { resourceKinds, type Fingerprint } from '../../analysis/stage/fingerprint.ts';
import { paramTable, protocolDescriptions, protocols, type ParamName } from '../../analysis/stage/params.ts';
import { buildPopulation } from '../../analysis/stage/population.ts';
import { simulate } from '../../analysis/stage/simulate.ts';
import { compare, comparisonTable } from '../../analysis/stage/summary.ts';
import { stageChartHtml } from '../../reports/stage-chart.ts';
import { connectEngine } from '../docker.ts';
import { badInput } from '../exit-codes.ts';
import { defaultCollectOptions, fingerprintTarget, resolveTargets, type CollectOptions } from '../stage/fingerprint.ts';
import { withRunScope } from '../run-scope.ts';
import { flagOf, loadStageConfig } from '../stage/config.ts';
import { newRunId } from '../testbed/index.ts';
import { utf8Text } from '../utf8.ts';
import { integer, maxTimerMs, writeFlagFile } from './options.ts';

export function stageCommand(): Command {
  return new Command('stage')
    .description('Mirage-style staged deployment: fingerprint machines, cluster them, simulate staged roll-outs')
    .addCommand(fingerprintCommand())
    .addCommand(clusterCommand())
    .addCommand(simulateCommand());
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function fingerprintCommand(): Command {
  const d = defaultCollectOptions;
  return new Command('fingerprint')
    .description('Fingerprint the environmental resources of images (a container made and removed for each) or running containers')
    .argument('<targets...>', 'image names (bench/mediawiki:1.39) or running container names')
    .option('--out <file>', 'write the fingerprints (JSON) to this file and print a summary; without it the JSON goes to stdout')
    .option('--config-roots <dirs>', 'configuration directories, one resource per file', d.configRoots.join(','))
    .option('--tree-roots <dirs>', 'application and data trees, one resource per directory --depth levels down', d.treeRoots.join(','))
    .option('--depth <n>', 'fingerprinting granularity of the trees', integer(0), d.depth)
    .option('--settle <ms>', 'longest wait for services to start listening', integer(0, maxTimerMs), d.settleMs)
    .option('--json', 'print the fingerprints as JSON (also with --out)')
    .addHelpText(
      'after',
      `\nVendor rules (exclude noise: logs, temp and data files, per-container files):\n${d.rules.map((r) => `  ${r.vendor.padEnd(9)} ${r.kinds.join('/').padEnd(11)} ${r.pattern.padEnd(36)} ${r.why}`).join('\n')}\n\nExit 2 when a target is neither a running container nor an image, 3 without a Docker engine.`,
    )
    .action(async (names: string[], o: { out?: string; configRoots: string; treeRoots: string; depth: number; settle: number; json?: boolean }) => {
      const options: CollectOptions = { ...d, configRoots: list(o.configRoots), treeRoots: list(o.treeRoots), depth: o.depth, settleMs: o.settle };
      const docker = await connectEngine();
      const targets = await resolveTargets(docker, names);
      const runId = newRunId('fingerprint');
      const fingerprints = await withRunScope(
        docker,
        runId,
        async () => {
          const out: Fingerprint[] = [];
          for (const [i, target] of targets.entries()) {
            console.error(`fingerprinting ${target.kind} ${target.name} ...`);
            out.push(await fingerprintTarget(docker, target, runId, i, options));
          }
          return out;
        },
        { log: () => {} },
      );
      const json = JSON.stringify(fingerprints, null, 2);
      if (o.out) writeFlagFile('--out', o.out, json);
      if (o.json || !o.out) console.log(json);
      else printFingerprintSummary(fingerprints, o.out);
    });
}

function printFingerprintSummary(fingerprints: Fingerprint[], file: string) {
  for (const f of fingerprints) {
    const kinds: Record<string, number> = {};
    for (const r of f.resources) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    console.log(
      `${f.machine} (${f.imageId.slice(7, 19)}): ${Object.entries(kinds)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
    );
    console.log(
      `  excluded: ${
        Object.entries(f.excluded)
          .map(([rule, n]) => `${n} by ${rule}`)
          .join(', ') || 'nothing'
      }`,
    );
    for (const w of f.warnings) console.log(`  warning: ${w}`);
  }
  const [first, ...rest] = fingerprints;
  for (const other of rest) {
    const summary = diffSummary(diffResources(first.resources, other.resources));
    console.log(
      `${first.machine} -> ${other.machine}: ${
        Object.entries(summary)
          .map(([k, s]) => `${k} -${s.onlyInA} +${s.onlyInB} ~${s.changed}`)
          .join(', ') || 'identical'
      }`,
    );
  }
  console.log(`fingerprints: ${file}`);
}

function clusterCommand(): Command {
  return new Command('cluster')
    .description('Cluster machines whose fingerprints agree on what the upgrade touches, and name a representative of each')
    .argument('<files...>', 'fingerprint JSON files written by bench stage fingerprint')
    .option('--touches <selectors>', 'comma-separated kind:glob the upgrade touches, e.g. package:php*,library,config:/etc/php/** (default: every resource)')
    .option('--json', 'print clusters and differences as JSON')
    .action(async (files: string[], o: { touches?: string; json?: boolean }) => {
      const touches: Selector[] = [];
      for (const text of o.touches ? list(o.touches) : []) {
        const selector = parseSelector(text);
        if (!selector) throw badInput(`--touches ${text}: expected kind:glob with kind one of ${resourceKinds.join(', ')}, every { of the glob closed by a }`);
        touches.push(selector);
      }
      const fingerprints: ClusterInput[] = [];
      for (const file of files) fingerprints.push(...(await readFingerprints(file)));
      const clusters = clusterFingerprints(fingerprints, touches);
      const byMachine = new Map(fingerprints.map((f) => [f.machine, touched(f.resources, touches)]));
      const differences = clusters.slice(1).map((c) => ({
        cluster: c.id,
        versus: 0,
        ...diffResources(byMachine.get(clusters[0].representative)!, byMachine.get(c.representative)!),
      }));
      if (o.json) {
        console.log(JSON.stringify({ touches, clusters, differences }, null, 2));
        return;
      }
      for (const c of clusters) console.log(`cluster ${c.id} (${c.machines.length} machines, key ${c.key}): representative ${c.representative}; ${c.machines.join(', ')}`);
      for (const d of differences) {
        const summary = diffSummary(d);
        console.log(
          `cluster ${d.cluster} vs 0: ${Object.entries(summary)
            .map(([k, s]) => `${k} -${s.onlyInA} +${s.onlyInB} ~${s.changed}`)
            .join(', ')}`,
        );
      }
    });
}

/** What clustering reads of a fingerprint file; other fields (image, excluded, warnings) may be there too. */
const fingerprintSchema = z.looseObject({
  machine: z.string().min(1),
  resources: z.array(z.strictObject({ kind: z.enum(resourceKinds), name: z.string(), value: z.string() })),
});
type ClusterInput = Pick<Fingerprint, 'machine' | 'resources'>;

async function readFingerprints(file: string): Promise<ClusterInput[]> {
  let data: unknown;
  try {
    data = JSON.parse(utf8Text(await readFile(file), file));
  } catch (error) {
    throw badInput(`${file}: cannot read it as JSON (${(error as Error).message})`);
  }
  const items: unknown[] = Array.isArray(data) ? data : [data];
  if (items.length === 0) throw badInput(`${file}: holds no fingerprints (expected what bench stage fingerprint writes)`);
  return items.map((item, i) => {
    const parsed = fingerprintSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw badInput(`${file}: item ${i}${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message} (expected a fingerprint: machine and resources [{kind, name, value}])`);
  });
}

function simulateCommand(): Command {
  const command = new Command('simulate')
    .description('Simulate deploying an upgrade to a clustered population under each protocol (event-driven)')
    .option('--config <file.yaml>', 'parameters from a YAML file (keys as in the table below, plus protocols: [...]); flags override it')
    .option('--protocol <list>', `comma-separated protocols (default: all of ${protocols.join(', ')})`)
    .option('--html <file>', 'write the chart of overhead against completion time (chart.js, self-contained)')
    .option('--json', 'print the results (with time series) as JSON');
  for (const p of paramTable()) {
    command.addOption(new Option(`${flagOf(p.name)} <value>`, `${p.description} [default: ${p.default}]`));
  }
  command.addHelpText(
    'after',
    `\nProtocols:\n${protocols.map((p) => `  ${p.padEnd(11)} ${protocolDescriptions[p]}`).join('\n')}\n` +
      '\nLists on the command line: --cluster-sizes 500,300,200  --problem-clusters "0,1;2" (problem 0 in clusters 0 and 1, problem 1 in cluster 2).\n' +
      'Times are minutes. Exit 2 on bad parameters.',
  );
  return command.action(async (options: Record<string, string | boolean | undefined>) => {
    const flags: Partial<Record<ParamName, string>> = {};
    for (const p of paramTable()) if (typeof options[p.name] === 'string') flags[p.name] = options[p.name] as string;
    const { params, protocols: chosen } = await loadStageConfig(options.config as string | undefined, flags, options.protocol as string | undefined);

    const population = buildPopulation(params);
    const results = chosen.map((protocol) => simulate(population, params, protocol));
    const rows = compare(results);
    if (typeof options.html === 'string') writeFlagFile('--html', options.html, await stageChartHtml(params, results));
    if (options.json) {
      console.log(JSON.stringify({ params, population: { clusterSizes: population.clusterSizes, misplaced: population.misplaced }, comparison: rows, results }, null, 2));
      return;
    }
    console.log(`${population.machines.toLocaleString('en-US')} machines in ${population.clusterSizes.length} clusters (${population.misplaced} misplaced), seed ${params.seed}`);
    results[0]?.problems.forEach((p, i) => console.log(`problem ${i}: clusters ${p.clusters.join(', ')}${p.escapes.length ? `; testing misses it in ${p.escapes.join(', ')}` : ''}`));
    console.log(`\n${comparisonTable(rows)}`);
    if (typeof options.html === 'string') console.log(`\nchart: ${options.html}`);
  });
}
