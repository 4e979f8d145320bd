// `npm run bench:content`: the seed content's generation rate and volume at 10^3, 10^4 and 10^5
// articles (pages/s, MB of revision text, peak memory), and the spread of its sizes and revision
// counts. Each size runs in its own process, so its peak memory is its own.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pagesToXml, seedContent } from '../../harness/testbed/pages.ts';

const sizes = [1_000, 10_000, 100_000];
const seed = 1;
const percentiles = [0.1, 0.5, 0.9, 0.99, 0.999];

const quantile = (sorted: Float64Array | number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const size = Number(process.argv[2]);
if (Number.isInteger(size) && size > 0) {
  const started = performance.now();
  const startCpu = process.cpuUsage();
  const pages = { 0: 0, 1: 0, 10: 0, 14: 0 };
  let revisions = 0;
  let textBytes = 0;
  let links = 0;
  const articleBytes = new Float64Array(size);
  const revisionCounts = new Float64Array(size);
  let article = 0;
  for (const p of seedContent(size, seed)) {
    pages[p.namespace]++;
    revisions += p.revisions.length;
    for (const r of p.revisions) textBytes += Buffer.byteLength(r.text, 'utf8');
    links += p.links.length;
    if (p.namespace === 0) {
      articleBytes[article] = Buffer.byteLength(p.revisions.at(-1)!.text, 'utf8');
      revisionCounts[article++] = p.revisions.length;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(startCpu);
  // The XML dump's rate, on the first 1,000 articles' worth only (large wikis are seeded in bulk, not through XML).
  const xmlStarted = performance.now();
  let xmlBytes = 0;
  for (const chunk of pagesToXml(seedContent(Math.min(size, 1_000), seed))) xmlBytes += Buffer.byteLength(chunk, 'utf8');
  const xmlSeconds = (performance.now() - xmlStarted) / 1000;
  articleBytes.sort();
  revisionCounts.sort();
  console.log(
    JSON.stringify({
      size,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakBytes: process.resourceUsage().maxRSS * 1024,
      pages,
      revisions,
      textBytes,
      links,
      articleBytes: Object.fromEntries(percentiles.map((q) => [q, quantile(articleBytes, q)])),
      articleMax: articleBytes[size - 1],
      articleMean: articleBytes.reduce((a, b) => a + b, 0) / size,
      revisionCounts: Object.fromEntries(percentiles.map((q) => [q, quantile(revisionCounts, q)])),
      revisionMax: revisionCounts[size - 1],
      xmlMBps: xmlBytes / 1e6 / xmlSeconds,
    }),
  );
} else {
  const script = fileURLToPath(import.meta.url);
  const mb = (b: number) => (b / 1e6).toFixed(1);
  console.log('articles   all pages  revisions  text (MB)  time (s)  cpu (s)  pages/s  MB/s   peak MiB  XML MB/s');
  const results = [];
  for (const n of sizes) {
    const r = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script, String(n)], { encoding: 'utf8', maxBuffer: 2 ** 24 }));
    results.push(r);
    const all = Object.values(r.pages as Record<string, number>).reduce((a, b) => a + b, 0);
    console.log(
      `${String(n).padStart(8)}  ${String(all).padStart(10)}  ${String(r.revisions).padStart(9)}  ${mb(r.textBytes).padStart(9)}  ${r.seconds.toFixed(1).padStart(8)}  ${r.cpuSeconds.toFixed(1).padStart(7)}  ${(all / r.seconds).toFixed(0).padStart(7)}  ${(r.textBytes / 1e6 / r.seconds).toFixed(1).padStart(5)}  ${(r.peakBytes / 2 ** 20).toFixed(0).padStart(8)}  ${r.xmlMBps.toFixed(1).padStart(8)}`,
    );
  }
  for (const r of results) {
    const p = r.pages as Record<string, number>;
    console.log(
      `\n${r.size} articles: ${p[0]} articles, ${p[1]} talk pages, ${p[10]} templates, ${p[14]} categories; ${(r.revisions / (p[0] + p[1])).toFixed(2)} revisions a page; ${(r.links / p[0]).toFixed(1)} links an article`,
    );
    const row = (name: string, q: Record<string, number>, max: number, unit: string) => `  ${name}: ${percentiles.map((x) => `p${+(x * 100).toFixed(1)} ${q[x]}`).join(', ')}, max ${max}${unit}`;
    console.log(`${row('current article size (bytes)', r.articleBytes, r.articleMax, '')}, mean ${r.articleMean.toFixed(0)}`);
    console.log(row('revisions per article', r.revisionCounts, r.revisionMax, ''));
  }
}
