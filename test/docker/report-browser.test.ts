/**
 * The HTML report in a real browser: Debian's chromium (apt-get install chromium) driven by
 * playwright-core, headless, with a fresh profile and nothing fetched. The report of recorded real
 * journals (a rolling 1.35 -> 1.39 upgrade with a config typo, its baseline, a run killed
 * with SIGINT in the middle, three trials without upgrade) must load without a console error, draw every chart canvas, and mark
 * the killed run incomplete; no two step labels may overlap (the rolling run's steps come
 * within a few seconds of each other); with JavaScript off, it must still show every table; and
 * `bench report --figures` must write every chart as a 300 dpi PNG. The screenshots and one
 * figure are kept under results/report-browser/ and results/figures-example/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath, figureDpi, figureSize, openChromium } from '../../reports/figures.ts';
import { chartKinds, figureName } from '../../reports/html-tables.ts';
import { readRunViews } from '../../reports/journal-files.ts';
import { renderHtml } from '../../reports/html.ts';

const fixtures = resolve('test/fixtures/report-journals');
/** Three trials of a fault-free run with no upgrade; two are invalid (their generator was stopped from outside, SIGSTOP 0.4 s every 2 s, and fell behind). */
const trials = resolve('test/fixtures/report-journals-trials');
/** A run of the bundled scenarios/rolling-baseline.yaml: its eight steps within 8 s crowd the labels most. */
const bundled = resolve('test/fixtures/report-bundled-rolling');
const artifacts = resolve('results/report-browser');
const runs = readRunViews([fixtures, trials, bundled]);
const rolling = runs.find((r) => r.run_id.startsWith('rep-rolling-simple-config-2'))!;
const bundledRolling = runs.find((r) => r.scenario === 'rolling-baseline')!;

function writeReport(): string {
  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, 'report.html');
  writeFileSync(file, renderHtml(runs, { title: 'bench report (recorded journals)', now: new Date('2026-11-22T00:00:00Z') }));
  return file;
}

interface Box {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The step labels each chart drew, with its canvas's size (CSS pixels). */
const labelBoxes = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-label-boxes]')].map((c) => ({
      id: c.id,
      run: Number(c.dataset.run),
      width: c.clientWidth,
      height: c.clientHeight,
      boxes: JSON.parse(c.dataset.labelBoxes!) as Box[],
    })),
  );

/** Each of the run's steps has a box, in time order: its name, or its number when crowded out. */
function expectEveryStepLabelled(chart: Awaited<ReturnType<typeof labelBoxes>>[number], run: (typeof runs)[number]) {
  expect(chart.boxes.map((b) => b.text)).toEqual(run.steps.map((s, i) => (chart.boxes.some((b) => b.text === s.name) ? s.name : String(i + 1))));
}

function expectNoOverlap(charts: Awaited<ReturnType<typeof labelBoxes>>) {
  for (const chart of charts) {
    for (const [i, a] of chart.boxes.entries()) {
      expect(a.x >= 0 && a.y >= 0 && a.x + a.width <= chart.width && a.y + a.height <= chart.height, `${chart.id}: ${a.text} outside its canvas`).toBe(true);
      for (const b of chart.boxes.slice(i + 1)) expect(overlap(a, b), `${chart.id}: "${a.text}" overlaps "${b.text}"`).toBe(false);
    }
  }
}

describe('bench report in headless Chromium', () => {
  it('loads with no console error, draws every chart, marks the killed run incomplete, never overlaps step labels', async () => {
    // In CI this fails, never skips, when chromium is missing (docker/setup-host.sh installs it).
    expect(existsSync(chromiumPath), `${chromiumPath} missing: apt-get install -y chromium`).toBe(true);
    expect(runs.some((r) => !r.complete)).toBe(true);
    const file = writeReport();

    const browser = await openChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      await page.waitForSelector(`body[data-rendered="${runs.length}"]`, { timeout: 30_000 });

      const canvases = await page.evaluate(() =>
        [...document.querySelectorAll('canvas')].map((c) => {
          const ctx = c.getContext('2d')!;
          const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
          let drawn = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) drawn++;
          return { id: c.id, width: c.width, height: c.height, drawn, share: drawn / (c.width * c.height) };
        }),
      );
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(canvases.length).toBe(3 * runs.length);
      for (const c of canvases) {
        expect(c.width, c.id).toBeGreaterThan(100);
        expect(c.share, `${c.id} looks blank`).toBeGreaterThan(0.01);
      }
      expect(await page.locator('[data-incomplete]').count()).toBe(runs.filter((r) => !r.complete).length);
      expect(await page.locator('#matrix-table table').count()).toBe(1);
      // Only the valid trial counts; the two invalid ones are left out of the statistics.
      await expect(page.locator('#trials-table').innerText()).resolves.toMatch(/rep-trials-none\toutage \(s\)\t1\t/);

      // Step labels: one answers chart per run records its boxes; none overlaps another.
      const charts = await labelBoxes(page);
      expect(charts.map((c) => c.run).sort()).toEqual(runs.map((_, i) => i).sort());
      expectNoOverlap(charts);
      // On the rolling runs every step is labelled, by its name or (crowded out) its number.
      const rollingChart = charts.find((c) => c.run === runs.indexOf(rolling))!;
      expectEveryStepLabelled(rollingChart, rolling);
      const bundledChart = charts.find((c) => c.run === runs.indexOf(bundledRolling))!;
      expectEveryStepLabelled(bundledChart, bundledRolling);
      console.log(`bundled rolling run at 1280 px: ${bundledChart.boxes.map((b) => b.text).join(', ')}`);
      console.log(`rolling run at 1280 px: ${rollingChart.boxes.map((b) => `${b.text}@${b.x.toFixed(0)},${b.y.toFixed(0)}`).join(' ')}`);

      await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
      await page.screenshot({ path: join(artifacts, 'top.png') });
      await page.locator(`[id="run-${rolling.run_id}"]`).screenshot({ path: join(artifacts, 'rolling-run.png') });

      // A narrow window crowds the labels further: still none overlaps.
      const drawnBoxes = () => [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-label-boxes]')].map((c) => c.dataset.labelBoxes).join('\n');
      const wide = await page.evaluate(drawnBoxes);
      await page.setViewportSize({ width: 560, height: 900 });
      // Redrawn at the new width (chart.js follows its container's size).
      await page.waitForFunction((old) => [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-label-boxes]')].map((c) => c.dataset.labelBoxes).join('\n') !== old, wide);
      const narrow = await labelBoxes(page);
      expectNoOverlap(narrow);
      const narrowRolling = narrow.find((c) => c.run === runs.indexOf(rolling))!;
      console.log(`rolling run at ${narrowRolling.width} px: ${narrowRolling.boxes.map((b) => b.text).join(', ')}`);
      expect(narrowRolling.boxes.length).toBeGreaterThan(0);
      expectEveryStepLabelled(narrow.find((c) => c.run === runs.indexOf(bundledRolling))!, bundledRolling);
    } finally {
      await browser.dispose();
    }
  });

  it('shows every table with JavaScript off', async () => {
    const file = writeReport();
    const browser = await openChromium({ javaScriptEnabled: false });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${file}`);
      // The script did not run: no chart was drawn...
      expect(await page.locator('body[data-rendered]').count()).toBe(0);
      // ...and yet every table is there: the runs, the matrix, the trial statistics, and per run
      // its SLO checks, outage windows (when it had any), steps and faults, windows, findings (when any).
      const perRun = runs.reduce((n, r) => n + 3 + (r.outages.length > 0 ? 1 : 0) + (r.findings.length > 0 ? 1 : 0), 0);
      const comparisons = await page.locator('#comparisons-table table').count();
      expect(await page.locator('table').count()).toBe(3 + comparisons + perRun);
      expect(await page.locator('.run').count()).toBe(runs.length);
      expect(await page.locator('[data-incomplete]').count()).toBe(runs.filter((r) => !r.complete).length);
      await expect(page.locator('#trials-table').innerText()).resolves.toMatch(/rep-trials-none\toutage \(s\)\t1\t/);
      // A known cell: the rolling run's row in the runs table, and its matrix cell with the outage it measured.
      const row = page.locator('#runs-table tr', { hasText: rolling.run_id });
      await expect(row.innerText()).resolves.toContain(`\t${rolling.metrics.outage_s.toFixed(1)}\t`);
      const cell = page.locator(`[data-cell="${rolling.strategy} x ${rolling.fault_class}"]`);
      await expect(cell.innerText()).resolves.toContain(`outage ${rolling.metrics.outage_s.toFixed(1)} s`);
      // The charts say what they would show.
      expect(await page.locator('canvas .no-script').first().isVisible()).toBe(true);
      await page.screenshot({ path: join(artifacts, 'no-javascript.png'), fullPage: true });
    } finally {
      await browser.dispose();
    }
  });

  it('bench report --figures writes every chart as a 300 dpi PNG', () => {
    const dir = join(artifacts, 'figures');
    rmSync(dir, { recursive: true, force: true });
    const r = spawnSync(process.execPath, ['harness/bench.mjs', 'report', fixtures, '--out', join(artifacts, 'figures-report.html'), '--figures', dir], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const fixtureRuns = readRunViews([fixtures]);
    const expected = fixtureRuns.flatMap((run) => chartKinds.map(({ kind }) => `${figureName(run.run_id, kind)}.png`)).sort();
    expect(readdirSync(dir).sort()).toEqual(expected);
    const scale = figureDpi / 96;
    for (const name of expected) {
      const png = readFileSync(join(dir, name));
      expect(png.subarray(1, 4).toString('latin1'), name).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], name).toEqual([figureSize.widthPx * scale, figureSize.heightPx * scale]);
      expect(png.toString('latin1', 37, 41), name).toBe('pHYs');
      expect(png.readUInt32BE(41), name).toBe(Math.round(figureDpi / 0.0254));
      // More than a blank image compresses to.
      expect(statSync(join(dir, name)).size, name).toBeGreaterThan(20_000);
    }
    console.log(r.stderr.trim());
    const example = resolve('results/figures-example');
    mkdirSync(example, { recursive: true });
    copyFileSync(join(dir, `${figureName(rolling.run_id, 'answers')}.png`), join(example, `${figureName(rolling.run_id, 'answers')}.png`));
  });
});
