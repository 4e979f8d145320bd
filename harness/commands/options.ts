// What the commands share about their flags: numbers are checked where commander reads them (a
// value that is not the number a flag takes is a usage error naming the flag, exit 2, never NaN
// or a silent 0), and a file a flag names that cannot be written is bad input naming the flag.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { badInput } from '../exit-codes.ts';

/** Node's timers wait at most 2^31-1 ms; a longer wait fires after 1 ms. */
export const maxTimerMs = 2 ** 31 - 1;

/** A commander argParser for whole numbers from `min` to `max` (by default any safe integer). */
export const integer =
  (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) =>
  (text: string): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number${range(min, max)}`);
    return n;
  };

const range = (min: number, max: number) => (min === Number.MIN_SAFE_INTEGER ? '' : max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` from ${min} to ${max}`);

/** Writes a file a flag names, making its directory first. */
export function writeFlagFile(flag: string, file: string, text: string): void {
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw badInput(`${flag} ${file}: cannot write it (${(error as Error).message})`);
  }
}

/** `--shard i/n`: the i-th of n parts (1-based). */
export function parseShard(text: string): { shard: number; of: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const shard = Number(match?.[1]);
  const of = Number(match?.[2]);
  if (!match || of < 1 || of > 1000 || shard < 1 || shard > of) throw new InvalidArgumentError(`"${text}": expected i/n with 1 <= i <= n <= 1000, e.g. 2/4`);
  return { shard, of };
}
