// The front door, fuzzed: the bundled scenarios, stage configs and fingerprints, the bundled
// taxonomy CSVs and two small run journals, mutated thousands of times (byte flips, truncation,
// lines deleted or doubled, scalars replaced by huge, negative, NaN, infinite, string, null or
// nested values, alias bombs, deep nesting, bytes that are not UTF-8), each fed to the command
// that reads it. Every outcome must be exit 0, or exit 2 with a message naming the file; never a
// stack trace, a hang (time limit per case) or an out-of-memory death. Most cases run in-process
// in a worker thread (which the test can end when it hangs or runs out of memory), some through
// the real `bench` executable.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledDataDir } from '../../harness/taxonomy-files.ts';
import { hasStackTrace, type Outcome } from '../in-process.ts';
import { writeJournalFixtures } from '../journal-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A case slower than this hangs: the slowest legitimate ones take ~1 s in-process, ~4 s as a subprocess on a busy host. */
const caseLimitMs = 15_000;
/** Far more than any legitimate case needs, far less than the host has. */
const workerHeapMb = 1536;

// ---- the seeds: what each command reads ----

const stageConfigs = [
  'machines: 1000\nclusters: 6\nclusterSkew: 1\nrepresentatives: 3\nproblems: 2\nclustersPerProblem: 2\ntestCoverage: 0.9\nmisplaced: 0.01\ndownloadSlots: 50\ndownloadTime: 10\ninstallTime: 30\ninstallJitter: 0.5\ntestTime: 240\nreportDelay: 60\nfixTime: 1440\nseed: 7\nprotocols: [nostaging, parallel, sequential]\n',
  'clusterSizes: [500, 300, 200]\nproblemClusters:\n  - [0, 1]\n  - [2]\ntestCoverage: 0.5\nprotocols:\n  - parallel\n  - sequential\n',
];

const fingerprints = JSON.stringify(
  [
    {
      machine: 'web-old',
      image: 'bench/mediawiki:1.35',
      imageId: 'sha256:aaaaaaaaaaaaaaaaaaaa',
      resources: [
        { kind: 'package', name: 'php7.4', value: '7.4.33' },
        { kind: 'config', name: '/etc/php/7.4/apache2/php.ini', value: 'ab12' },
        { kind: 'env', name: 'PATH', value: '/usr/bin' },
      ],
      excluded: { '/var/log/**': 3 },
      warnings: [],
    },
    {
      machine: 'web-new',
      image: 'bench/mediawiki:1.39',
      imageId: 'sha256:bbbbbbbbbbbbbbbbbbbb',
      resources: [
        { kind: 'package', name: 'php8.2', value: '8.2.7' },
        { kind: 'env', name: 'PATH', value: '/usr/bin' },
      ],
      excluded: {},
      warnings: ['no /etc/php/7.4'],
    },
  ],
  null,
  2,
);

interface Target {
  name: string;
  seeds: Array<{ name: string; text: string }>;
  json: boolean;
  yaml: boolean;
  /** The command line that reads the mutated `file` (a journal's: its run directory). */
  args: (file: string) => string[];
}

let targets: Target[];
let journals: { finished: string; killed: string };

beforeAll(() => {
  journals = writeJournalFixtures(join(dir, 'seed-journals'));
  const scenarioSeeds = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: f, text: readFileSync(join('scenarios', f), 'utf8') }));
  const csvSeeds = readdirSync(bundledDataDir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => ({ name: f, text: readFileSync(join(bundledDataDir, f), 'utf8') }));
  const journalSeeds = [journals.finished, journals.killed].flatMap((run) =>
    ['journal.json', 'requests.ndjson'].map((f) => ({ name: `${basename(run)}/${f}`, text: readFileSync(join(run, f), 'utf8') })),
  );
  targets = [
    { name: 'validate', seeds: scenarioSeeds, json: false, yaml: true, args: (file) => ['validate', file] },
    { name: 'plan', seeds: scenarioSeeds, json: false, yaml: true, args: (file) => ['plan', file, '--json'] },
    // --machines keeps the population small when a mutation drops the file's (the default is 10^6, ~3 s).
    {
      name: 'stage simulate',
      seeds: stageConfigs.map((text, i) => ({ name: `stage-${i}.yaml`, text })),
      json: false,
      yaml: true,
      args: (file) => ['stage', 'simulate', '--config', file, '--machines', '1000'],
    },
    { name: 'stage cluster', seeds: [{ name: 'fingerprints.json', text: fingerprints }], json: true, yaml: false, args: (file) => ['stage', 'cluster', file, '--touches', 'package:php*,env'] },
    { name: 'taxonomy', seeds: csvSeeds, json: false, yaml: false, args: (file) => ['taxonomy', file, '--out', join(dir, 'taxonomy-out'), '--json'] },
    { name: 'report', seeds: journalSeeds, json: true, yaml: false, args: (file) => ['report', join(file, '..'), '--out', join(dir, 'report-out', 'r.html')] },
  ];
});

// ---- mutations ----

const yamlValues = [
  '-1',
  '0',
  '0.5',
  '1e9',
  '5000000000',
  '2147483648',
  '4294967296',
  '1e308',
  '1e400',
  '-1e400',
  '.nan',
  '.inf',
  '-.inf',
  'NaN',
  'Infinity',
  '~',
  'null',
  '[]',
  '{}',
  '"abc"',
  '""',
  'true',
  '[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]',
  '{a: {b: {c: [1, {d: 2}]}}}',
  '&a [*a]',
  '*nowhere',
  '999999999999999999999999999999999999999999s',
  '0s',
  '-5s',
  '12.5h',
  '24h',
  '2147483648ms',
  '0.0001ms',
  '1.40',
  '"1.40"',
  `"${'x'.repeat(10_000)}"`,
];
const jsonValues: unknown[] = [
  null,
  -1,
  0,
  0.5,
  1e9,
  5e9,
  2 ** 31,
  1e308,
  'NaN',
  'Infinity',
  'abc',
  '',
  true,
  [],
  {},
  [null],
  { a: { b: [1, { c: 2 }] } },
  'x'.repeat(10_000),
  [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]],
];
const csvValues = ['', '""', 'a,b', '"a\nb"', '"', 'x'.repeat(2000), 'café', 'NaN', '-1', '1e308', '\u0000', 'ü', '\uFEFF', '=cmd()'];
const badUtf8 = [[0xff], [0xc3], [0xe9], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]];

const aliasBomb = (levels: number) =>
  `bomb0: &b0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from({ length: levels }, (_, i) => `bomb${i + 1}: &b${i + 1} [${Array(9).fill(`*b${i}`).join(',')}]`).join('\n')}\n`;
const deep = (n: number, json: boolean) => (json ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'['.repeat(n)}1${']'.repeat(n)}`);

type Mutation = { kind: number; at: number; pick: number };
const mutationKinds = ['byte flip', 'truncate', 'delete line', 'duplicate line', 'replace scalar', 'replace JSON value', 'alias bomb', 'deep nesting', 'bad UTF-8', 'garbage'] as const;

const index = (fraction: number, length: number) => Math.min(length - 1, Math.floor(fraction * length));
const splice = (bytes: Buffer, at: number, remove: number, insert: Buffer | string) => Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at + remove)]);

function mutate(bytes: Buffer, m: Mutation, target: Target): Buffer {
  const kind = mutationKinds[m.kind]!;
  const text = bytes.toString('latin1');
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((x) => x.index! + 1)].filter((i) => i < bytes.length);
  const lineAt = () => {
    const start = lineStarts[index(m.at, lineStarts.length)] ?? 0;
    const end = text.indexOf('\n', start);
    return { start, end: end < 0 ? bytes.length : end + 1 };
  };
  const at = index(m.at, bytes.length + 1);
  switch (kind) {
    case 'byte flip':
      return bytes.length === 0 ? bytes : splice(bytes, index(m.at, bytes.length), 1, Buffer.of(bytes[index(m.at, bytes.length)]! ^ (1 << (m.pick % 8))));
    case 'truncate':
      return bytes.subarray(0, at);
    case 'delete line': {
      const { start, end } = lineAt();
      return splice(bytes, start, end - start, '');
    }
    case 'duplicate line': {
      const { start, end } = lineAt();
      return splice(bytes, start, 0, bytes.subarray(start, end));
    }
    case 'replace scalar': {
      const tokens = [...text.matchAll(target.json ? /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\\n]|\\.)*"|true|false|null/g : /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[a-z]*|"[^"\n]*"|[A-Za-z_][\w.:-]*/g)];
      if (tokens.length === 0) return bytes;
      const token = tokens[index(m.at, tokens.length)]!;
      const values = target.json ? jsonValues.map((v) => JSON.stringify(v)) : target.yaml ? yamlValues : csvValues;
      return splice(bytes, token.index!, Buffer.byteLength(token[0], 'latin1'), values[m.pick % values.length]!);
    }
    case 'replace JSON value': {
      if (!target.json) return mutate(bytes, { ...m, kind: mutationKinds.indexOf('replace scalar') }, target);
      let data: unknown;
      try {
        data = JSON.parse(bytes.toString('utf8'));
      } catch {
        return bytes;
      }
      const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
      // A document a 'deep nesting' mutation made is left as it is: walking it (or writing it
      // back with JSON.stringify) would overflow this test's own stack.
      let tooDeep = false;
      const walk = (v: unknown, depth: number) => {
        if (v === null || typeof v !== 'object') return;
        if (depth > 64) {
          tooDeep = true;
          return;
        }
        for (const [k, child] of Object.entries(v)) {
          slots.push([v as Record<string, unknown>, Array.isArray(v) ? Number(k) : k]);
          walk(child, depth + 1);
        }
      };
      walk(data, 0);
      if (tooDeep) return bytes;
      if (slots.length === 0) return Buffer.from(JSON.stringify(jsonValues[m.pick % jsonValues.length]));
      const [holder, key] = slots[index(m.at, slots.length)]!;
      // One in ten removes the field instead.
      if (m.pick % 10 === 0 && !Array.isArray(holder)) delete holder[key as string];
      else (holder as Record<string | number, unknown>)[key] = jsonValues[m.pick % jsonValues.length];
      return Buffer.from(JSON.stringify(data, null, 2));
    }
    case 'alias bomb':
      return target.yaml ? Buffer.concat([bytes, Buffer.from(`\n${aliasBomb(3 + (m.pick % 7))}`)]) : splice(bytes, at, 0, '&a [*a, *a]');
    case 'deep nesting': {
      const depth = [20, 200, 5000, 100_000][m.pick % 4]!;
      if (!target.yaml) return splice(bytes, at, 0, deep(depth, target.json));
      return Buffer.concat([bytes, Buffer.from(`\ndeep: ${deep(depth, false)}\n`)]);
    }
    case 'bad UTF-8':
      return splice(bytes, at, 0, Buffer.from(badUtf8[m.pick % badUtf8.length]!));
    case 'garbage':
      return splice(bytes, at, 0, ['\t', ':', '- ', '"', "'", ',', '\n', '{', '}', '[', ']', '&x', '*x', '!!binary', '%YAML 1.1\n', '---\n', '\r', '\u0000', '#'][m.pick % 19]!);
  }
}

const mutationArb = fc.record({ kind: fc.nat({ max: mutationKinds.length - 1 }), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), pick: fc.nat({ max: 10_000 }) });
const caseArb = fc.record({ target: fc.nat({ max: 5 }), seed: fc.nat({ max: 1000 }), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) });
type Case = { target: number; seed: number; mutations: Mutation[] };

let caseCount = 0;
/** Writes a case's mutated file into a directory of its own; returns the target, the file and its bytes. */
function prepare(c: Case): { target: Target; file: string; bytes: Buffer } {
  const target = targets[c.target]!;
  const seed = target.seeds[c.seed % target.seeds.length]!;
  const bytes = c.mutations.reduce<Buffer>((b, m) => mutate(b, m, target), Buffer.from(seed.text));
  const caseDir = join(dir, `case-${caseCount++}`);
  mkdirSync(caseDir, { recursive: true });
  if (target.name === 'report') {
    // The run directory holds the mutated file and its untouched sibling.
    const run = seed.name.startsWith('fixture-killed') ? journals.killed : journals.finished;
    for (const f of ['journal.json', 'requests.ndjson']) copyFileSync(join(run, f), join(caseDir, f));
  }
  const file = join(caseDir, basename(seed.name));
  writeFileSync(file, bytes);
  return { target, file, bytes };
}

/** Exit 0, or exit 2 with a message that names the file; no stack trace anywhere. */
function expectClearOutcome(o: Outcome, file: string, what: string) {
  const shown = `${what}\nexit ${o.exitCode}\nstderr: ${o.stderr.slice(0, 2000)}`;
  expect([0, 2], shown).toContain(o.exitCode);
  expect(hasStackTrace(o.stderr) || hasStackTrace(o.stdout), shown).toBe(false);
  if (o.exitCode === 2) expect(o.stderr, shown).toContain(namedPart(file));
}
/** What every message names: the file, or for a journal its run directory. */
const namedPart = (file: string) => (/journal\.json$|requests\.ndjson$/.test(file) ? basename(join(file, '..')) : basename(file));

// ---- running cases: in a worker thread, which the test ends when a case hangs ----

class InProcess {
  private worker?: Worker;
  private ready?: Promise<void>;
  private next = 0;

  private start() {
    const worker = new Worker(new URL('../fuzz-worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: workerHeapMb } });
    this.worker = worker;
    this.ready = new Promise((resolve) => worker.once('message', () => resolve()));
  }

  async run(args: string[]): Promise<Outcome | { failure: string }> {
    if (!this.worker) this.start();
    await this.ready;
    const worker = this.worker!;
    const id = this.next++;
    return new Promise((resolve) => {
      const done = (result: Outcome | { failure: string }) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (m: Outcome & { id: number }) => m.id === id && done(m);
      // A worker that ends by itself ran out of memory (or crashed): start a new one for the next case.
      const onExit = (code: number) => {
        this.worker = undefined;
        done({ failure: `the worker died (exit ${code}): out of memory?` });
      };
      const timer = setTimeout(() => {
        worker.off('exit', onExit);
        void worker.terminate();
        this.worker = undefined;
        done({ failure: `no answer within ${caseLimitMs} ms: a hang` });
      }, caseLimitMs);
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.postMessage({ id, args });
    });
  }

  stop() {
    return this.worker?.terminate();
  }
}

/** The real executable, as a user runs it; killed after the case's time limit. */
function subprocess(args: string[]): Promise<Outcome & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['harness/bench.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: caseLimitMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ exitCode: code ?? -1, signal, stdout, stderr }));
  });
}

describe('the front door, fuzzed', () => {
  const inProcess = new InProcess();
  afterAll(() => inProcess.stop());
  const counts: Record<string, number> = {};

  it('mutated scenarios, stage configs, fingerprints, taxonomy CSVs and journals: exit 0 or a clear exit 2, in-process', { timeout: 240_000 }, async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { target, file } = prepare(c);
        const args = target.args(file);
        counts[target.name] = (counts[target.name] ?? 0) + 1;
        const outcome = await inProcess.run(args);
        const what = `bench ${args.join(' ')} (mutations: ${c.mutations.map((m) => mutationKinds[m.kind]).join(', ')})`;
        if ('failure' in outcome) expect.fail(`${what}: ${outcome.failure}`);
        expectClearOutcome(outcome, file, what);
      }),
      // A failure prints its seed and path; FUZZ_SEED=<seed> FUZZ_PATH=<path> replays it.
      { numRuns: 3000, endOnFailure: true, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED), path: process.env.FUZZ_PATH } : {}) },
    );
    console.info(`fuzz: ${JSON.stringify(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });

  it('the same through the real executable, two at a time', { timeout: 180_000 }, async () => {
    const cases = fc.sample(caseArb, 16);
    const started = performance.now();
    for (let i = 0; i < cases.length; i += 2) {
      await Promise.all(
        cases.slice(i, i + 2).map(async (c) => {
          const { target, file } = prepare(c);
          const args = target.args(file);
          const outcome = await subprocess(args);
          const what = `bench ${args.join(' ')}`;
          expect(outcome.signal, `${what}: killed (a hang or out of memory)`).toBeNull();
          expectClearOutcome(outcome, file, what);
        }),
      );
    }
    console.info(`fuzz: ${cases.length} subprocess cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
});
