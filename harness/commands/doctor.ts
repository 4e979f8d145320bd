import { execFileSync } from 'node:child_process';
import { readdirSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { connectEngine, listRuns, type Engine, type RunResources } from '../docker.ts';
import { ExitCode } from '../exit-codes.ts';
import { buildTreePattern, imagesFor } from '../images.ts';
import { ownerAlive, ownerState } from '../owner.ts';
import { freePort } from '../testbed/index.ts';
import { versions } from '../versions.ts';

interface Finding {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('Check the Docker engine, the images, free ports and disk, and say how to fix each problem')
    .option('--json', 'print the findings as JSON')
    .action(async (options: { json?: boolean }) => {
      const findings = await diagnose();
      if (options.json) console.log(JSON.stringify(findings, null, 2));
      else for (const f of findings) console.log(`${f.ok ? 'ok  ' : 'FAIL'} ${f.check}: ${f.detail}${f.fix && !f.ok ? `\n       fix: ${f.fix}` : ''}`);
      if (findings.some((f) => !f.ok)) process.exitCode = ExitCode.infrastructure;
    });
}

async function diagnose(): Promise<Finding[]> {
  const findings: Finding[] = [];
  findings.push(hasCommand('debootstrap', 'builds the offline base images', 'apt-get install debootstrap (or bash docker/setup-host.sh)'));

  let docker: Engine | undefined;
  try {
    docker = await connectEngine();
    const version = await docker.version();
    findings.push({ check: 'Docker engine', ok: true, detail: `dockerd ${version.Version} answers` });
  } catch (error) {
    findings.push({ check: 'Docker engine', ok: false, detail: (error as Error).message.split('\n')[0]!, fix: 'bash docker/setup-host.sh (as root), or sudo bash docker/start-engine.sh' });
  }

  if (docker) {
    for (const spec of imagesFor(versions)) {
      const present = await docker
        .getImage(spec.tag)
        .inspect()
        .then(
          () => true,
          () => false,
        );
      findings.push({ check: `image ${spec.tag}`, ok: present, detail: present ? 'present' : 'missing', fix: 'bench images (bench run and bench up also build it)' });
    }
    findings.push(...runFindings(await listRuns(docker)));
    const root = (await docker.info()).DockerRootDir as string;
    findings.push(freeDisk(`disk under ${root}`, root, 10, 'free space: docker image prune, or remove old results/'));
  }
  findings.push(freeDisk('disk under the working directory', process.cwd(), 1, 'free space for results/'));
  findings.push(buildTreeFinding());

  try {
    const port = await freePort();
    findings.push({ check: 'free port on 127.0.0.1', ok: true, detail: `e.g. ${port}` });
  } catch (error) {
    findings.push({ check: 'free port on 127.0.0.1', ok: false, detail: (error as Error).message, fix: 'stop what holds the ephemeral ports' });
  }
  return findings;
}

/** Live runs are reported as such; only what nobody owns any more is a problem. */
function runFindings(runs: RunResources[]): Finding[] {
  const findings = runs.map((run): Finding => {
    const state = ownerState(run.runId, run.owner);
    const what = `${run.containers} containers, ${run.networks} networks, ${run.volumes} volumes`;
    const check = `run ${run.runId}`;
    if (state === 'live') return { check, ok: true, detail: `live (pid ${run.owner!.pid}): ${what}` };
    if (state === 'kept') return { check, ok: true, detail: `testbed kept by bench up: ${what}`, fix: `bench down ${run.runId}` };
    if (state === 'elsewhere') return { check, ok: true, detail: `owned by host ${run.owner!.host} (not checked from here): ${what}` };
    return {
      check,
      ok: false,
      detail: `leftover, its owner is ${state === 'stale' ? 'hanging (no heartbeat for a minute)' : 'gone'}: ${what}`,
      fix: 'bench down (removes leftovers, never a live run)',
    };
  });
  return findings.length > 0 ? findings : [{ check: 'runs', ok: true, detail: 'no bench runs on this engine' }];
}

/** debootstrap trees that a killed `bench images` left (a live build's tree is not one). */
function buildTreeFinding(): Finding {
  const left = readdirSync(tmpdir())
    .filter((name) => {
      const pid = buildTreePattern.exec(name)?.[1];
      return pid !== undefined && !ownerAlive({ pid: Number(pid), started: '' });
    })
    .map((name) => join(tmpdir(), name));
  return left.length === 0
    ? { check: 'image build trees', ok: true, detail: 'none left behind' }
    : { check: 'image build trees', ok: false, detail: `${left.length} left by killed builds: ${left.join(', ')}`, fix: `rm -rf ${left.join(' ')}` };
}

function hasCommand(command: string, why: string, fix: string): Finding {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return { check: command, ok: true, detail: `installed (${why})` };
  } catch {
    return { check: command, ok: false, detail: `not installed (${why})`, fix };
  }
}

function freeDisk(check: string, path: string, minGiB: number, fix: string): Finding {
  try {
    const stats = statfsSync(path);
    const gib = (stats.bavail * stats.bsize) / 2 ** 30;
    return { check, ok: gib >= minGiB, detail: `${gib.toFixed(1)} GiB free (needs ${minGiB} GiB)`, fix };
  } catch (error) {
    return { check, ok: false, detail: (error as Error).message, fix };
  }
}
