import { Command } from 'commander';
import { z } from 'zod';
import { allFaultKinds } from '../../faults/index.ts';
import type { FaultKind } from '../../faults/fault.ts';
import { injectionPoints, strategyNames } from '../../faults/strategies.ts';

interface ParamInfo {
  name: string;
  type: string;
  default?: unknown;
  description?: string;
}

/** A kind's params, read from its zod schema's JSON Schema (the same one scenarios are checked with). */
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

/** Where a kind applies, per strategy: the injection points of a two-frontend testbed that it accepts. */
function whereOf(kind: FaultKind): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const strategy of strategyNames) {
    const points = injectionPoints(strategy, 2).filter((at) => kind.appliesTo(strategy, at) === true);
    if (points.length) out[strategy] = points;
  }
  return out;
}

export function faultsCommand(): Command {
  return new Command('faults')
    .description('List the fault catalog: class, kind, params with defaults, and where each kind applies')
    .option('--json', 'print the catalog as JSON')
    .action((options: { json?: boolean }) => {
      const rows = allFaultKinds.map((k) => ({
        class: k.class,
        kind: k.kind,
        description: k.description,
        acts: k.acts,
        colour: k.colour,
        procedural: Boolean(k.transformSteps),
        params: paramsOf(k),
        appliesAt: whereOf(k),
      }));
      if (options.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      let lastClass = '';
      for (const r of rows) {
        if (r.class !== lastClass) console.log(`\n${r.class}`);
        lastClass = r.class;
        console.log(`  ${r.kind}  (${r.acts})`);
        console.log(`    ${r.description}`);
        for (const p of r.params) console.log(`    params.${p.name}: ${p.type}${p.default !== undefined ? ` = ${JSON.stringify(p.default)}` : ''}${p.description ? `  ${p.description}` : ''}`);
        const where = Object.entries(r.appliesAt).map(([s, pts]) => `${s} (${pts.length === injectionPoints(s as (typeof strategyNames)[number], 2).length ? 'every point' : pts.join(' ')})`);
        console.log(`    applies: ${where.join('; ') || 'nowhere'}`);
      }
    });
}
