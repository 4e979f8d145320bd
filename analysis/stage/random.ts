// The simulation draws from the bench's seeded generator: the same seed gives the same
// population and schedule on every machine, which makes a comparison of protocols reproducible.
import type { Random } from '../statistics/random.ts';

export { seededRandom, type Random } from '../statistics/random.ts';

/** An integer in [0, n). */
export const randomInt = (random: Random, n: number) => Math.floor(random() * n);
