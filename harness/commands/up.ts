import { Command } from 'commander';
import { connectEngine } from '../docker.ts';
import { ensureImages, imagesFor } from '../images.ts';
import { progressDisplay, scopeNote } from '../progress/index.ts';
import { withRunScope } from '../run-scope.ts';
import { loadScenarioOrThrow } from '../scenario/load.ts';
import { newRunId, startTestbed } from '../testbed/index.ts';

export function upCommand(): Command {
  return new Command('up')
    .description("Bring up a scenario's testbed (its `from` version), print the wiki's 127.0.0.1 URL and leave it running")
    .argument('<scenario>', 'scenario YAML file')
    .option('--json', 'print {runId, url, version, timings} as JSON')
    .option('--quiet', 'print no progress: only the result and errors')
    .action(async (file: string, options: { json?: boolean; quiet?: boolean }) => {
      const scenario = await loadScenarioOrThrow(file);
      const docker = await connectEngine();
      const { from } = scenario.testbed;
      const display = progressDisplay({ quiet: options.quiet, verb: 'up' });
      const runId = newRunId(scenario.name);
      const started = performance.now();
      const testbed = await (async () => {
        await ensureImages(docker, imagesFor([from]), display);
        return withRunScope(
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
              progress: (stage) => display.event({ kind: 'phase', run: runId, phase: 'up', detail: stage }),
            }),
          { keepOnSuccess: true, log: (line) => display.event(scopeNote(line)) },
        );
      })().finally(() => display.close());
      const seconds = (performance.now() - started) / 1000;
      if (options.json) {
        console.log(JSON.stringify({ runId, url: testbed.url, version: from, seconds, timings: testbed.timings }, null, 2));
      } else {
        console.log(`MediaWiki ${from} is up in ${seconds.toFixed(1)} s: ${testbed.url}/index.php/Main_Page`);
        console.log(`run id: ${runId}   remove it with: bench down ${runId}`);
      }
    });
}
