/**
 * The fault catalog: one module per fault kind, grouped by class. The registry is a literal so
 * that a missing class or a misspelled kind is a type error, and a unit test checks that every
 * module sits under its class's folder with a unique kind name.
 */
import { faultClasses, type FaultClass, type FaultKind } from './fault.ts';
import charsetMismatch from './data-access/charset-mismatch.ts';
import droppedTable from './data-access/dropped-table.ts';
import excessiveGrant from './data-access/excessive-grant.ts';
import missingGrant from './data-access/missing-grant.ts';
import schemaMismatch from './data-access/schema-mismatch.ts';
import diskFull from './environment/disk-full.ts';
import missingPhpExtension from './environment/missing-php-extension.ts';
import portConflict from './environment/port-conflict.ts';
import unresolvableService from './environment/unresolvable-service.ts';
import unwritableDir from './environment/unwritable-dir.ts';
import cacheWithoutServer from './semantic-config/cache-without-server.ts';
import oldDatabase from './semantic-config/old-database.ts';
import phpMemoryLimit from './semantic-config/php-memory-limit.ts';
import readOnlyLeftOn from './semantic-config/read-only-left-on.ts';
import tooFewWorkers from './semantic-config/too-few-workers.ts';
import omittedStep from './simple-config/omitted-step.ts';
import reorderedSteps from './simple-config/reordered-steps.ts';
import spuriousStep from './simple-config/spurious-step.ts';
import typoApache from './simple-config/typo-apache.ts';
import typoLocalSettings from './simple-config/typo-localsettings.ts';
import typoMariadbCnf from './simple-config/typo-mariadb-cnf.ts';
import typoPhpIni from './simple-config/typo-php-ini.ts';

export { faultClasses, type FaultClass } from './fault.ts';

/** Every kind, by class, in the order `bench faults` lists them. */
export const catalog = {
  'simple-config': [typoLocalSettings, typoApache, typoPhpIni, typoMariadbCnf, omittedStep, spuriousStep, reorderedSteps],
  'semantic-config': [oldDatabase, cacheWithoutServer, tooFewWorkers, phpMemoryLimit, readOnlyLeftOn],
  environment: [missingPhpExtension, portConflict, unwritableDir, diskFull, unresolvableService],
  'data-access': [missingGrant, excessiveGrant, schemaMismatch, droppedTable, charsetMismatch],
} as const satisfies Record<FaultClass, readonly FaultKind[]>;

/** Every kind in catalog order (kind names are unique across classes). */
export const allFaultKinds: readonly FaultKind[] = faultClasses.flatMap((c) => catalog[c] as readonly FaultKind[]);

/** The kind names of each class (scenario validation). */
export const faultKinds = Object.fromEntries(faultClasses.map((c) => [c, (catalog[c] as readonly FaultKind[]).map((k) => k.kind)])) as unknown as Record<FaultClass, readonly string[]>;

/** The catalog entry for a class and kind (used by the step engine at `fault.at`). */
export function findFaultKind(faultClass: FaultClass, kind: string): FaultKind | undefined {
  return (catalog[faultClass] as readonly FaultKind[] | undefined)?.find((k) => k.kind === kind);
}

/** The entry for a kind name, whatever its class. */
export const faultKindNamed = (kind: string): FaultKind | undefined => allFaultKinds.find((k) => k.kind === kind);
