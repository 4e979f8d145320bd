import { Command } from 'commander';
import { connectEngine } from '../docker.ts';
import { ensureImages, imagesFor } from '../images.ts';
import { withRunScope } from '../run-scope.ts';
import { redact } from '../secrets.ts';
import { loadScenarioOrThrow } from '../scenario/load.ts';
import { newRunId, startTestbed } from '../testbed/index.ts';

export function upCommand(): Command {
  return new Command('up')
    .description("Bring up a scenario's testbed (its `from` version), print the wiki's 127.0.0.1 URL and leave it running")
    .argument('<scenario>', 'scenario YAML file')
    .option('--json', 'print {runId, url, version, timings} as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const scenario = await loadScenarioOrThrow(file);
      const docker = await connectEngine();
      const { from } = scenario.testbed;
      await ensureImages(docker, imagesFor([from]), (line) => console.error(`images: ${line}`));
      const runId = newRunId(scenario.name);
      const started = performance.now();
      const testbed = await withRunScope(
        docker,
        runId,
        ({ signal }) =>
          startTestbed(docker, {
            runId,
            version: from,
            frontends: scenario.testbed.frontends,
            pages: scenario.testbed.pages,
            seed: scenario.seed,
            signal,
            progress: (l) => console.error(redact(`up ${runId}: ${l}`)),
          }),
        { keepOnSuccess: true },
      );
      const seconds = (performance.now() - started) / 1000;
      if (options.json) {
        console.log(JSON.stringify({ runId, url: testbed.url, version: from, seconds, timings: testbed.timings }, null, 2));
      } else {
        console.log(`MediaWiki ${from} is up in ${seconds.toFixed(1)} s: ${testbed.url}/index.php/Main_Page`);
        console.log(`run id: ${runId}   remove it with: bench down ${runId}`);
      }
    });
}
