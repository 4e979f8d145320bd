// Issue #17's input defects, each as it was reported: every one was a crash, a hang, an
// out-of-memory death or a silent wrong answer, and is now a clear error with exit 2 that names
// the file (with its line) or the flag. test/unit/fuzz-front-door.test.ts looks for more.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maxExtensionMs } from '../../harness/run.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import { decodeUtf8 } from '../../harness/utf8.ts';
import { benchInProcess, hasStackTrace, type Outcome } from '../in-process.ts';
import { writeJournalFixtures } from '../journal-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-front-door-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};
const bench = (...args: string[]) => benchInProcess(args);
const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** Exit 2, no stack trace, and the message says `what` (the file:line:col, the flag). */
function expectBadInput(o: Outcome, ...what: Array<string | RegExp>) {
  expect(o.exitCode, o.stderr).toBe(2);
  expect(hasStackTrace(o.stderr), o.stderr).toBe(false);
  for (const w of what) expect(o.stderr).toMatch(w);
}

const scenario = (lines: string) => `name: t\ntestbed: { from: "1.35", to: "1.39" }\n${lines}\n`;

describe('scenario bounds: from what the bench can do on its host, refused at file:line:col', () => {
  it('frontends: 100000000 is refused by validate and plan at once (they died out of memory building its steps)', async () => {
    const path = file(
      'frontends.yaml',
      scenario('upgrade: { strategy: rolling }\nfault: { class: data-access, kind: missing-grant, at: before:migrate-schema }').replace('"1.39" }', '"1.39", frontends: 100000000 }'),
    );
    for (const command of ['validate', 'plan']) {
      const started = performance.now();
      expectBadInput(await bench(command, path), `${path}:2:49 testbed.frontends: found the number 100000000, expected a whole number from 1 to 8`);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('testbed.pages allows 100,000 and no more', () => {
    expect(parseScenario(scenario('').replace('"1.39" }', '"1.39", pages: 100000 }'), 'p.yaml').ok).toBe(true);
    expect(parseScenario(scenario('').replace('"1.39" }', '"1.39", pages: 100001 }'), 'p.yaml').ok).toBe(false);
  });

  const beyond: Array<[string, string, RegExp]> = [
    ['workload: { duration: 13h }', 'workload.duration', /at most 12h/],
    // 400 digits: Number() reads them as Infinity, which the schema took as a duration.
    [`workload: { duration: ${'9'.repeat(400)}s }`, 'workload.duration', /at most 12h/],
    ['workload: { duration: 60s, rate: 40001 }', 'workload.rate', /at most 40,000/],
    ['workload: { duration: 2m, rate: 40000 }', 'workload.rate', /4,800,000 requests, expected at most 3,000,000 requests/],
    ['workload: { connections: 1001 }', 'workload.connections', /from 1 to 1,000/],
    ['upgrade: { max_quiescence: 61s }', 'upgrade.max_quiescence', /at most 1m/],
    // Above 2^31 ms Node's setTimeout fired after 1 ms: the upgrade started at once.
    ['upgrade: { start_after: 2147484s }', 'upgrade.start_after', /at most 12h/],
    ['slo: { p99: 61s }', 'slo.p99', /at most 1m/],
    ['slo: { max_latency: 2m }', 'slo.max_latency', /at most 1m/],
    ['slo: { lost_writes: 3000001 }', 'slo.lost_writes', /from 0 to 3,000,000/],
    ['trials: 101', 'trials', /from 1 to 100/],
  ];
  it.each(beyond)('%s is refused at %s', (lines, path, message) => {
    const result = parseScenario(scenario(lines), 'b.yaml');
    if (result.ok) throw new Error('validated');
    const issue = result.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(`found ${issue!.found}, expected ${issue!.expected}`).toMatch(message);
    expect(issue!.line).toBe(3);
  });

  it("every duration a valid scenario allows, and the longest load with its extension, stay below setTimeout's 2^31-1 ms", () => {
    const result = parseScenario(scenario('workload: { duration: 12h }\nupgrade: { start_after: 11h, max_quiescence: 60s }\nslo: { p99: 60s, max_latency: 60s }'), 'max.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { workload, upgrade, slo } = result.scenario;
    for (const ms of [workload.duration + maxExtensionMs, upgrade.start_after, upgrade.max_quiescence, slo.p99, slo.max_latency]) expect(ms).toBeLessThan(2 ** 31 - 1);
  });

  it('start_after must fall inside the load: refused at the line of start_after, or of the duration when it is the default', () => {
    const written = parseScenario(scenario('workload: { duration: 30s }\nupgrade: { strategy: rolling, start_after: 30s }'), 's.yaml');
    expect(written.ok ? [] : written.issues.map((i) => `${i.line}:${i.col} ${i.path}: found ${i.found}, expected ${i.expected}`)).toEqual([
      '4:44 upgrade.start_after: found 30s, expected a start inside the load: shorter than workload.duration (30s)',
    ]);
    const defaulted = parseScenario(scenario('workload: { duration: 5s }'), 'd.yaml');
    expect(defaulted.ok ? [] : defaulted.issues.map((i) => `${i.line} ${i.path}: found ${i.found}`)).toEqual(['3 workload.duration: found 5s, not longer than upgrade.start_after (10s, the default)']);
  });
});

const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;

describe('YAML that is not plain data: exit 2 with file:line (an alias bomb gave exit 3 and a stack trace)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['an alias bomb', `name: t\n${billionLaughs}`, /:3:8 \(top level\): found aliases that expand too far/],
    ['nesting deeper than 16 levels', `name: t\ndescription: ${'['.repeat(17)}1${']'.repeat(17)}\n`, /:2:29 \(top level\): found nesting deeper than 16 levels/],
    ['nesting the parser cannot take', `name: t\ndescription: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, /:2:\d+ \(top level\): found nesting too deep for the YAML parser/],
    ['an alias inside its own anchor', 'name: t\ntestbed: &x { from: "1.35", to: *x }\n', /:2:33 \(top level\): found the alias \*x inside its own anchor/],
    ['an alias to no anchor', 'name: t\ntestbed: { from: "1.35", to: *nope }\n', /:2:30 \(top level\): found the alias \*nope, with no anchor/],
  ];
  it.each(cases)('%s in a scenario', async (_, text, message) => {
    const path = file('yaml.yaml', text);
    expectBadInput(await bench('validate', path), new RegExp(`${path.replace(/[.]/g, '\\.')}${message.source}`));
  });
  it.each(cases)('%s in bench stage simulate --config', async (_, text, message) => {
    const path = file('stage.yaml', text.replace('name: t\n', ''));
    // The stage config has no `name:` line: one line up.
    const line = Number(/:(\d+):/.exec(message.source)![1]) - 1;
    expectBadInput(await bench('stage', 'simulate', '--config', path), new RegExp(`${path.replace(/[.]/g, '\\.')}:${line}:`));
  });
});

describe('input that is not UTF-8: exit 2 naming the file and the line where decoding failed', () => {
  it('finds the line and column of the first bad byte', () => {
    expect(decodeUtf8(Buffer.concat([Buffer.from('a\nbé'), Buffer.of(0xe9), Buffer.from('x\n')]))).toEqual({ line: 2, col: 3 });
    expect(decodeUtf8(Buffer.concat([Buffer.from('ok\ncafé '), Buffer.of(0xc3)]))).toEqual({ line: 2, col: 6 });
    expect(decodeUtf8(Buffer.from('\uFEFFname: x'))).toEqual({ text: 'name: x' });
  });

  it('a Latin-1 scenario', async () => {
    const path = file('latin1.yaml', latin1('name: t\ndescription: café\ntestbed: { from: "1.35", to: "1.39" }\n'));
    expectBadInput(await bench('validate', path), `${path}:2:17 (top level): found a byte that is not part of a UTF-8 character`);
  });

  it('a Latin-1 stage config', async () => {
    const path = file('latin1-stage.yaml', latin1('machines: 1000\n# café\n'));
    expectBadInput(await bench('stage', 'simulate', '--config', path), `${path}:2:6: not UTF-8`);
  });

  it('a Latin-1 taxonomy CSV: café and cafè were both read as caf\\uFFFD, one code', async () => {
    const path = file('latin1.csv', latin1('id,label,tier,step\na,1,café,x\nb,2,cafè,y\nc,1,café,x\nd,2,db,y\n'));
    expectBadInput(await bench('taxonomy', path, '--k', '2', '--out', join(dir, 'taxonomy-latin1')), `${path}:2:8: not UTF-8`);
  });

  it('a Latin-1 journal and requests.ndjson', async () => {
    const runs = writeJournalFixtures(join(dir, 'latin1-journals'));
    const journal = join(runs.finished, 'journal.json');
    writeFileSync(journal, latin1(readFileSync(journal, 'utf8').replace('"fixture-rolling"', '"fixture-rollé"')));
    expectBadInput(await bench('report', runs.finished, '--out', join(dir, 'r.html')), /journal\.json: not readable as JSON: .*journal\.json:\d+:\d+: not UTF-8/);
    const requests = join(runs.killed, 'requests.ndjson');
    const bytes = readFileSync(requests);
    writeFileSync(requests, Buffer.concat([bytes.subarray(0, 300), Buffer.of(0xe9), bytes.subarray(300)]));
    const line = bytes.subarray(0, 300).toString().split('\n').length;
    expectBadInput(await bench('report', runs.killed, '--out', join(dir, 'r.html')), new RegExp(`requests\\.ndjson:${line}:\\d+: not UTF-8`));
  });
});

describe('bench stage', () => {
  it("--touches 'package:php{7' (an unclosed brace) is bad input naming the flag; it looped forever, eating memory", () => {
    const fingerprints = file('fp.json', JSON.stringify([{ machine: 'a', resources: [{ kind: 'package', name: 'php7.4', value: '1' }] }]));
    // A subprocess: the loop this guards against would hang an in-process call for good.
    const r = spawnSync(process.execPath, ['harness/bench.mjs', 'stage', 'cluster', fingerprints, '--touches', 'package:php{7'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull();
    expectBadInput({ exitCode: r.status!, stdout: r.stdout, stderr: r.stderr }, '--touches package:php{7: expected kind:glob', 'every { of the glob closed by a }');
  });

  it('--cluster-sizes 5000000000 is bad input (past the 10^8 machines cap, Int32Array wrapped: a RangeError stack)', async () => {
    expectBadInput(await bench('stage', 'simulate', '--cluster-sizes', '5000000000'), '--cluster-sizes 5000000000:');
    expectBadInput(await bench('stage', 'simulate', '--cluster-sizes', '60000000,60000000'), 'clusterSizes: found 120,000,000 machines in all, expected at most 100,000,000');
  });

  it('a fingerprint with resources: [null] (a TypeError stack), and a file with no fingerprints (printed nothing)', async () => {
    const nullResource = file('null.json', JSON.stringify([{ machine: 'a', resources: [null] }]));
    expectBadInput(await bench('stage', 'cluster', nullResource), `${nullResource}: item 0.resources.0:`);
    const empty = file('empty.json', '[]');
    expectBadInput(await bench('stage', 'cluster', empty), `${empty}: holds no fingerprints`);
  });
});

describe('bench taxonomy --out', () => {
  const data = () => file('tax.csv', 'id,label,tier,step\na,1,db,x\nb,2,web,y\nc,1,db,x\nd,2,web,y\n');
  it('naming an existing file is bad input naming the flag (it was an EEXIST stack)', async () => {
    const existing = file('taxonomy-is-a-file', 'not a directory');
    expectBadInput(await bench('taxonomy', data(), '--k', '2', '--out', existing), `--out ${existing}: a file, not a directory`);
  });
  it('naming a directory that holds an earlier taxonomy replaces its files, as --help says', async () => {
    const out = join(dir, 'taxonomy-again');
    expect((await bench('taxonomy', data(), '--k', '2', '--out', out)).exitCode).toBe(0);
    writeFileSync(join(out, 'taxonomy.md'), 'stale');
    expect((await bench('taxonomy', data(), '--k', '2', '--out', out)).exitCode).toBe(0);
    expect(readFileSync(join(out, 'taxonomy.md'), 'utf8')).not.toBe('stale');
    expect((await bench('taxonomy', '--help')).stdout).toMatch(/files of those names\s+in it are replaced/);
  });
});

describe('bench report: a journal it cannot read is bad input naming the file (and the line of requests.ndjson)', () => {
  const runs = () => writeJournalFixtures(mkdtempSync(join(dir, 'journals-')));
  const journal = (edit: (j: Record<string, unknown>) => unknown) => {
    const { finished } = runs();
    const path = join(finished, 'journal.json');
    writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')))));
    return finished;
  };
  const cases: Array<[string, (j: Record<string, unknown>) => unknown, RegExp]> = [
    ['null', () => null, /journal\.json: not a bench journal the reports can read: \(top level\): Invalid input: expected object, received null/],
    ['measurement: {} (was a TypeError without the file)', (j) => ({ ...j, measurement: {} }), /journal\.json: .*measurement\.bucket_ms: Invalid input/],
    ['an unknown format version (rendered anyway)', (j) => ({ ...j, format: 'bench-journal/3' }), /journal\.json: .*format: expected bench-journal\/2/],
    ['a journal of the format before this contract', (j) => ({ ...j, format: 'bench-journal/1' }), /journal\.json: .*format: bench-journal\/1 is the format of an older bench/],
    ['complete as a string (rendered anyway)', (j) => ({ ...j, complete: 'yes' }), /journal\.json: .*complete: expected true \(a finished run\) or false/],
    ['events that are no list', (j) => ({ ...j, events: 'x' }), /journal\.json: .*events: Invalid input: expected array/],
    ['a window with a text count', (j) => ({ ...j, measurement: { ...(j.measurement as object), windows: [{ name: 'all', requests: '10' }] } }), /journal\.json: .*measurement\.windows\.0\./],
  ];
  it.each(cases)('%s', async (_, edit, message) => {
    const run = journal(edit);
    expectBadInput(await bench('report', run, '--out', join(dir, 'r.html')), run, message);
  });

  it('a null line in requests.ndjson (a TypeError without the file), and a line that is no JSON', async () => {
    const { killed } = runs();
    const requests = join(killed, 'requests.ndjson');
    const lines = readFileSync(requests, 'utf8').split('\n');
    writeFileSync(requests, [...lines.slice(0, 4), 'null', ...lines.slice(4)].join('\n'));
    expectBadInput(await bench('report', killed, '--out', join(dir, 'r.html')), `${requests}:5: not a request sample: (top level): Invalid input: expected object, received null`);
    writeFileSync(requests, [...lines.slice(0, 2), '{"intended": 1,', ...lines.slice(2)].join('\n'));
    expectBadInput(await bench('report', killed, '--out', join(dir, 'r.html')), `${requests}:3: not a JSON line`);
  });

  it("a killed run's last line cut short is what a kill leaves: read without it", async () => {
    const { killed, finished } = runs();
    expect(readFileSync(join(killed, 'requests.ndjson'), 'utf8')).toMatch(/\{"intended":12000,"se$/);
    const r = await bench('report', killed, finished, '--out', join(dir, 'r.html'));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 run(s), 1 incomplete');
  });

  it('an output path that cannot be written is bad input naming the flag', async () => {
    const { finished } = runs();
    const notADir = file('plain-file', 'x');
    expectBadInput(await bench('report', finished, '--out', join(notADir, 'r.html')), `--out ${join(notADir, 'r.html')}: cannot write it (EEXIST: file already exists, mkdir '${notADir}')`);
  });
});

describe('numeric flags: a value that is not the number is a usage error naming the flag', () => {
  const runs = writeJournalFixtures(join(dir, 'flag-journals'));
  const flags: Array<[string, string[], RegExp]> = [
    ['compare --seed abc (ran as seed 0)', ['compare', runs.finished, runs.finished, '--seed', 'abc'], /option '--seed <n>' argument 'abc' is invalid\. expected a whole number/],
    ['compare --seed 1.5', ['compare', runs.finished, runs.finished, '--seed', '1.5'], /'--seed <n>' argument '1\.5' is invalid/],
    ['taxonomy --k 0', ['taxonomy', 'x.csv', '--k', '0'], /'--k <k>' argument '0' is invalid\. expected a whole number >= 1/],
    ['taxonomy --k ""', ['taxonomy', 'x.csv', '--k', ''], /'--k <k>' argument '' is invalid/],
    ['stage fingerprint --depth -1', ['stage', 'fingerprint', 'img', '--depth', '-1'], /'--depth <n>' argument '-1' is invalid\. expected a whole number >= 0/],
    [
      'stage fingerprint --settle 1e12 (past setTimeout)',
      ['stage', 'fingerprint', 'img', '--settle', '1e12'],
      /'--settle <ms>' argument '1e12' is invalid\. expected a whole number from 0 to 2147483647/,
    ],
    ['stage simulate --machines abc', ['stage', 'simulate', '--machines', 'abc'], /--machines abc: /],
    ['stage simulate --seed 1.5', ['stage', 'simulate', '--seed', '1.5'], /--seed 1\.5: /],
  ];
  it.each(flags)('%s', async (_, args, message) => {
    expectBadInput(await bench(...args), message);
  });
  it('compare takes a whole-number seed', async () => {
    expect((await bench('compare', runs.finished, runs.finished, '--seed=-7', '--json')).exitCode).toBe(0);
  });
});

describe('bench faults | head -1', () => {
  it('ends quietly when its reader goes away (it was an EPIPE stack)', async () => {
    const child = spawn(process.execPath, ['harness/bench.mjs', 'faults'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader is gone before the first line is written.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});

describe('the in-process runner sees what the executable shows', () => {
  it('a usage error, a bad-input error and a success', async () => {
    expect((await bench('bogus')).exitCode).toBe(2);
    expect((await bench('validate', 'scenarios/rolling-baseline.yaml')).stdout).toBe('ok   scenarios/rolling-baseline.yaml\n');
    const copy = join(dir, 'copied-scenarios');
    cpSync('test/fixtures/invalid', copy, { recursive: true });
    expectBadInput(await bench('validate', join(copy, 'zero-frontends.yaml')), 'zero-frontends.yaml:5:14 testbed.frontends');
    expect(process.exitCode).toBeUndefined();
  });
});
