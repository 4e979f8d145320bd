// Each upgrade strategy, for real, under load: 1.35 -> 1.39 on two frontends. Afterwards every
// frontend serves 1.39, every seeded page and every acknowledged edit reads back, and the
// timeline has every step's marks.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, execOk, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { runScenario } from '../../harness/run.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import { stepNames, type StrategyName } from '../../faults/strategies.ts';
import { pageTitle } from '../../harness/testbed/pages.ts';
import { readWikitext, siteInfo } from '../../harness/testbed/wiki-client.ts';
import { completed, succeeded, type LedgerEntry, type RunEvent, type Sample } from '../../analysis/measure/timeline.ts';

let docker: Engine;
const pages = 30;

beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35', '1.39']), (line) => console.log(`images: ${line}`));
});

const scenarioFor = (strategy: StrategyName, extra = '') => {
  const yaml = `name: test-${strategy}
testbed: { from: "1.35", to: "1.39", frontends: 2, pages: ${pages} }
workload: { duration: 30s, rate: 12, mix: { read: 0.7, edit: 0.3 } }
upgrade: { strategy: ${strategy}, start_after: 5s${strategy === 'imago' ? ', max_quiescence: 10s' : ''} }
${strategy === 'imago' ? 'slo: { max_latency: 10s }' : ''}
${extra}`;
  const parsed = parseScenario(yaml, `${strategy}.yaml`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
};

describe.each(['offline', 'rolling', 'big-flip', 'imago'] as const)('the %s upgrade under load', (strategy) => {
  it('ends with every frontend on 1.39, every page and acknowledged edit readable, every step marked', async () => {
    const versions: string[] = [];
    const missingSeeded: string[] = [];
    const result = await runScenario({
      docker,
      scenario: scenarioFor(strategy),
      file: `${strategy}.yaml`,
      resultsDir: 'results/test-procedures',
      hooks: {
        beforeChecks: async ({ testbed }) => {
          for (const web of testbed.webs) {
            const info = await execOk(web, ['curl', '-sf', 'http://localhost/mediawiki/api.php?action=query&meta=siteinfo&format=json']);
            versions.push(JSON.parse(info).query.general.generator);
          }
          for (let i = 1; i <= pages; i++) if ((await readWikitext(testbed.url, pageTitle(i))) === undefined) missingSeeded.push(pageTitle(i));
        },
      },
    });
    expect(result.upgrade.outcome, result.upgrade.reason).toBe('completed');
    expect(versions).toHaveLength(2);
    for (const v of versions) expect(v).toMatch(/^MediaWiki 1\.39\./);
    expect(result.summary.acknowledged_writes).toBeGreaterThan(0);

    const journal = JSON.parse(await readFile(result.journal, 'utf8')) as { events: RunEvent[]; checks: { readback: { lost: LedgerEntry[]; changed: LedgerEntry[] } } };
    const { lost, changed } = journal.checks.readback;
    if (strategy === 'rolling') {
      // Rolling migrates the shared schema while 1.35 frontends still take edits: an edit that
      // 1.35 acknowledges in the middle of update.php can read back changed (seen in CI). That is
      // the strategy's mixed-version hazard, a finding; any other lost or changed write is not.
      const step = (kind: string) => journal.events.find((e) => e.kind === kind && e.name === 'migrate-schema')!.t;
      const duringMigration = (w: LedgerEntry) => w.t >= step('step-start') && w.t <= step('step-end') + 1000;
      expect([...lost, ...changed].filter((w) => !duringMigration(w))).toEqual([]);
      // Such an edit can also leave its seeded page unreadable (seen in CI: an append to
      // 'Волга' acknowledged by 1.35 while update.php ran); no other seeded page may go missing.
      const writtenInMigration = new Set([...lost, ...changed].filter(duringMigration).map((w) => w.page));
      expect(missingSeeded.filter((title) => !writtenInMigration.has(title))).toEqual([]);
      if (lost.length + changed.length > 0) console.log(`rolling: ${lost.length} lost, ${changed.length} changed writes, all acknowledged during migrate-schema`);
    } else {
      expect(missingSeeded).toEqual([]);
      expect(result.summary.lost_writes).toBe(0);
      expect(result.summary.changed_writes).toBe(0);
    }

    for (const step of stepNames(strategy, 2)) {
      expect(
        journal.events.filter((e) => e.kind === 'step-start' && e.name === step),
        step,
      ).toHaveLength(1);
      expect(
        journal.events.filter((e) => e.kind === 'step-end' && e.name === step && e.outcome === 'ok'),
        step,
      ).toHaveLength(1);
    }
    expect(await countLabelled(docker, result.run_id)).toEqual({ containers: 0, networks: 0, volumes: 0 });

    if (strategy === 'imago') {
      // Imago keeps U_old serving: no outage, and edits acknowledged after the snapshot are in
      // U_new after the switch-over.
      const window = (name: string) => {
        const start = journal.events.find((e) => e.kind === 'step-start' && e.name === name)!.t;
        const end = journal.events.find((e) => e.kind === 'step-end' && e.name === name)!.t;
        return { start, end };
      };
      // Reads are never held and writes only for the bounded hold: no request fails and no
      // outage window opens from the upgrade's start on.
      const samples = (await readFile(result.journal.replace(/journal\.json$/, 'requests.ndjson'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Sample);
      expect(samples.filter((s) => !succeeded(s))).toEqual([]);
      const upgradeStart = window('bootstrap-universe').start;
      expect(result.summary.outages.filter((o) => o.end_s * 1000 > upgradeStart)).toEqual([]);
      const hold = { start: window('quiesce').start, end: window('switch-over').end };
      const readsAnsweredInHold = samples.filter((s) => s.kind !== 'edit' && s.intended >= hold.start && completed(s) <= hold.end);
      expect(readsAnsweredInHold.length, 'reads answered while writes were held').toBeGreaterThan(0);
      const { imago } = JSON.parse(await readFile(result.journal, 'utf8')).upgrade as { imago: { quiescenceMs: number; differences: unknown[]; compared: number } };
      // The bound is 10 s here (and the users' patience, slo.max_latency, with it) so that a busy
      // test machine does not turn the test into an abort; the hold's length on a quiet machine
      // is in docs/procedures.md.
      expect(imago.quiescenceMs).toBeLessThanOrEqual(10_000);
      expect(imago.compared).toBeGreaterThan(0);
      expect(imago.differences).toEqual([]);
      // Edits acknowledged from the snapshot on until writes were held are the catch-up's to
      // carry (every round, the compare's and the quiesce's included); they must exist, and are
      // read back above. (One step alone, e.g. a 0.8 s catch-up, may see no edit at 3.6 edits/s.)
      const ledger = (JSON.parse(await readFile(result.journal, 'utf8')) as { ledger: Array<{ t: number }> }).ledger;
      const carried = ledger.filter((w) => w.t >= window('transfer-data').start && w.t <= hold.start);
      expect(carried.length, 'edits acknowledged between the snapshot and the hold').toBeGreaterThan(0);
    }
  });
});

describe('imago with a broken new universe', () => {
  it('aborts before the switch-over: the old universe keeps serving and no write is lost', async () => {
    let servedVersion = '';
    const result = await runScenario({
      docker,
      scenario: scenarioFor('imago', 'fault: { class: simple-config, kind: typo-localsettings, params: { directive: $wgDBserver, part: value, typo: omission, seed: 1 }, at: after:migrate-schema }'),
      file: 'imago-broken.yaml',
      resultsDir: 'results/test-procedures',
      hooks: {
        beforeChecks: async ({ testbed }) => {
          servedVersion = (await siteInfo(testbed.url)).generator;
        },
      },
    });
    expect(result.upgrade.outcome).toBe('aborted');
    // The broken settings stop U_new's own maintenance scripts (catch-up) or its answers (compare).
    expect(result.upgrade.reason).toMatch(/^(catch-up|compare): /);
    expect(result.upgrade.steps.map((s) => s.name)).not.toContain('switch-over');
    expect(servedVersion).toMatch(/^MediaWiki 1\.35\./);
    expect(result.summary.errors).toBe(0);
    expect(result.summary.lost_writes).toBe(0);
    expect(result.baseline?.upgrade.outcome).toBe('completed');
  });
});
