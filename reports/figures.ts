/**
 * `bench report --figures <dir>`: every chart of the report as a PNG at print resolution, drawn
 * by the report page itself (the same chart.js code) in Debian's chromium, driven headless by
 * playwright-core with nothing fetched. The charts are laid out at their printed size (CSS
 * pixels, 96 to the inch) and rendered at dpi/96 device pixels per CSS pixel, so chart text of
 * 12 px prints at 9 pt; each PNG carries its resolution (a pHYs chunk), so a paper's
 * \includegraphics sizes it right without options. The file is named by run and chart; a
 * campaign's heatmaps (HTML tables) are screenshots of their tables at the same resolution,
 * named <campaign>-heatmap-<strategy>.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as zlib from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import type { CampaignPlanFile } from '../analysis/statistics/campaign.ts';
import type { RunView } from '../analysis/statistics/journal-view.ts';
import { badInput, infrastructure } from '../harness/exit-codes.ts';
import { type FigureSize, renderHtml } from './html.ts';

export const chromiumPath = '/usr/bin/chromium';
export const figureDpi = 300;
/** 6.5 x 2.83 inches, a full text width: multiples of 8 CSS pixels, whole device pixels at 300 dpi. */
export const figureSize: FigureSize = { widthPx: 624, heightPx: 272 };

/** A fresh headless chromium with its own throw-away profile; `close` removes the profile too. */
export async function openChromium(options: { deviceScaleFactor?: number; javaScriptEnabled?: boolean; executablePath?: string } = {}): Promise<BrowserContext & { dispose(): Promise<void> }> {
  const executablePath = options.executablePath ?? chromiumPath;
  if (!existsSync(executablePath)) throw infrastructure(`${executablePath} not found: the figures are drawn by Debian's chromium (apt-get install -y chromium)`);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw infrastructure(`${executablePath} did not start: ${(error as Error).message.split('\n')[0]}`);
  }
  return Object.assign(context, {
    dispose: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}

export interface Figure {
  file: string;
  width: number;
  height: number;
}

/** Writes one PNG per chart of the runs into `dir`; returns what it wrote. */
export async function exportFigures(runs: RunView[], dir: string, options: { title?: string; dpi?: number; executablePath?: string; plans?: CampaignPlanFile[] } = {}): Promise<Figure[]> {
  const dpi = options.dpi ?? figureDpi;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw badInput(`--figures ${dir}: cannot make the directory (${(error as Error).message})`);
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-figures-'));
  const page = join(work, 'report.html');
  writeFileSync(page, renderHtml(runs, { title: options.title, figureSize, plans: options.plans }));
  const browser = await openChromium({ deviceScaleFactor: dpi / 96, executablePath: options.executablePath });
  try {
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (e) => problems.push(e.message));
    await tab.goto(`file://${page}`);
    const rendered = await tab
      .waitForSelector(`body[data-rendered="${runs.length}"]`, { timeout: 60_000 })
      .then(() => true)
      .catch(() => false);
    if (!rendered || problems.length > 0) throw infrastructure(`the report page did not draw its charts in chromium${problems.length ? `: ${problems.join('; ')}` : ' within 60 s'}`);
    // Charts are transparent; a figure is printed on white.
    const images = await tab.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-figure]')].map((canvas) => {
        const flat = document.createElement('canvas');
        flat.width = canvas.width;
        flat.height = canvas.height;
        const ctx = flat.getContext('2d')!;
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, flat.width, flat.height);
        ctx.drawImage(canvas, 0, 0);
        return { name: canvas.dataset.figure!, width: flat.width, height: flat.height, png: flat.toDataURL('image/png') };
      }),
    );
    // A campaign's heatmaps are tables: a screenshot of each, at the same resolution.
    const tables = tab.locator('table[data-figure]');
    for (let i = 0; i < (await tables.count()); i++) {
      const table = tables.nth(i);
      const shot = await table.screenshot({ type: 'png' });
      // Width and height as the PNG's IHDR gives them.
      images.push({ name: (await table.getAttribute('data-figure'))!, width: shot.readUInt32BE(16), height: shot.readUInt32BE(20), png: `data:image/png;base64,${shot.toString('base64')}` });
    }
    return images.map(({ name, width, height, png }) => {
      const file = resolve(dir, `${name}.png`);
      try {
        writeFileSync(file, withResolution(Buffer.from(png.slice(png.indexOf(',') + 1), 'base64'), dpi));
      } catch (error) {
        throw badInput(`--figures ${dir}: cannot write ${file} (${(error as Error).message})`);
      }
      return { file, width, height };
    });
  } finally {
    await browser.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The PNG with a pHYs chunk (pixels per metre) right after its IHDR, which comes first. Node's
 * zlib has crc32 from 20.15 on; before, the PNG stays as chromium wrote it (resolution unsaid).
 */
export function withResolution(png: Buffer, dpi: number): Buffer {
  const { crc32 } = zlib as { crc32?: (data: Uint8Array) => number };
  if (!crc32) return png;
  const ihdrEnd = 8 + 4 + 4 + 13 + 4;
  const perMetre = Math.round(dpi / 0.0254);
  const body = Buffer.alloc(4 + 9);
  body.write('pHYs', 0, 'latin1');
  body.writeUInt32BE(perMetre, 4);
  body.writeUInt32BE(perMetre, 8);
  body.writeUInt8(1, 12); // unit: metre
  const length = Buffer.alloc(4);
  length.writeUInt32BE(9);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([png.subarray(0, ihdrEnd), length, body, crc, png.subarray(ihdrEnd)]);
}
