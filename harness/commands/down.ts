import { Command } from 'commander';
import { connectEngine, removeLabelled } from '../docker.ts';

export function downCommand(): Command {
  return new Command('down')
    .description('Remove the containers, networks and volumes of one run, or of every bench run (also what killed runs left)')
    .argument('[run-id]', 'the run to remove; all bench runs when omitted')
    .option('--json', 'print what was removed as JSON')
    .action(async (runId: string | undefined, options: { json?: boolean }) => {
      const docker = await connectEngine();
      const removed = await removeLabelled(docker, runId);
      if (options.json) console.log(JSON.stringify({ runId: runId ?? null, ...removed }));
      else console.log(`removed ${removed.containers} containers, ${removed.networks} networks, ${removed.volumes} volumes${runId ? ` of ${runId}` : ' labelled by bench'}`);
    });
}
