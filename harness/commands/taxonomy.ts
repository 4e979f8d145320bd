// `bench taxonomy`: cluster coded fault records into a taxonomy and say how well the reference
// classes emerge. Writes the Markdown table, the JSON document and the dendrogram to --out.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { distanceNames, type DistanceName } from '../../analysis/taxonomy/distance.ts';
import { type EngineName, engineNames } from '../../analysis/taxonomy/engines.ts';
import { type LinkageName, linkageNames } from '../../analysis/taxonomy/linkage.ts';
import { readFaultRecords } from '../taxonomy-files.ts';
import { runTaxonomy, taxonomyJson } from '../../analysis/taxonomy/taxonomy.ts';
import { taxonomyDendrogram } from '../../reports/taxonomy-dendrogram.ts';
import { taxonomyMarkdown } from '../../reports/taxonomy-markdown.ts';
import { badInput } from '../exit-codes.ts';
import { integer, writeFlagFile } from './options.ts';

/** agnes keeps n² boxed numbers and rebuilds them at every merge; beyond this it takes hours. */
const agnesLimit = 3000;

interface TaxonomyFlags {
  k: number;
  linkage: LinkageName;
  distance: DistanceName;
  engine?: EngineName;
  id?: string;
  label?: string;
  source?: string;
  features?: string[];
  out: string;
  json?: boolean;
}

export function taxonomyCommand(): Command {
  return (
    new Command('taxonomy')
      .description('Cluster coded fault records (CSV or JSON) hierarchically and compare the clusters with the reference classes')
      .argument('<data-file>', 'fault records: one fault per row, an id, optional label and source, coded categorical features')
      .option('--k <k>', 'number of clusters to cut the tree into', integer(1), 4)
      .addOption(new Option('--linkage <linkage>', 'how cluster distances are updated').choices(linkageNames).default('average'))
      .addOption(new Option('--distance <distance>', 'distance between records (see docs/taxonomy.md)').choices(distanceNames).default('gower'))
      .addOption(new Option('--engine <engine>', `clustering engine (default: agnes up to 500 records, nn-chain above)`).choices(engineNames))
      .option('--id <column>', 'id column (default: the codebook\'s, else "id")')
      .option('--label <column>', 'reference label column (default: the codebook\'s, else "label" or "class" when present)')
      .option('--source <column>', 'source column (default: the codebook\'s, else "source" when present)')
      .option('--features <columns>', "comma-separated feature columns (default: the codebook's, else every coded column)", columnList)
      .option('--out <dir>', 'directory for taxonomy.md, taxonomy.json and dendrogram.svg (made if missing; files of those names in it are replaced)', join('results', 'taxonomy'))
      .option('--json', 'print {k, ari, purity, cophenetic, silhouette, clusters} instead of the Markdown table')
      // addCommand does not pass on the program's exitOverride: without it a bad flag exits 1, not 2.
      .exitOverride()
      .action((dataFile: string, flags: TaxonomyFlags) => taxonomy(dataFile, flags))
  );
}

function taxonomy(dataFile: string, flags: TaxonomyFlags): void {
  // Checked first: clustering a large file takes a while.
  if (statSync(flags.out, { throwIfNoEntry: false })?.isDirectory() === false) throw badInput(`--out ${flags.out}: a file, not a directory (the taxonomy writes three files into --out)`);
  const table = readFaultRecords(dataFile, { id: flags.id, label: flags.label, source: flags.source, features: flags.features });
  const n = table.records.length;
  if (flags.k > n) throw badInput(`--k ${flags.k}: ${dataFile} holds only ${n} records`);
  if (flags.engine === 'agnes' && n > agnesLimit) {
    throw badInput(`--engine agnes: ${n} records would take hours (agnes is O(n³)); use --engine nn-chain, which gives the same tree`);
  }
  const result = runTaxonomy(table, { k: flags.k, linkage: flags.linkage, distance: flags.distance, engine: flags.engine });
  const json = `${JSON.stringify(taxonomyJson(result), null, 2)}\n`;
  const markdown = taxonomyMarkdown(result);

  const written = { 'taxonomy.md': markdown, 'taxonomy.json': json, 'dendrogram.svg': taxonomyDendrogram(result) };
  for (const [name, content] of Object.entries(written)) writeFlagFile('--out', join(flags.out, name), content);
  process.stdout.write(flags.json ? json : markdown);
  console.error(
    `bench taxonomy: wrote ${Object.keys(written)
      .map((name) => join(flags.out, name))
      .join(', ')}`,
  );
}

function columnList(value: string): string[] {
  const columns = value.split(',').map((column) => column.trim());
  if (columns.some((column) => column === '')) throw new InvalidArgumentError('expected column names separated by commas');
  return columns;
}
