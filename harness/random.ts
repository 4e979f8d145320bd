/** The seeded random source lives in shared/ (faults/ needs it and may not import harness/). */
export * from '../shared/random.ts';
