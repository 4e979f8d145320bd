/**
 * The run's passwords, and their removal from anything a person or a file sees. Every secret
 * the bench makes is registered here, and every text that leaves the process (error messages,
 * progress lines, the journal) goes through `redact`: a password reaches a command line
 * (install.php's --dbpass) or a tool's own error message, and from there an error would print it.
 */
import { randomBytes } from 'node:crypto';

const secrets = new Set<string>();

/** A fresh random password, registered for redaction. */
export function secret(): string {
  const value = randomBytes(12).toString('base64url');
  secrets.add(value);
  return value;
}

export const redacted = '[redacted]';

/** The text with every registered secret replaced. */
export function redact(text: string): string {
  for (const value of secrets) if (text.includes(value)) text = text.replaceAll(value, redacted);
  return text;
}
