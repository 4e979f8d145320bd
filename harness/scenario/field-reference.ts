/** The scenario field table of docs/scenarios.md, generated from the JSON Schema (itself from the zod schema). */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  additionalProperties?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export function fieldReference(schema: object): string {
  const rows: string[] = ['| field | type | default | meaning |', '|---|---|---|---|'];
  walk(schema as JsonSchema, '', rows);
  return rows.join('\n');
}

function walk(node: JsonSchema, prefix: string, rows: string[]) {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const required = node.required?.includes(key) && child.default === undefined;
    const def = child.default === undefined ? (required ? '**required**' : '') : `\`${JSON.stringify(child.default)}\``;
    rows.push(`| \`${path}\` | ${typeOf(child)} | ${def} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`);
    if (child.properties && Object.keys(child.properties).length > 0) walk(child, path, rows);
  }
}

function typeOf(node: JsonSchema): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (node.pattern?.includes('ms|s|m|h')) return 'duration';
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) {
    const types = [...new Set(alternatives.map(typeOf))];
    // The fault's 22 forms are all objects: say so once.
    return types.length === 1 && alternatives.length > 1 ? `${types[0]}, one of ${alternatives.length} forms` : types.join(' or ');
  }
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  const bounds = [
    node.minimum !== undefined && node.minimum > -1e15 ? `>= ${node.minimum}` : '',
    node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : '',
    node.maximum !== undefined && node.maximum < 1e15 ? `<= ${node.maximum}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return bounds ? `${type} (${bounds})` : type;
}
