/**
 * The HTML report in a real browser: Debian's chromium (apt-get install chromium) driven by
 * playwright-core, headless, with a fresh profile and nothing fetched. The report of recorded real
 * journals (a rolling 1.35 -> 1.39 upgrade with a config typo, its baseline, a run killed
 * with SIGINT in the middle, three trials without upgrade) must load without a console error, draw every chart canvas, and mark
 * the killed run incomplete. The screenshot is kept under results/report-browser/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunViews } from '../../reports/journal-files.ts';
import { renderHtml } from '../../reports/html.ts';

const executablePath = '/usr/bin/chromium';
const fixtures = resolve('test/fixtures/report-journals');
/** Three trials of a fault-free run with no upgrade; two are invalid (their generator was stopped from outside, SIGSTOP 0.4 s every 2 s, and fell behind). */
const trials = resolve('test/fixtures/report-journals-trials');
const artifacts = resolve('results/report-browser');
const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));

afterAll(() => rmSync(profile, { recursive: true, force: true }));

describe('bench report in headless Chromium', () => {
  it('loads with no console error, draws every chart, marks the killed run incomplete', async () => {
    // In CI this fails, never skips, when chromium is missing (docker/setup-host.sh installs it).
    expect(existsSync(executablePath), `${executablePath} missing: apt-get install -y chromium`).toBe(true);
    const runs = readRunViews([fixtures, trials]);
    expect(runs.some((r) => !r.complete)).toBe(true);
    mkdirSync(artifacts, { recursive: true });
    const file = join(artifacts, 'report.html');
    writeFileSync(file, renderHtml(runs, { title: 'bench report (recorded journals)', now: new Date('2026-11-22T00:00:00Z') }));

    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
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
      await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
      await page.screenshot({ path: join(artifacts, 'top.png') });
      await page
        .locator('.run')
        .first()
        .screenshot({ path: join(artifacts, 'first-run.png') });
    } finally {
      await context.close();
    }
  });
});
