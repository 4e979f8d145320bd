/**
 * The fault catalog: one module per fault kind, grouped by class. The registry is a literal so
 * that a missing class or a misspelled kind is a type error.
 */
export const faultClasses = ['simple-config', 'semantic-config', 'environment', 'data-access'] as const;
export type FaultClass = (typeof faultClasses)[number];

/** The kinds of each class. Empty until the catalog is built (issue 6). */
export const faultKinds: Record<FaultClass, readonly string[]> = {
  'simple-config': [],
  'semantic-config': [],
  environment: [],
  'data-access': [],
};

/** The catalog entry for a class and kind (used by the step engine at `fault.at`). */
export function findFaultKind(faultClass: FaultClass, kind: string): import('./fault.ts').FaultKind | undefined {
  void faultClass;
  void kind;
  return undefined;
}
