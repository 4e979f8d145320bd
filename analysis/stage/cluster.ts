// Clustering machines by fingerprint (Mirage): machines whose fingerprints agree on every
// resource the upgrade touches behave alike under it, so they form one cluster, and testing at
// one representative tells about all of them.
import { createHash } from 'node:crypto';
import { globToRegExp, resourceKinds, type Fingerprint, type Resource, type ResourceKind } from './fingerprint.ts';

/** What the upgrade touches: resources of a kind whose name matches a glob. */
export interface Selector {
  kind: ResourceKind;
  pattern: string;
}

export interface Cluster {
  id: number;
  /** Hash of the touched resources every member shares. */
  key: string;
  representative: string;
  machines: string[];
}

export interface ResourceDiff {
  onlyInA: Resource[];
  onlyInB: Resource[];
  changed: Array<{ kind: ResourceKind; name: string; a: string; b: string }>;
}

/** Parses `kind:glob` (e.g. `package:php*`); a bare kind selects all of that kind. */
export function parseSelector(text: string): Selector | undefined {
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? text : text.slice(0, colon)) as ResourceKind;
  const pattern = colon < 0 ? '**' : text.slice(colon + 1);
  return resourceKinds.includes(kind) && pattern !== '' && isGlob(pattern) ? { kind, pattern } : undefined;
}

function isGlob(pattern: string): boolean {
  try {
    globToRegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export function touched(resources: Resource[], touches: Selector[] | undefined): Resource[] {
  if (!touches || touches.length === 0) return resources;
  const compiled = touches.map((s) => ({ kind: s.kind, re: globToRegExp(s.pattern) }));
  return resources.filter((r) => compiled.some((s) => s.kind === r.kind && s.re.test(r.name)));
}

export function fingerprintKey(resources: Resource[]): string {
  const lines = resources.map((r) => `${r.kind}\t${r.name}\t${r.value}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** Clusters, largest first; the representative is the first machine by name. */
export function clusterFingerprints(fingerprints: Array<Pick<Fingerprint, 'machine' | 'resources'>>, touches?: Selector[]): Cluster[] {
  const byKey = new Map<string, string[]>();
  for (const f of fingerprints) {
    const key = fingerprintKey(touched(f.resources, touches));
    byKey.set(key, [...(byKey.get(key) ?? []), f.machine]);
  }
  return [...byKey]
    .map(([key, machines]) => ({ key, machines: machines.sort() }))
    .sort((a, b) => b.machines.length - a.machines.length || (a.machines[0] < b.machines[0] ? -1 : 1))
    .map((c, id) => ({ id, key: c.key, representative: c.machines[0], machines: c.machines }));
}

export function diffResources(a: Resource[], b: Resource[]): ResourceDiff {
  const id = (r: Resource) => `${r.kind}\t${r.name}`;
  const inB = new Map(b.map((r) => [id(r), r]));
  const inA = new Map(a.map((r) => [id(r), r]));
  return {
    onlyInA: a.filter((r) => !inB.has(id(r))),
    onlyInB: b.filter((r) => !inA.has(id(r))),
    changed: a.flatMap((r) => {
      const other = inB.get(id(r));
      return other && other.value !== r.value ? [{ kind: r.kind, name: r.name, a: r.value, b: other.value }] : [];
    }),
  };
}

/** Counts of a diff per resource kind, for a one-line summary. */
export function diffSummary(diff: ResourceDiff): Record<ResourceKind, { onlyInA: number; onlyInB: number; changed: number }> {
  const out = {} as Record<ResourceKind, { onlyInA: number; onlyInB: number; changed: number }>;
  const bump = (kind: ResourceKind, field: 'onlyInA' | 'onlyInB' | 'changed') => {
    out[kind] ??= { onlyInA: 0, onlyInB: 0, changed: 0 };
    out[kind][field]++;
  };
  diff.onlyInA.forEach((r) => bump(r.kind, 'onlyInA'));
  diff.onlyInB.forEach((r) => bump(r.kind, 'onlyInB'));
  diff.changed.forEach((r) => bump(r.kind, 'changed'));
  return out;
}
