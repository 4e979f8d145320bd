// Derives duptester-upgrade-failures.csv from the DUPTester study's published tables (Zhang et
// al., SOSP 2021): normalises their coded columns into the codes of
// duptester-upgrade-failures.codebook.json and maps each failure to one of the four classes of
// the upgrade-centric fault model by the rules below. Keeps facts only: no summary, comment or
// root-cause prose is copied.
//
//   npx tsx analysis/taxonomy/data/derive-duptester.ts <dir>
//
// <dir> holds the study's two published tables: duptester-upgrade-failures-123/recent_upgrade_failures.csv
// and duptester-study-cases-96/upgrade_failure_study_cases.csv.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

// This folder: the derived file goes beside its recipe.
const bundledDataDir = fileURLToPath(new URL('.', import.meta.url));

type Row = Record<string, string>;

const datasets = process.argv[2];
if (!datasets) {
  console.error('usage: npx tsx analysis/taxonomy/data/derive-duptester.ts <dir with the study tables>');
  process.exit(2);
}
const read = (path: string): Row[] => parse(readFileSync(join(datasets, path), 'utf8'), { columns: true });
const study = read('duptester-upgrade-failures-123/recent_upgrade_failures.csv');
const cases96 = new Map(read('duptester-study-cases-96/upgrade_failure_study_cases.csv').map((row) => [row['Issue key']!, row]));
// Long column names embed their codebooks; find them by how they start.
const column = (row: Row, start: string) => row[Object.keys(row).find((name) => name.startsWith(start))!]!.trim();

/** The mapping rules, in order of precedence; docs/taxonomy.md explains each. */
const rules = {
  R1: { class: 2, when: 'root cause is a misconfiguration' },
  R2: { class: 3, when: 'root cause is a broken dependency' },
  R3: { class: 3, when: 'data-related root cause in data exchanged at run time (messages, RPC): a protocol mismatch between versions' },
  R4: { class: 4, when: 'data-related root cause in persistent data, or where the data kind is not coded' },
  R5: { class: 1, when: 'bug in the upgrade operation itself, unrelated to data: a wrong, omitted or spurious step' },
} as const;

const out = study.map((row) => {
  const id = row['Issue key']!.trim();
  const old = cases96.get(id);
  const rolling = yesNo(row['rolling upgrade?']!) || (old ? yesNo(old['rolling upgrade?']!) : '');
  const dataKind = dataKindOf(row['persistent data or network']!);
  const studied = rootCauseCategory(column(row, 'root cause category'));
  const rootCause = studied || derivedRootCause(row['root cause']!, row['data syntax or semantics']!, rolling);
  const rule = ruleFor(rootCause, dataKind);
  return {
    id,
    system: id.split('-')[0]!.toLowerCase(),
    url: `https://issues.apache.org/jira/browse/${id}`,
    priority: row.priority!.trim().toLowerCase(),
    symptom: symptomOf(row.symptom!),
    detection: detectionOf(column(row, 'how to detect')),
    root_cause: rootCause,
    root_cause_from: studied ? 'study' : 'derived',
    data_kind: dataKind,
    rolling_upgrade: rolling,
    catastrophic: yesNo(row.catastropic!),
    min_nodes: minNodes(row['min # of nodes']!),
    special_config: row['need special configuration? ']!.trim() === '' ? '' : /^no\b/i.test(row['need special configuration? ']!.trim()) ? 'no' : 'yes',
    class: String(rules[rule].class),
    class_rule: rule,
  };
});

const header = Object.keys(out[0]!);
const csv = [header.join(','), ...out.map((row) => header.map((name) => row[name as keyof typeof row]).join(','))].join('\n');
writeFileSync(join(bundledDataDir, 'duptester-upgrade-failures.csv'), `${csv}\n`);
const perRule = countBy(out.map((row) => row.class_rule));
console.log(`wrote ${out.length} records; classes ${JSON.stringify(countBy(out.map((row) => row.class)))}`);
for (const [rule, { class: faultClass, when }] of Object.entries(rules)) console.log(`${rule} -> class ${faultClass}: ${perRule[rule] ?? 0} records (${when})`);

function ruleFor(rootCause: string, dataKind: string): keyof typeof rules {
  if (rootCause === 'misconfiguration') return 'R1';
  if (rootCause === 'broken-dependency') return 'R2';
  if (rootCause.startsWith('data-')) return dataKind === 'runtime' ? 'R3' : 'R4';
  return 'R5';
}

function rootCauseCategory(text: string): string {
  const codes: Record<string, string> = {
    '1.1': 'data-format',
    '1.2': 'data-logic-full-stop',
    '1.3': 'data-logic-mixed-versions',
    '2': 'upgrade-operation',
    '3': 'misconfiguration',
    '4': 'broken-dependency',
  };
  return codes[/^([\d.]+)\)/.exec(text)?.[1] ?? ''] ?? '';
}

/** The 27 newer rows carry a short root-cause tag and a syntax/semantics flag instead of a category. */
function derivedRootCause(tag: string, syntaxOrSemantics: string, rolling: string): string {
  if (/mis-?config/i.test(tag)) return 'misconfiguration';
  if (/syntax/i.test(syntaxOrSemantics)) return 'data-format';
  if (/semantic/i.test(syntaxOrSemantics)) return rolling === 'yes' ? 'data-logic-mixed-versions' : 'data-logic-full-stop';
  return 'upgrade-operation';
}

function symptomOf(text: string): string {
  const byNumber = ['', 'whole-cluster-down', 'master-down', 'performance-degradation', 'data-loss-or-corruption', 'rolling-upgrade-failure', 'incorrect-result', 'part-of-cluster-down', 'unknown'];
  const number = /^(\d)\)/.exec(text.trim())?.[1];
  if (number) return byNumber[Number(number)]!;
  const byText: Array<[RegExp, string]> = [
    [/^whole cluster down/i, 'whole-cluster-down'],
    [/^part of cluster down/i, 'part-of-cluster-down'],
    [/^incorrect service result/i, 'incorrect-result'],
    [/^data loss/i, 'data-loss-or-corruption'],
    [/degradation/i, 'performance-degradation'],
    [/^unknown/i, 'unknown'],
  ];
  return byText.find(([pattern]) => pattern.test(text.trim()))?.[1] ?? '';
}

function detectionOf(text: string): string {
  return ['', 'clear-symptom', 'data-loss', 'gray-failure', 'not-clear'][Number(/^(\d)\)/.exec(text)?.[1] ?? 0)]!;
}

function dataKindOf(text: string): string {
  const value = text.trim();
  if (value === '') return '';
  if (/^N\/A/.test(value)) return 'none';
  if (/^configuration/.test(value)) return 'configuration';
  if (/^(P\b|P\(|persistent)/.test(value)) return 'persistent';
  if (/^(R\b|message)/.test(value)) return 'runtime';
  throw new Error(`unknown data kind "${value}"`);
}

function yesNo(text: string): string {
  const value = text.trim().toLowerCase();
  return value.startsWith('yes') ? 'yes' : value.startsWith('no') ? 'no' : '';
}

function minNodes(text: string): string {
  const nodes = Number(/^\d+/.exec(text.trim())?.[0] ?? Number.NaN);
  return Number.isNaN(nodes) ? '' : nodes >= 3 ? '3+' : String(nodes);
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
