/**
 * The fault catalog as users read it, from the kinds' own declarations (faults/index.ts): each
 * kind's description, what it acts on, its params with their defaults (the same JSON Schema
 * scenarios are checked with) and where it applies. `bench faults` prints it; docs/faults.md's
 * table is generated from it by `npm run schema`.
 */
import { z } from 'zod';
import type { FaultKind } from '../faults/fault.ts';
import { allFaultKinds } from '../faults/index.ts';
import { injectionPoints, strategyNames, type StrategyName } from '../faults/strategies.ts';

export interface ParamInfo {
  name: string;
  type: string;
  default?: unknown;
  description?: string;
}

export interface CatalogEntry {
  class: string;
  kind: string;
  description: string;
  acts: string;
  colour: string;
  procedural: boolean;
  params: ParamInfo[];
  /** Per strategy, the injection points of a two-frontend testbed the kind accepts. */
  appliesAt: Partial<Record<StrategyName, string[]>>;
}

/** A kind's params, read from its zod schema's JSON Schema. */
function paramsOf(kind: FaultKind): ParamInfo[] {
  const schema = z.toJSONSchema(kind.params, { io: 'input' }) as {
    properties?: Record<string, { type?: string; enum?: unknown[]; default?: unknown; description?: string; items?: { type?: string } }>;
  };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => ({
    name,
    type: p.enum ? p.enum.map(String).join('|') : p.type === 'array' ? `${p.items?.type ?? 'any'}[]` : (p.type ?? 'any'),
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(p.description ? { description: p.description } : {}),
  }));
}

function whereOf(kind: FaultKind): CatalogEntry['appliesAt'] {
  const out: CatalogEntry['appliesAt'] = {};
  for (const strategy of strategyNames) {
    const points = injectionPoints(strategy, 2).filter((at) => kind.appliesTo(strategy, at) === true);
    if (points.length) out[strategy] = points;
  }
  return out;
}

export const faultCatalog = (): CatalogEntry[] =>
  allFaultKinds.map((k) => ({
    class: k.class,
    kind: k.kind,
    description: k.description,
    acts: k.acts,
    colour: k.colour,
    procedural: Boolean(k.transformSteps),
    params: paramsOf(k),
    appliesAt: whereOf(k),
  }));

/** Where a kind applies, in a few words per strategy ("every point" when it accepts them all). */
export function whereText(entry: CatalogEntry): string {
  const parts = Object.entries(entry.appliesAt).map(([s, points]) => (points.length === injectionPoints(s as StrategyName, 2).length ? `${s}: every point` : `${s}: ${points.join(', ')}`));
  return parts.join('; ') || 'nowhere';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The catalog as a Markdown table (docs/faults.md). */
export function catalogTable(entries: readonly CatalogEntry[] = faultCatalog()): string {
  const rows = ['| class | kind | what it does | acts on | params (default) | applies at (two frontends) |', '|---|---|---|---|---|---|'];
  for (const e of entries) {
    const params = e.params.map((p) => `\`${p.name}\`${p.default !== undefined ? ` = \`${JSON.stringify(p.default)}\`` : ''}: ${p.description ?? p.type}`).join('<br>');
    rows.push(`| ${e.class} | \`${e.kind}\` | ${cell(e.description)} | ${cell(e.acts)} | ${cell(params) || '-'} | ${cell(whereText(e))} |`);
  }
  return rows.join('\n');
}
