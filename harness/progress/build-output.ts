/**
 * Reads the output of an image build into stages and package counts: debootstrap's `I:` lines
 * for a base image, apt-get's lines inside a service image's `docker build`. Each reader returns
 * what changed for a line, or undefined when the line tells nothing new.
 */
import type { PackageCount } from './events.ts';

export interface BuildStage {
  stage: string;
  packages?: PackageCount;
}

export type BuildOutputReader = (line: string) => BuildStage | undefined;

/**
 * debootstrap prints no package total: it names each package as it retrieves it (alphabetically),
 * then as it extracts, unpacks and configures it. So retrieving counts up with no total, and the
 * packages retrieved are the total of the stages after it.
 */
export function debootstrapReader(): BuildOutputReader {
  const retrieved = new Set<string>();
  const seen = new Map<string, Set<string>>();
  let stage = '';
  const moved = (name: string, pkg?: string): BuildStage => {
    stage = name;
    if (pkg === undefined) return { stage };
    const names = seen.get(name) ?? new Set<string>();
    seen.set(name, names.add(pkg));
    return { stage, packages: { done: names.size, total: name === 'retrieving' ? undefined : retrieved.size } };
  };
  return (line) => {
    // "I: Retrieving adduser 3.134", "I: Validating adduser 3.134": a package and its version.
    const fetched = /^I: (Retrieving|Validating) (\S+) \S+$/.exec(line);
    if (fetched) {
      retrieved.add(fetched[2]!);
      return fetched[1] === 'Retrieving' ? moved('retrieving', fetched[2]) : undefined;
    }
    // "I: Extracting adduser...", "I: Unpacking adduser...", "I: Configuring adduser...".
    const perPackage = /^I: (Extracting|Unpacking|Configuring) (\S+)\.\.\.$/.exec(line);
    if (perPackage) return moved(perPackage[1]!.toLowerCase(), perPackage[2]);
    if (/^I: Resolving dependencies/.test(line)) return stage === 'resolving' ? undefined : moved('resolving');
    if (/^I: Installing core packages/.test(line)) return moved('installing core');
    if (/^I: Base system installed successfully/.test(line)) return moved('installed');
    return undefined;
  };
}

/**
 * apt-get inside a `docker build`: "0 upgraded, 123 newly installed, ..." gives the total, and
 * each "Setting up <package> (<version>) ..." is one package done.
 */
export function aptReader(): BuildOutputReader {
  let total: number | undefined;
  let done = 0;
  return (line) => {
    const planned = /^\d+ upgraded, (\d+) newly installed/.exec(line);
    if (planned) {
      total = Number(planned[1]);
      done = 0;
      return { stage: 'apt-get install', packages: { done, total } };
    }
    if (total !== undefined && /^Setting up \S+ \(/.test(line)) {
      done++;
      return { stage: 'apt-get install', packages: { done, total } };
    }
    return undefined;
  };
}
