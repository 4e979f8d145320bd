/**
 * The universes the testbed can build: each MediaWiki version comes from one Debian release's own
 * packages, so going from one to the next is a real upgrade (PHP, MariaDB and schema change too).
 *
 * What decides whether an upgrade path can work, read from each version's own code in its package:
 * - `upgradesFrom`: the oldest MediaWiki whose database its maintenance/update.php migrates (it
 *   refuses older ones: "Can not upgrade from versions older than ..."; 1.35's has no such check);
 * - `mariadbAtLeast`: the oldest MariaDB server its installer accepts (MysqlInstaller.php). The
 *   in-place strategies (offline, rolling, big-flip) keep the old universe's server, so the new
 *   version runs on it; only Imago brings up the new release's server, loaded from a logical dump.
 */
export const universes = {
  '1.35': { suite: 'bullseye', debian: 11, php: '7.4', mariadb: '10.5', mariadbAtLeast: '5.5.8' },
  '1.39': { suite: 'bookworm', debian: 12, php: '8.2', mariadb: '10.11', upgradesFrom: '1.31', mariadbAtLeast: '10.3' },
  '1.43': { suite: 'trixie', debian: 13, php: '8.4', mariadb: '11.8', upgradesFrom: '1.35', mariadbAtLeast: '10.3' },
} as const;

export type Version = keyof typeof universes;
export type Suite = (typeof universes)[Version]['suite'];

export const versions = Object.keys(universes) as Version[];

export function isVersion(text: unknown): text is Version {
  return typeof text === 'string' && text in universes;
}

/** Numeric comparison of dotted versions ("1.9" < "1.35"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** What the path check needs of a universe. */
export interface UniverseFacts {
  mariadb: string;
  upgradesFrom?: string;
  mariadbAtLeast: string;
}

/**
 * Why the bench cannot upgrade `from` to a newer `to`, or undefined when it can; `inPlace`: the
 * new version runs on the old universe's MariaDB server (every strategy but Imago). Pure:
 * `bench validate` refuses such a scenario with this reason.
 */
export function upgradeRefusal(from: string, to: string, o: { inPlace: boolean }, table: Readonly<Record<string, UniverseFacts>> = universes): string | undefined {
  const old = table[from];
  const next = table[to];
  if (!old || !next || compareVersions(to, from) <= 0) return undefined;
  if (next.upgradesFrom !== undefined && compareVersions(from, next.upgradesFrom) < 0) {
    return `MediaWiki ${to}'s update.php upgrades from ${next.upgradesFrom} or later only: upgrade ${from} to an intermediate version first`;
  }
  if (o.inPlace && compareVersions(old.mariadb, next.mariadbAtLeast) < 0) {
    return `MediaWiki ${to} needs MariaDB ${next.mariadbAtLeast} or later, and the in-place strategies keep ${from}'s MariaDB ${old.mariadb}`;
  }
  return undefined;
}

/**
 * The releases a fault meets in the universe being upgraded: the in-place strategies upgrade the
 * old universe's database server, Imago the new one's.
 */
export const upgradedSystem = (from: Version, to: Version, strategy: string): { mariadb: string } => ({ mariadb: universes[strategy === 'imago' ? to : from].mariadb });
