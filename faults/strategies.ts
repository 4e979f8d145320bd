/**
 * The upgrade procedures, each an ordered list of named steps. The order is part of the
 * definition: a fault can name a step (`before:<step>`, `after:<step>`), and a procedural fault
 * can omit, repeat or reorder one.
 */
export const strategyNames = ['imago', 'rolling', 'big-flip', 'offline', 'none'] as const;
export type StrategyName = (typeof strategyNames)[number];

const web = (i: number) => `web-${i}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The names of a strategy's steps for a testbed of `frontends` frontends, in order. */
export function stepNames(strategy: StrategyName, frontends: number): string[] {
  const all = range(frontends);
  switch (strategy) {
    case 'none':
      return [];
    case 'offline':
      return ['snapshot-db', 'stop-serving', 'migrate-schema', ...all.map((i) => `replace:${web(i)}`), 'start-serving'];
    case 'rolling':
      return ['snapshot-db', 'migrate-schema', ...all.flatMap((i) => [`drain:${web(i)}`, `replace:${web(i)}`, `undrain:${web(i)}`])];
    case 'big-flip':
      // The flip: the old half leaves, the shared schema is migrated while no version serves
      // (old frontends corrupt writes on a half-migrated schema), then the new half comes in.
      return ['snapshot-db', 'drain:first-half', 'replace:first-half', 'drain:second-half', 'migrate-schema', 'undrain:first-half', 'replace:second-half', 'undrain:second-half'];
    case 'imago':
      // The compare engine tests the new universe while the old one serves; the hold (quiesce) only
      // covers the last flush, so it stays short.
      return ['bootstrap-universe', 'transfer-data', 'migrate-schema', 'catch-up', 'compare', 'quiesce', 'flush', 'switch-over'];
  }
}

/** Every injection point of a strategy: before and after each step. */
export function injectionPoints(strategy: StrategyName, frontends: number): string[] {
  return stepNames(strategy, frontends).flatMap((step) => [`before:${step}`, `after:${step}`]);
}
