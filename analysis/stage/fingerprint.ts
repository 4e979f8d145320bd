// Fingerprints of a machine's environmental resources (after Mirage): what an upgrade may
// depend on, each resource a kind, a name and a value that changes when the resource does.
// Parsing of the collectors' raw outputs and the vendor rules are pure, so they are tested
// on literal outputs; harness/stage/fingerprint.ts runs the commands in containers.

export const resourceKinds = ['package', 'library', 'config', 'file', 'env', 'service'] as const;
export type ResourceKind = (typeof resourceKinds)[number];

export interface Resource {
  kind: ResourceKind;
  name: string;
  value: string;
}

export interface Fingerprint {
  /** The machine: a container name, or the image it was made from. */
  machine: string;
  image: string;
  imageId: string;
  resources: Resource[];
  /** Resources dropped by each vendor rule (rule pattern: count), so noise stays visible. */
  excluded: Record<string, number>;
  warnings: string[];
}

/**
 * A vendor rule excludes resources that are not environment but noise: logs, temporary and data
 * files, per-container files. Mirage's Apache example needed two: `*.html` and `access_log`.
 * A pattern without a `/` matches the last path segment (or the whole name of a non-file).
 */
export interface VendorRule {
  vendor: string;
  kinds: ResourceKind[];
  pattern: string;
  why: string;
}

const files: ResourceKind[] = ['config', 'file'];

export const defaultVendorRules: VendorRule[] = [
  { vendor: 'any', kinds: files, pattern: '/var/log/**', why: 'log files' },
  { vendor: 'any', kinds: files, pattern: '*.log', why: 'log files' },
  { vendor: 'any', kinds: files, pattern: '/tmp/**', why: 'temporary files' },
  { vendor: 'any', kinds: files, pattern: '/var/tmp/**', why: 'temporary files' },
  { vendor: 'docker', kinds: files, pattern: '/etc/{hostname,hosts,resolv.conf}', why: 'written by Docker for each container' },
  { vendor: 'docker', kinds: ['env'], pattern: 'HOSTNAME', why: 'the container id' },
  { vendor: 'glibc', kinds: files, pattern: '/etc/ld.so.cache', why: 'derived from the libraries, which are fingerprinted themselves' },
  { vendor: 'apache', kinds: files, pattern: 'access_log*', why: 'log file (Mirage: misclassified until excluded)' },
  { vendor: 'apache', kinds: files, pattern: '/var/www/**/*.html', why: 'data files (Mirage: index.html misclassified until excluded)' },
  { vendor: 'mediawiki', kinds: files, pattern: '/var/lib/mediawiki/{images,cache}/**', why: 'uploads and caches are data' },
];

/** Glob to RegExp: `**` crosses `/`, `*` and `?` do not, `{a,b}` alternates (an unclosed `{` throws). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` is zero or more directories, so /var/www/**/*.html also matches /var/www/a.html.
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) throw new Error(`${glob}: a { without its }`);
      re += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map(escapeRe)
        .join('|')})`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

const escapeRe = (s: string) => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');

export function ruleMatches(rule: VendorRule, resource: Resource): boolean {
  if (!rule.kinds.includes(resource.kind)) return false;
  const subject = rule.pattern.includes('/') ? resource.name : resource.name.slice(resource.name.lastIndexOf('/') + 1);
  return globToRegExp(rule.pattern).test(subject);
}

/** Splits resources into those kept and the counts each (first matching) rule excluded. */
export function applyVendorRules(resources: Resource[], rules: VendorRule[]): { kept: Resource[]; excluded: Record<string, number> } {
  const kept: Resource[] = [];
  const excluded: Record<string, number> = {};
  for (const r of resources) {
    const rule = rules.find((rule) => ruleMatches(rule, r));
    if (rule) excluded[rule.pattern] = (excluded[rule.pattern] ?? 0) + 1;
    else kept.push(r);
  }
  return { kept, excluded };
}

// ---- parsers of the collectors' outputs ----

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/** `dpkg-query -W -f '${Package}\t${Version}\n'` */
export function parsePackages(text: string): Resource[] {
  return lines(text).map((l) => {
    const [name, version = ''] = l.split('\t');
    return { kind: 'package', name, value: version };
  });
}

/** Lines `soname<TAB>arch<TAB>real path<TAB>sha256` from the library script. */
export function parseLibraries(text: string): Resource[] {
  return lines(text).map((l) => {
    const [soname, arch, real, hash = ''] = l.split('\t');
    // bullseye adds ", OS ABI: Linux 3.2.0" to the arch: not part of the library's identity.
    return { kind: 'library', name: `${soname} (${arch.split(', OS ABI')[0]})`, value: `${real.slice(real.lastIndexOf('/') + 1)} ${hash.slice(0, 16)}` };
  });
}

/** `sha256sum` output: `hash  path` (a leading `\` marks an escaped path, which we keep as is). */
export function parseSha256sum(text: string, kind: 'config' | 'file'): Resource[] {
  return lines(text).map((l) => {
    const m = /^\\?([0-9a-f]{64}) [ *](.*)$/.exec(l);
    if (!m) throw new Error(`unexpected sha256sum line: ${l}`);
    return { kind, name: m[2], value: m[1] };
  });
}

/** `env` output; a value may not contain newlines (ours never do). */
export function parseEnv(text: string): Resource[] {
  return lines(text).map((l) => {
    const eq = l.indexOf('=');
    return { kind: 'env', name: l.slice(0, eq), value: l.slice(eq + 1) };
  });
}

/** /proc/net/tcp or tcp6: sockets in state 0A (LISTEN), as `tcp:<port>`. */
export function parseListening(text: string, protocol: 'tcp' | 'tcp6'): Resource[] {
  const ports = new Set<number>();
  for (const l of lines(text).slice(1)) {
    const fields = l.trim().split(/\s+/);
    if (fields[3] !== '0A') continue;
    ports.add(parseInt(fields[1].split(':')[1], 16));
  }
  return [...ports].sort((a, b) => a - b).map((port) => ({ kind: 'service', name: `${protocol}:${port}`, value: 'listen' }));
}

/**
 * Collapses the files of an application tree below `depth` levels into one resource per
 * directory (a hash over its files' paths and hashes): the fingerprinting granularity.
 */
export function summarizeTree(resources: Resource[], root: string, depth: number, hash: (text: string) => string): Resource[] {
  const groups = new Map<string, Resource[]>();
  const out: Resource[] = [];
  const prefix = root.endsWith('/') ? root : `${root}/`;
  for (const r of resources) {
    if (r.kind !== 'file' || !r.name.startsWith(prefix)) {
      out.push(r);
      continue;
    }
    const parts = r.name.slice(prefix.length).split('/');
    if (parts.length <= depth) {
      out.push(r);
      continue;
    }
    const dir = prefix + parts.slice(0, depth).join('/') + '/';
    groups.set(dir, [...(groups.get(dir) ?? []), r]);
  }
  for (const [dir, members] of groups) {
    const listing = members
      .map((m) => `${m.value} ${m.name}`)
      .sort()
      .join('\n');
    out.push({ kind: 'file', name: dir, value: `${hash(listing).slice(0, 16)} (${members.length} files)` });
  }
  return out;
}

export function sortResources(resources: Resource[]): Resource[] {
  return [...resources].sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind < b.kind ? -1 : 1));
}
