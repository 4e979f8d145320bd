/**
 * What is wrong in a YAML input file, said where it is written: every problem as
 * `file:line:col field.path: found X, expected Y`. The scenario and the campaign loaders check
 * their files against their zod schemas with these, and add the checks that need several fields.
 */
import { isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';

export type Path = Array<string | number>;

export interface InputIssue {
  file: string;
  line: number;
  col: number;
  path: string;
  found: string;
  expected: string;
}

export const formatIssue = (i: InputIssue) => `${i.file}:${i.line}:${i.col} ${i.path || '(top level)'}: found ${i.found}, expected ${i.expected}`;

/** Reports one problem at a field (or at one of its keys). */
export type Add = (path: Path, found: string, expected: string, key?: string) => void;

export interface Locator {
  position(path: Path, key?: string): { line: number; col: number };
  source(path: Path): string | undefined;
}

/** Maps a field path to where it is written: the value, a key, or the nearest enclosing map. */
export function locator(doc: Document, text: string, at: (offset: number) => { line: number; col: number }): Locator {
  const nodeAt = (path: Path): Node | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) return node;
      if (n === 0) return doc.contents ?? undefined;
    }
    return undefined;
  };
  return {
    position(path, key) {
      if (key !== undefined) {
        const map = doc.getIn(path, true);
        if (isMap(map)) {
          const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
          const keyNode = pair && isScalar(pair.key) ? pair.key : undefined;
          if (keyNode?.range) return at(keyNode.range[0]);
        }
      }
      const node = nodeAt(path);
      return node?.range ? at(node.range[0]) : { line: 1, col: 1 };
    },
    source(path) {
      const node = doc.getIn(path, true);
      return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
    },
  };
}

/** A part of a file checked on its own (a campaign's inline base scenario): its paths start at `prefix`. */
export function scoped(where: Locator, add: Add, prefix: Path): { where: Locator; add: Add } {
  return {
    where: { position: (path, key) => where.position([...prefix, ...path], key), source: (path) => where.source([...prefix, ...path]) },
    add: (path, found, expected, key) => add([...prefix, ...path], found, expected, key),
  };
}

/** An `add` that collects issues of `file`, each placed by `where`. */
export function collector(file: string, where: Locator): { issues: InputIssue[]; add: Add } {
  const issues: InputIssue[] = [];
  const add: Add = (path, found, expected, key) => {
    const { line, col } = where.position(path, key);
    issues.push({ file, line, col, path: [...path, ...(key ? [key] : [])].join('.'), found, expected });
  };
  return { issues, add };
}

export function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** How the value a user wrote reads in an error, with a hint where YAML changed it. */
export function describeFound(value: unknown, source: string | undefined): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'number' && source !== undefined && source.trim() !== String(value)) {
    return `the number ${value} (YAML reads the bare ${source.trim()} as ${value}: quote it, "${source.trim()}")`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** One schema problem, said in the user's terms: an unknown field names the known ones, a missing one says so. */
export function reportSchemaIssue(root: z.ZodType, issue: z.core.$ZodIssue, data: unknown, where: Locator, add: Add) {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const known = knownFields(root, path);
    for (const key of issue.keys) add(path, `unknown field "${key}"`, known.length ? `one of the fields ${known.join(', ')}` : 'no such field', key);
    return;
  }
  const value = valueAt(data, path);
  const missing = value === undefined && issue.code === 'invalid_type';
  add(path, describeFound(value, where.source(path)), missing ? `the required field ${path.join('.')}` : issue.message);
}

function knownFields(root: z.ZodType, path: Path): string[] {
  let schema = root;
  for (const key of path) {
    const shape = objectShape(schema);
    if (!shape || typeof key !== 'string' || !(key in shape)) return [];
    schema = shape[key]!;
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s = schema as z.ZodType & { def?: { innerType?: z.ZodType; in?: z.ZodType }; shape?: Record<string, z.ZodType> };
  for (let i = 0; i < 8 && s && !s.shape; i++) s = (s.def?.innerType ?? s.def?.in) as typeof s;
  return s?.shape;
}
