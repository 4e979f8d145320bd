/**
 * The universes the testbed can build: each MediaWiki version comes from one Debian release's own
 * packages, so going from one to the next is a real upgrade (PHP, MariaDB and schema change too).
 */
export const universes = {
  '1.35': { suite: 'bullseye', debian: 11, php: '7.4', mariadb: '10.5' },
  '1.39': { suite: 'bookworm', debian: 12, php: '8.2', mariadb: '10.11' },
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
