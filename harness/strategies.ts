/** The procedures' step names live in shared/ (faults/ needs them and may not import harness/). */
export * from '../shared/strategies.ts';
