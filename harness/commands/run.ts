import { Command } from 'commander';
import { connectEngine } from '../docker.ts';
import { ExitCode } from '../exit-codes.ts';
import { ensureImages, imagesFor } from '../images.ts';
import { withRunScope } from '../run-scope.ts';
import { formatIssue, loadScenarioFile } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { smokeChecks, type Check } from '../smoke.ts';
import { newRunId, startTestbed } from '../testbed/index.ts';
import { badInput } from '../exit-codes.ts';

interface RunResult {
  runId: string;
  scenario: string;
  file: string;
  version: string;
  upSeconds: number;
  checks: Check[];
  passed: boolean;
}

export function runCommand(): Command {
  return new Command('run')
    .description('Run scenarios: bring the testbed up, exercise it, tear it down (every file is validated before anything starts)')
    .argument('<files...>', 'scenario YAML files')
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], options: { json?: boolean }) => {
      const loaded = await Promise.all(files.map(loadScenarioFile));
      const invalid = loaded.flatMap((r) => (r.ok ? [] : r.issues.map(formatIssue)));
      if (invalid.length > 0) throw badInput(`invalid scenarios, nothing was started:\n${invalid.join('\n')}`);

      const docker = await connectEngine();
      const results: RunResult[] = [];
      for (const r of loaded) {
        if (!r.ok) continue;
        results.push(await runScenario(docker, r.scenario, r.file));
      }
      if (options.json) console.log(JSON.stringify(results, null, 2));
      else for (const result of results) printResult(result);
      if (results.some((r) => !r.passed)) process.exitCode = ExitCode.sloBroken;
    });
}

async function runScenario(docker: Awaited<ReturnType<typeof connectEngine>>, scenario: Scenario, file: string): Promise<RunResult> {
  const { from, to } = scenario.testbed;
  await ensureImages(docker, imagesFor([from, to]), (line) => console.error(`images: ${line}`));
  const runId = newRunId(scenario.name);
  return withRunScope(docker, runId, async ({ signal }) => {
    const started = performance.now();
    const testbed = await startTestbed(docker, {
      runId,
      version: from,
      frontends: scenario.testbed.frontends,
      pages: scenario.testbed.pages,
      seed: scenario.seed,
      signal,
      progress: (line) => console.error(`run ${runId}: ${line}`),
    });
    const upSeconds = (performance.now() - started) / 1000;
    const checks = await smokeChecks(testbed, scenario.seed);
    return { runId, scenario: scenario.name, file, version: from, upSeconds, checks, passed: checks.every((c) => c.ok) };
  });
}

function printResult(r: RunResult) {
  console.log(`${r.passed ? 'PASS' : 'FAIL'} ${r.scenario} (${r.file}) run ${r.runId}: MediaWiki ${r.version} up in ${r.upSeconds.toFixed(1)} s`);
  for (const c of r.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
}
