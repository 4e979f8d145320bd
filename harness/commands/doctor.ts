import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { Command } from 'commander';
import { connectEngine, countLabelled, type Engine } from '../docker.ts';
import { ExitCode } from '../exit-codes.ts';
import { imagesFor } from '../images.ts';
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
      const present = await docker.getImage(spec.tag).inspect().then(() => true, () => false);
      findings.push({ check: `image ${spec.tag}`, ok: present, detail: present ? 'present' : 'missing', fix: 'bench images (bench run and bench up also build it)' });
    }
    const left = await countLabelled(docker);
    const leftovers = left.containers + left.networks + left.volumes;
    findings.push({ check: 'leftover runs', ok: leftovers === 0, detail: `${left.containers} containers, ${left.networks} networks, ${left.volumes} volumes labelled by bench`, fix: 'bench down (a run started by `bench up` stays until then)' });
    const root = (await docker.info()).DockerRootDir as string;
    findings.push(freeDisk(`disk under ${root}`, root, 10, 'free space: docker image prune, or remove old results/'));
  }
  findings.push(freeDisk('disk under the working directory', process.cwd(), 1, 'free space for results/'));

  try {
    const port = await freePort();
    findings.push({ check: 'free port on 127.0.0.1', ok: true, detail: `e.g. ${port}` });
  } catch (error) {
    findings.push({ check: 'free port on 127.0.0.1', ok: false, detail: (error as Error).message, fix: 'stop what holds the ephemeral ports' });
  }
  return findings;
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
