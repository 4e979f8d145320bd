import { Command } from 'commander';
import { connectEngine, listRuns, removeLabelled, type RunResources, type Sweep } from '../docker.ts';
import { badInput } from '../exit-codes.ts';
import { removedByDown, ownerState, removeRunState, type OwnerState } from '../owner.ts';
import { removeSeeds } from '../testbed/seed.ts';

interface Outcome extends RunResources {
  state: OwnerState;
  removed: boolean;
}

const describeKept = (o: RunResources & { state: OwnerState }) =>
  o.state === 'live' ? `live (pid ${o.owner!.pid} on this host); --force removes it anyway` : `owned by host ${o.owner!.host}, whose processes cannot be seen from here; --force removes it`;

export function downCommand(): Command {
  return new Command('down')
    .description(
      'Remove what runs left behind: the containers, networks and volumes of runs whose owner is gone (killed, crashed), ' +
        'of testbeds that `bench up` kept, or of one run by id. A live run (its bench process still works) is never removed without --force. ' +
        'Cached seed databases (volumes labelled bench.seed, listed by `bench images`) are kept unless --seeds is given.',
    )
    .argument('[run-id]', 'the run to remove (`bench doctor` lists them); every leftover run when omitted')
    .option('--force', 'also remove live runs and runs of other hosts')
    .option('--json', 'print what was removed and what was left as JSON')
    .option('--seeds', 'also remove the cached seed databases (built again by the next run that needs one)')
    .action(async (runId: string | undefined, options: { force?: boolean; json?: boolean; seeds?: boolean }) => {
      // An unset shell variable (`bench down "$RUN"`) must not turn into "every run".
      if (runId !== undefined && runId.trim() === '') throw badInput('bench down: the run id is empty (omit it to remove every leftover run)');
      const docker = await connectEngine();
      const seeds = options.seeds ? await removeSeeds(docker) : undefined;
      if (seeds && !options.json) {
        for (const volume of seeds.removed) console.log(`removed seed ${volume}`);
        for (const volume of seeds.inUse) console.log(`left seed ${volume}: in use (a run is copying it or a build is writing it)`);
      }
      const runs = (await listRuns(docker)).filter((r) => runId === undefined || r.runId === runId);
      if (runId !== undefined && runs.length === 0) {
        removeRunState(runId);
        console.log(options.json ? JSON.stringify({ runId, containers: 0, networks: 0, volumes: 0, runs: [], ...(seeds ? { seeds } : {}) }) : `nothing labelled with run ${runId}`);
        return;
      }
      const outcomes: Outcome[] = [];
      for (const run of runs) {
        const state = ownerState(run.runId, run.owner);
        const remove = options.force || removedByDown(state);
        // Asked for this run by name and refused: an error, so that a script knows it is still there.
        if (!remove && runId !== undefined) throw badInput(`bench down: run ${runId} is ${describeKept({ ...run, state })}`);
        if (remove) {
          Object.assign(run, await removeLabelled(docker, run.runId));
          removeRunState(run.runId);
        }
        outcomes.push({ ...run, state, removed: remove });
      }
      const total = (kind: keyof Sweep) => outcomes.filter((o) => o.removed).reduce((sum, o) => sum + o[kind], 0);
      if (options.json) {
        console.log(JSON.stringify({ runId: runId ?? null, containers: total('containers'), networks: total('networks'), volumes: total('volumes'), runs: outcomes, ...(seeds ? { seeds } : {}) }));
      } else {
        for (const o of outcomes)
          console.log(o.removed ? `removed ${o.runId} (${o.state}): ${o.containers} containers, ${o.networks} networks, ${o.volumes} volumes` : `left ${o.runId}: ${describeKept(o)}`);
        if (outcomes.length === 0) console.log('no bench runs on this engine');
      }
    });
}
