import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderedCampaignSchema, renderedJsonSchema, withCampaignFields, withFaultCatalog, withFieldReference } from '../../harness/commands/schema.ts';
import { allFaultKinds } from '../../faults/index.ts';
import { loadScenarioFile, parseScenario, type ScenarioIssue } from '../../harness/scenario/load.ts';

const invalid = (name: string) => `test/fixtures/invalid/${name}.yaml`;

async function issuesOf(name: string): Promise<ScenarioIssue[]> {
  const result = await loadScenarioFile(invalid(name));
  if (result.ok) throw new Error(`${name} validated`);
  return result.issues;
}

describe('scenario validation', () => {
  // Each named fixture is wrong in one way; the error must name the line and field of it.
  const cases: Array<[string, number, string, RegExp]> = [
    ['yaml-syntax-error', 3, '', /YAML syntax error/],
    ['unknown-top-level-field', 6, 'wrkload', /unknown field "wrkload".*one of the fields name, description, testbed/],
    ['unknown-fault-class', 9, 'fault.class', /"network".*one of simple-config, semantic-config, environment, data-access/],
    ['negative-duration', 7, 'workload.duration', /"-5s".*positive duration/],
    ['zero-frontends', 5, 'testbed.frontends', /number 0.*from 1 to 8/],
    ['missing-testbed', 1, 'testbed', /missing.*required field testbed/],
    ['mix-not-summing-to-one', 7, 'workload.mix', /sum to 1/],
    ['to-older-than-from', 4, 'testbed.to', /older than from "1.39"/],
    ['unquoted-version', 4, 'testbed.to', /bare 1.40 as 1.4/],
    ['fault-at-unknown-step', 11, 'fault.at', /"before:warp-drive".*before:migrate-schema/],
    ['fault-kind-cannot-apply', 11, 'fault.at', /old-database cannot apply.*one database in place/],
    ['fault-params-wrong', 11, 'fault.params.workers', /number 0.*>=1/],
  ];
  it.each(cases)('%s is reported at line %i, field %s', async (name, line, path, message) => {
    const issues = await issuesOf(name);
    const issue = issues.find((i) => i.path === path && message.test(`${i.found}, expected ${i.expected}`));
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.line).toBe(line);
    expect(issue!.file).toBe(invalid(name));
  });

  it('reports every error in a file, not only the first', async () => {
    const paths = (await issuesOf('several-errors')).map((i) => i.path);
    expect(paths).toEqual(['testbed.frontends', 'testbed.colour', 'workload.duration', 'workload.connections', 'trials']);
  });

  it('fills defaults and reads durations as milliseconds', () => {
    const result = parseScenario('name: x\ntestbed: { from: "1.35", to: "1.39" }\nworkload: { duration: 2m }\n', 'inline.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.workload.duration).toBe(120_000);
    expect(result.scenario.upgrade).toEqual({ strategy: 'none', start_after: 10_000, max_quiescence: 2000 });
    expect(result.scenario.testbed.frontends).toBe(2);
  });

  it('accepts the same version twice only without an upgrade', () => {
    expect(parseScenario('name: x\ntestbed: { from: "1.39", to: "1.39" }\n', 'a.yaml').ok).toBe(true);
    expect(parseScenario('name: x\ntestbed: { from: "1.39", to: "1.39" }\nupgrade: { strategy: rolling }\n', 'b.yaml').ok).toBe(false);
  });

  it('every bundled scenario validates', async () => {
    const files = (await readdir('scenarios')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const result = await loadScenarioFile(`scenarios/${f}`);
      expect(result.ok ? [] : result.issues, f).toEqual([]);
    }
  });

  it('the committed scenarios/schema.json is the generated one', async () => {
    expect(await readFile('scenarios/schema.json', 'utf8'), 'run `npm run schema`').toBe(renderedJsonSchema());
  });

  it('the committed scenarios/campaign.schema.json is the generated one', async () => {
    expect(await readFile('scenarios/campaign.schema.json', 'utf8'), 'run `npm run schema`').toBe(renderedCampaignSchema());
  });

  it("docs/scenarios.md's field table is the generated one", async () => {
    const doc = await readFile('docs/scenarios.md', 'utf8');
    expect(doc, 'run `npm run schema`').toBe(withFieldReference(doc));
  });

  it("docs/campaigns.md's field table is the generated one", async () => {
    const doc = await readFile('docs/campaigns.md', 'utf8');
    expect(doc, 'run `npm run schema`').toBe(withCampaignFields(doc));
  });

  it("docs/faults.md's catalog table is the generated one (each kind's own description, params and points)", async () => {
    const doc = await readFile('docs/faults.md', 'utf8');
    expect(doc, 'run `npm run schema`').toBe(withFaultCatalog(doc));
    // One row per kind of the catalog, and a stale description would differ.
    expect(doc.match(/^\| (simple-config|semantic-config|environment|data-access) \| `/gm)).toHaveLength(allFaultKinds.length);
    expect(withFaultCatalog(doc.replace('A ConfErr-style typo in a LocalSettings.php setting', 'An old description'))).toBe(doc);
  });

  it('bench validate exits 2 for an invalid file and 0 for a valid one', { timeout: 60_000 }, async () => {
    const run = promisify(execFile);
    const bad = await run('node', ['harness/bench.mjs', 'validate', 'scenarios/rolling-baseline.yaml', invalid('zero-frontends')]).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('zero-frontends.yaml:5:14 testbed.frontends');
    const good = await run('node', ['harness/bench.mjs', 'validate', 'scenarios/rolling-baseline.yaml']);
    expect(good.stdout).toContain('ok');
  });
});
