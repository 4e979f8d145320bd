/** Pure edits of config text: set a PHP variable, an ini option or an Apache directive. */
/** The text as a literal inside a regular expression. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Sets `$name = expr;` in LocalSettings.php text: replaces active lines that set it, else appends. */
export function setPhpVariable(text: string, name: string, expr: string): string {
  const line = `$${name.replace(/^\$/, '')} = ${expr};`;
  const pattern = new RegExp(`^\\s*\\$${escapeRegExp(name.replace(/^\$/, ''))}\\s*=.*$`, 'gm');
  return pattern.test(text) ? text.replace(pattern, () => line) : `${text.replace(/\n*$/, '\n')}${line}\n`;
}

/** The PHP expression a variable is set to (the last active line), or undefined. */
export function phpVariable(text: string, name: string): string | undefined {
  const pattern = new RegExp(`^\\s*\\$${escapeRegExp(name.replace(/^\$/, ''))}\\s*=\\s*(.*?);\\s*$`, 'gm');
  return [...text.matchAll(pattern)].at(-1)?.[1];
}

/** Sets `name = value` in an ini/cnf text (active lines), else appends it. */
export function setIniOption(text: string, name: string, value: string): string {
  const pattern = new RegExp(`^\\s*${escapeRegExp(name)}\\s*=.*$`, 'gm');
  return pattern.test(text) ? text.replace(pattern, () => `${name} = ${value}`) : `${text.replace(/\n*$/, '\n')}${name} = ${value}\n`;
}

/** Sets an Apache directive's arguments on its active lines, else appends it. */
export function setApacheDirective(text: string, name: string, value: string): string {
  const pattern = new RegExp(`^(\\s*)${escapeRegExp(name)}\\s+.*$`, 'gmi');
  return pattern.test(text) ? text.replace(pattern, (_m, lead: string) => `${lead}${name} ${value}`) : `${text.replace(/\n*$/, '\n')}${name} ${value}\n`;
}
