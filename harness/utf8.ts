// Input files are UTF-8. Node's 'utf8' decoding turns any other byte into U+FFFD without a word,
// so a Latin-1 `café` and `cafè` would both read as `caf\uFFFD` and be taken for one code: the
// bench decodes strictly instead and names the line and column where decoding failed.
import { badInput } from './exit-codes.ts';

export type Decoded = { text: string } | { line: number; col: number };

const strict = () => new TextDecoder('utf-8', { fatal: true });

/** The text of UTF-8 bytes (a leading byte order mark dropped), or where the first bad byte is. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: strict().decode(bytes) };
  } catch {
    return invalidAt(bytes);
  }
}

/** A newline byte is never part of a longer UTF-8 sequence: the bytes can be decoded line by line. */
function invalidAt(bytes: Uint8Array): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let end = bytes.indexOf(0x0a); ; end = bytes.indexOf(0x0a, start)) {
    const lineBytes = bytes.subarray(start, end < 0 ? bytes.length : end);
    try {
      strict().decode(lineBytes);
    } catch {
      return { line, col: validPrefixLength(lineBytes) + 1 };
    }
    if (end < 0) return { line, col: 1 };
    line++;
    start = end + 1;
  }
}

/** Characters before the first bad byte of a line: the longest prefix that decodes (binary search). */
function validPrefixLength(lineBytes: Uint8Array): number {
  // In streaming mode a character cut at the end of the prefix waits for more bytes instead of failing.
  const prefix = (n: number) => {
    try {
      return strict().decode(lineBytes.subarray(0, n), { stream: true }).length;
    } catch {
      return undefined;
    }
  };
  let good = 0;
  let bad = lineBytes.length;
  const whole = prefix(bad);
  if (whole !== undefined) return whole; // only the line's last character is cut short
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (prefix(mid) === undefined) bad = mid;
    else good = mid;
  }
  return prefix(good)!;
}

/** The text of a file's bytes; bytes that are not UTF-8 are bad input naming the file, line and column. */
export function utf8Text(bytes: Uint8Array, file: string): string {
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  throw badInput(`${file}:${decoded.line}:${decoded.col}: not UTF-8: ${notUtf8}`);
}

export const notUtf8 = 'a byte that is not part of a UTF-8 character (save the file as UTF-8)';
