/** The params every typo kind shares, and how a typo is chosen from them. */
import { z } from 'zod';
import { seededRandom, type Random } from '../analysis/statistics/random.ts';
import { typoKinds } from './typo.ts';

export const typoParams = (directive: string, part: 'name' | 'value', directiveHelp: string) => ({
  directive: z.string().min(1).default(directive).describe(directiveHelp),
  part: z.enum(['name', 'value']).default(part).describe("Mistype the directive's name or its value."),
  typo: z
    .enum([...typoKinds, 'random'])
    .default('random')
    .describe('The kind of slip; random picks one that can change the word.'),
  seed: z.int().optional().describe("Chooses the position and the key; without it the run's seeded random source does."),
});

export const typoRandom = (seed: number | undefined, fallback: Random): Random => (seed === undefined ? fallback : seededRandom(seed));
