// The progress display as a person sees it, with the real testbed: `bench run` and `bench images`
// in tmux (a real pseudo-terminal), its pane captured every second with its scrollback; and
// `bench run` with stderr piped, as CI sees it. On a terminal the progress is one live region,
// redrawn in place (never a second copy of its lines in the scrollback) and gone before the
// result is printed; through a pipe a 60 s run prints at most 30 lines of progress.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';

const scenario = 'test/fixtures/scenarios/progress-60s.yaml';
const results = mkdtempSync(join(tmpdir(), 'bench-progress-'));
// The package's bin, not npx: Ctrl-C then reaches bench alone, as it does a user's `bench`.
const cli = 'node harness/bench.mjs';
// A tmux server of this test's own: its socket name is unique to this process.
const socket = `bench-progress-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await ensureImages(await connectEngine(), imagesFor(['1.35', '1.39']), (line) => console.log(line));
});

afterAll(() => {
  try {
    execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // no server left
  }
});

/**
 * Types `command` into an interactive bash in a fresh tmux window (120x40), as a person would, and
 * returns every capture of its pane (scrollback included) until it ends. Bash's job control gives
 * the command a process group of its own, so that Ctrl-C reaches it and not the shell.
 */
async function inTerminal(name: string, command: string, onScreen: (pane: string) => void = () => {}): Promise<{ captures: string[]; exitCode: number }> {
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', '-c', process.cwd(), 'env PS1="$ " bash --norc --noprofile -i');
  tmux('send-keys', '-t', name, `${command}; echo "EXIT=$?"`, 'Enter');
  const captures: string[] = [];
  const deadline = Date.now() + 12 * 60_000;
  while (Date.now() < deadline) {
    // -J joins the lines the terminal wrapped; -S - starts at the top of the scrollback.
    const pane = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
    captures.push(pane);
    const exit = /^EXIT=(\d+)$/m.exec(pane);
    if (exit) {
      tmux('kill-session', '-t', name);
      return { captures, exitCode: Number(exit[1]) };
    }
    onScreen(pane);
    await sleep(1000);
  }
  throw new Error(`${command} did not end in tmux within 12 minutes; last screen:\n${captures.at(-1)}`);
}

const lines = (pane: string) => pane.split('\n').filter((l) => l.trim() !== '');
// The region's first line, "run <run id>  <phase> ...", and its counters line.
const head = /^run progress-60s-\S+ {2}(up|warm-up|upgrade|cool-down|checks)\b/;
const counters = /^ {2}\d+ requests, \d+ errors, \d+ in flight, \d+ writes acknowledged, outage so far \d+\.\d s$/;

describe('bench run on a terminal', () => {
  it('shows one live region (phase, elapsed of planned, requests, errors, outage so far, step) and clears it before the result', async () => {
    const { captures, exitCode } = await inTerminal('run', `${cli} run --results ${results} ${scenario}`);
    expect([0, 1], captures.at(-1)).toContain(exitCode);
    for (const pane of captures) {
      // Redrawn in place: at no moment does the scrollback hold a second copy of the region.
      expect(lines(pane).filter((l) => head.test(l)).length, pane).toBeLessThanOrEqual(1);
      expect(lines(pane).filter((l) => counters.test(l)).length, pane).toBeLessThanOrEqual(1);
    }
    const seen = captures.flatMap(lines);
    for (const phase of ['up', 'warm-up', 'upgrade', 'checks']) expect(seen.some((l) => head.exec(l)?.[1] === phase)).toBe(true);
    expect(seen.some((l) => / {2}upgrade {2}\d+ of 60 s$/.test(l))).toBe(true);
    expect(seen.some((l) => counters.test(l))).toBe(true);
    expect(seen.some((l) => /^ {2}step (snapshot-db|migrate-schema|drain:web-\d|replace:web-\d|undrain:web-\d) {2}\d+ s$/.test(l))).toBe(true);
    const final = lines(captures.at(-1)!);
    console.log(
      `bench run in tmux, ${captures.length} captures; a screen under load:\n${lines(captures.find((p) => / {2}upgrade {2}/.test(p)) ?? '').join('\n')}\nthe last screen:\n${final.join('\n')}`,
    );
    // The region is gone; the result and the cleanup stay; no plain progress line was printed.
    expect(final.filter((l) => head.test(l) || counters.test(l))).toEqual([]);
    expect(final.some((l) => /^(PASS|FAIL|UNKNOWN|INVALID) progress-60s /.test(l))).toBe(true);
    expect(final.some((l) => /^ {2}journal: /.test(l))).toBe(true);
    expect(final.some((l) => /^cleanup: removed \d+ containers/.test(l))).toBe(true);
    expect(final.filter((l) => /^run \S+: /.test(l))).toEqual([]);
  });
});

describe('Ctrl-C of bench run on a terminal', () => {
  it('erases the region, keeps the cleanup and the error in sight, and exits 130', async () => {
    let sent = false;
    const { captures, exitCode } = await inTerminal('interrupt', `${cli} run --results ${results} ${scenario}`, (pane) => {
      if (!sent && lines(pane).some((l) => head.exec(l)?.[1] === 'warm-up')) {
        tmux('send-keys', '-t', 'interrupt', 'C-c');
        sent = true;
      }
    });
    const final = lines(captures.at(-1)!);
    console.log(`Ctrl-C in tmux, the last screen:\n${final.join('\n')}`);
    expect(sent).toBe(true);
    expect(exitCode, final.join('\n')).toBe(130);
    expect(final.filter((l) => head.test(l) || counters.test(l))).toEqual([]);
    expect(final.some((l) => /^SIGINT: stopping run progress-60s-\S+ and removing its containers/.test(l))).toBe(true);
    expect(final.some((l) => /^cleanup: removed \d+ containers/.test(l))).toBe(true);
    expect(final.some((l) => l === 'bench: interrupted by SIGINT')).toBe(true);
  });
});

describe('bench images on a terminal', () => {
  it('prints the images and cached seeds, then the result last, with the images up to date (and no progress with --quiet)', async () => {
    for (const args of ['images', 'images --quiet']) {
      const { captures, exitCode } = await inTerminal('images', `${cli} ${args}`);
      // What the command printed: after the line typed at the prompt, before the exit code.
      const screen = lines(captures.at(-1)!);
      const final = screen.slice(
        screen.findIndex((l) => l.startsWith('$ ')) + 1,
        screen.findIndex((l) => l.startsWith('EXIT=')),
      );
      expect(exitCode, final.join('\n')).toBe(0);
      expect(final.at(-1)).toMatch(/^all \d+ images up to date; nothing to build$/);
      expect(
        final.slice(0, -1).every((l) => /^(cached bench\/|seed   )/.test(l)),
        final.join('\n'),
      ).toBe(true);
    }
  });
});

describe('bench images --rebuild on a terminal', () => {
  it('shows a line per image being built (stage, packages done of total, elapsed), redrawn in place, and no line per package', { timeout: 15 * 60_000 }, async () => {
    const { captures, exitCode } = await inTerminal('rebuild', `${cli} images --rebuild`);
    const seen = captures.flatMap(lines);
    console.log(`bench images --rebuild in tmux, ${captures.length} captures; a screen mid-build:\n${lines(captures.find((p) => / \d+\/\d+ packages {2}/.test(p)) ?? '').join('\n')}`);
    expect(exitCode, captures.at(-1)).toBe(0);
    // The region's line of an image: "bench/<name>:<tag>  <stage>[  <done>[/<total>] packages]  <elapsed>".
    const imageLine = /^bench\/[a-z]+:\S+ {2}.+ {2}\d+(\.\d)? ?(s|min)/;
    for (const pane of captures) {
      const regionLines = lines(pane).filter((l) => imageLine.test(l));
      // Redrawn in place: never two region lines of one image at once.
      const tags = regionLines.map((l) => l.split(' ')[0]);
      expect(new Set(tags).size, pane).toBe(tags.length);
      // No line per package, from debootstrap (I: Retrieving/Validating/Unpacking/Configuring ...) or apt-get.
      expect(
        lines(pane).filter((l) => /^(I: (Retrieving|Validating|Extracting|Unpacking|Configuring) |Get:\d|Setting up |Unpacking |Selecting previously)/.test(l)),
        pane,
      ).toEqual([]);
    }
    // Packages done of total were shown while debootstrap and apt-get worked.
    expect(seen.some((l) => / \d+\/\d+ packages {2}/.test(l))).toBe(true);
    expect(seen.some((l) => /^bench\/base:\S+ {2}debootstrap /.test(l))).toBe(true);
    // What stays: each image built, with its time.
    expect(lines(captures.at(-1)!).filter((l) => /^bench\/\S+ built in \d+\.\d s$/.test(l)).length).toBeGreaterThanOrEqual(5);
  });
});

describe('bench run without a terminal', () => {
  it('prints at most 30 lines of progress for a 60 s run: a line per phase, stage and step, the load every 20 s', async () => {
    const child = spawn('npx', ['tsx', 'harness/cli.ts', 'run', '--results', results, scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const progress = stderr.split('\n').filter((l) => l !== '');
    console.log(`bench run with stderr piped: ${progress.length} lines of progress:\n${progress.join('\n')}`);
    expect([0, 1], stderr).toContain(code);
    expect(stdout).toMatch(/^(PASS|FAIL) progress-60s /);
    expect(progress.length).toBeLessThanOrEqual(30);
    // Plain lines, no escape sequences, a line per step, the load's counters a few times.
    expect(stderr).not.toMatch(/\u001b/);
    expect(progress.filter((l) => / step \S+\.\.\.$/.test(l)).length).toBeGreaterThanOrEqual(8);
    const loadLines = progress.filter((l) => / \d+ of 60 s, \d+ requests, \d+ errors, .* outage so far \d+\.\d s$/.test(l));
    expect(loadLines.length).toBeGreaterThanOrEqual(2);
    expect(loadLines.length).toBeLessThanOrEqual(4);
  });
});
