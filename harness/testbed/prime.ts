/**
 * Warming the testbed up before the load, and what it is made of.
 */
import { performance } from 'node:perf_hooks';
import { infrastructure } from '../exit-codes.ts';
import type { Testbed } from './index.ts';
import { pageTitle } from './pages.ts';
import { viewPage } from './wiki-client.ts';
import { heavyTitles } from './wiki-vocabulary.ts';

/**
 * How many of the most popular articles are viewed before the load. Viewing all of them would take
 * hours at 100,000 pages (~16 views a second on two cores) and is not what a serving wiki looks
 * like either: its popular pages are warm, its long tail mostly cold. Under the load's Zipf
 * popularity the first few hundred articles by rank take most of the reads, so warming them (and
 * the heavy special pages) brings the load to a steady state as a serving wiki would; the rest
 * warm as the load reaches them, during its warm-up.
 */
export const primedArticles = 300;

/**
 * Views the heavier pages and the `primedArticles` most popular articles (two at a time) until
 * each has answered 200 once, before the load starts, so the load meets warm caches (parser cache,
 * localisation cache, opcache) as a serving wiki has, and HAProxy's health checks (1 s) do not
 * fail on a cold wiki. A wiki that does not serve them within 120 s did not come up: an
 * infrastructure error.
 */
export async function prime(testbed: Testbed, pages: number, signal: AbortSignal): Promise<{ pages: number; seconds: number; retries: number }> {
  const started = performance.now();
  const deadline = started + 120_000;
  const titles = [...heavyTitles, ...Array.from({ length: Math.min(pages, primedArticles) }, (_, i) => pageTitle(i + 1))];
  let retries = 0;
  const view = async (title: string) => {
    for (;;) {
      signal.throwIfAborted();
      const answer = await viewPage(testbed.url, title).catch((e: Error) => ({ status: 0, html: e.message }));
      if (answer.status === 200) return;
      if (performance.now() > deadline) throw infrastructure(`the wiki at ${testbed.url} did not serve "${title}" within 120 s (last: HTTP ${answer.status})`);
      retries++;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  await view(titles[0]!);
  let next = 1;
  const worker = async () => {
    while (next < titles.length) await view(titles[next++]!);
  };
  await Promise.all([worker(), worker()]);
  return { pages: titles.length, seconds: (performance.now() - started) / 1000, retries };
}

/** The image (tag and id) of each of the testbed's containers, for the journal. */
export async function imageIds(testbed: Testbed): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [role, container] of [['db', testbed.db], ['ingress', testbed.ingress], ...testbed.webs.map((w, i) => [`web-${i + 1}`, w] as const)] as const) {
    const info = await container.inspect();
    out[role] = `${info.Config.Image} ${info.Image}`;
  }
  return out;
}
