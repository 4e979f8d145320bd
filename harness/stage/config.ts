// Parameters of `bench stage simulate`: schema defaults, then a YAML file (--config), then flags.
// Every problem is reported at once, each naming the file:line:col or the flag and the field.
import { readFile } from 'node:fs/promises';
import { isMap, isScalar } from 'yaml';
import type { z } from 'zod';
import { protocols, semanticIssues, simParamsSchema, type ParamName, type Protocol, type SimParams } from '../../analysis/stage/params.ts';
import { badInput } from '../exit-codes.ts';
import { utf8Text } from '../utf8.ts';
import { parseYaml } from '../yaml-input.ts';

export const flagOf = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Parses a flag's text into the type its parameter has; lists are `1,2,3`, lists of lists `0,1;2`. */
export function flagValue(name: ParamName, text: string): unknown {
  const number = (t: string) => (t.trim() === '' ? Number.NaN : Number(t));
  if (name === 'clusterSizes') return text.split(',').map(number);
  if (name === 'problemClusters') return text.split(';').map((group) => group.split(',').map(number));
  return number(text);
}

export interface StageConfig {
  params: SimParams;
  protocols: Protocol[];
}

export async function loadStageConfig(file: string | undefined, flags: Partial<Record<ParamName, string>>, protocolFlag?: string): Promise<StageConfig> {
  const issues: string[] = [];
  let fromFile: Record<string, unknown> = {};
  let fileProtocols: unknown;
  if (file) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw badInput(`--config ${file}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
    }
    const yaml = parseYaml(utf8Text(bytes, file));
    const data = yaml.ok ? (yaml.data ?? {}) : {};
    if (!yaml.ok) issues.push(...yaml.issues.map((i) => `${file}:${i.line}:${i.col} found ${i.found}, expected ${i.expected}`));
    else if (typeof data !== 'object' || Array.isArray(data)) issues.push(`${file}: found ${JSON.stringify(data)}, expected a map of parameters`);
    else {
      const { doc, lines } = yaml;
      ({ protocols: fileProtocols, ...fromFile } = data as Record<string, unknown>);
      const where = (path: PropertyKey[], unknownKey: boolean) => {
        // An unknown key is pointed at itself; any other problem at its value.
        const node =
          unknownKey && isMap(doc.contents)
            ? (doc.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === path[0])?.key as { range?: [number, number] } | undefined)
            : (doc.getIn(path as Array<string | number>, true) as { range?: [number, number] } | undefined);
        const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
        return pos ? `${file}:${pos.line}:${pos.col}` : file;
      };
      for (const issue of schemaIssues(fromFile)) issues.push(`${where(issue.path, issue.unknownKey)} ${issue.path.join('.')}: ${issue.text}`);
    }
  }
  const fromFlags: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(flags)) {
    if (text === undefined) continue;
    fromFlags[name] = flagValue(name as ParamName, text);
    for (const issue of schemaIssues({ [name]: fromFlags[name] })) issues.push(`${flagOf(name)} ${text}: ${issue.message}`);
  }
  const chosen = protocolFlag !== undefined ? protocolFlag.split(',') : (fileProtocols ?? [...protocols]);
  const protocolSource = protocolFlag !== undefined ? '--protocol' : `${file} protocols`;
  if (!Array.isArray(chosen) || chosen.length === 0 || chosen.some((p) => !protocols.includes(p)))
    issues.push(`${protocolSource}: found ${JSON.stringify(chosen)}, expected a list of ${protocols.join(', ')}`);
  if (issues.length) throw badInput(`invalid stage parameters:\n  ${issues.join('\n  ')}`);

  const params = simParamsSchema.parse({ ...fromFile, ...fromFlags });
  const semantic = semanticIssues(params);
  if (semantic.length) throw badInput(`invalid stage parameters${file ? ` (${file} and flags)` : ''}:\n  ${semantic.join('\n  ')}`);
  return { params, protocols: chosen as Protocol[] };
}

interface SchemaIssue {
  path: PropertyKey[];
  text: string;
  message: string;
  unknownKey: boolean;
}

function schemaIssues(input: Record<string, unknown>): SchemaIssue[] {
  const parsed = simParamsSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue: z.core.$ZodIssue): SchemaIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      const message = `unknown parameter, expected one of ${Object.keys(simParamsSchema.shape).join(', ')}`;
      return issue.keys.map((key) => ({ path: [key], text: message, message, unknownKey: true }));
    }
    const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], input);
    return [{ path: issue.path, text: `found ${JSON.stringify(value)}, ${issue.message}`, message: issue.message, unknownKey: false }];
  });
}
