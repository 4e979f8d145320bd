// YAML the bench reads (scenarios, stage configs): parsed with positions, and refused with the
// line and column when it is not plain data: syntax errors, nesting deeper than any bench file
// needs, aliases to nowhere or into themselves, and alias bombs ("billion laughs": a few lines
// whose aliases expand to billions of nodes).
import { isAlias, isCollection, isPair, LineCounter, parseDocument, type Document } from 'yaml';

export interface YamlIssue {
  line: number;
  col: number;
  found: string;
  expected: string;
}

export type ParsedYaml = { ok: true; doc: Document; lines: LineCounter; data: unknown } | { ok: false; issues: YamlIssue[] };

/** Scenarios nest 4 levels (fault.params.tables[0]), stage configs 2; deeper input only costs stack. */
const maxYamlDepth = 16;
/** The errors after the first few of a broken document are mostly echoes of them. */
const maxYamlErrors = 10;
/** The yaml package's own limit on alias expansion, set here so that it is ours to see. */
const maxAliasCount = 100;

export function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issue = (offset: number, found: string, expected: string): YamlIssue => ({ ...lines.linePos(offset), found, expected });
  if (doc.errors.length > 0) {
    const issues = doc.errors.slice(0, maxYamlErrors).map((e) =>
      // The parser reports a stack overflow of its own as RESOURCE_EXHAUSTION.
      e.code === 'RESOURCE_EXHAUSTION'
        ? issue(e.pos[0], 'nesting too deep for the YAML parser', `at most ${maxYamlDepth} levels`)
        : issue(e.pos[0], `a YAML syntax error (${e.code}: ${e.message.split('\n')[0]})`, 'valid YAML'),
    );
    const more = doc.errors.length - issues.length;
    if (more > 0) issues.push(issue(doc.errors[maxYamlErrors]!.pos[0], `${more} more YAML errors after these`, 'valid YAML'));
    return { ok: false, issues };
  }
  const shape = inspect(doc);
  if (shape.problem) return { ok: false, issues: [issue(shape.problem.offset, shape.problem.found, shape.problem.expected)] };
  try {
    return { ok: true, doc, lines, data: doc.toJS({ maxAliasCount }) };
  } catch (error) {
    // The one error toJS throws on checked input: aliases that expand beyond maxAliasCount.
    if (!(error instanceof ReferenceError)) throw error;
    return { ok: false, issues: [issue(shape.firstAlias ?? 0, `aliases that expand too far (${error.message})`, `at most ${maxAliasCount} alias expansions`)] };
  }
}

interface ShapeProblem {
  offset: number;
  found: string;
  expected: string;
}

/**
 * The first node nested too deep, or alias that names no anchor or one of its own ancestors
 * (toJS would build a value that contains itself); and where the first alias is.
 */
function inspect(doc: Document): { problem?: ShapeProblem; firstAlias?: number } {
  const anchors = new Map<string, unknown>();
  const ancestors = new Set<unknown>();
  let firstAlias: number | undefined;
  const visit = (node: unknown, depth: number): ShapeProblem | undefined => {
    if (isPair(node)) return visit(node.key, depth) ?? visit(node.value, depth);
    const offset = (node as { range?: [number, number] } | null)?.range?.[0] ?? 0;
    if (isAlias(node)) {
      firstAlias ??= offset;
      const target = anchors.get(node.source);
      if (target === undefined) return { offset, found: `the alias *${node.source}, with no anchor &${node.source} before it`, expected: 'an alias to an anchor defined before it' };
      if (ancestors.has(target)) return { offset, found: `the alias *${node.source} inside its own anchor (a value that contains itself)`, expected: 'an alias outside its anchor' };
      return undefined;
    }
    if (node && typeof node === 'object' && 'anchor' in node && typeof node.anchor === 'string') anchors.set(node.anchor, node);
    if (!isCollection(node)) return undefined;
    if (depth >= maxYamlDepth) return { offset, found: `nesting deeper than ${maxYamlDepth} levels`, expected: `at most ${maxYamlDepth} levels` };
    ancestors.add(node);
    for (const item of node.items) {
      const problem = visit(item, depth + 1);
      if (problem) return problem;
    }
    ancestors.delete(node);
    return undefined;
  };
  return { problem: visit(doc.contents, 0), firstAlias };
}
