/**
 * The strategies' steps: the order of names comes from faults/strategies.ts (what validation and
 * `bench plan` see); here each name gets its action. Because actions are looked up by name, a
 * procedural fault can omit, repeat or reorder steps and the engine still runs them.
 */
import type { StrategyName } from '../../faults/strategies.ts';
import { drain, frontendsOf, migrateSchema, replace, setServerState, snapshotDb, undrain } from './actions.ts';
import { imago } from './imago.ts';
import type { Action, Procedure } from './procedure.ts';

export function procedureFor(strategy: StrategyName, frontends: number): Procedure {
  if (strategy === 'imago') {
    const run = imago(frontends);
    return { action: run.action, abort: run.abort, imago: run.report, created: run.created };
  }
  return { action: (name) => actionFor(strategy, name, frontends) };
}

export function actionFor(strategy: StrategyName, name: string, frontends: number): Action {
  const [verb, target] = name.split(':') as [string, string | undefined];
  const all = Array.from({ length: frontends }, (_, i) => i + 1);
  const on = () => frontendsOf(target ?? '', frontends);
  switch (verb) {
    case 'snapshot-db':
      return snapshotDb;
    case 'migrate-schema':
      return migrateSchema;
    case 'drain':
      return (ctx) => drain(ctx, on());
    case 'replace':
      return (ctx) => replace(ctx, on());
    case 'undrain':
      return (ctx) => undrain(ctx, on());
    case 'stop-serving':
      return async (ctx) => (await setServerState(ctx, all, 'maint'), 'every frontend in maintenance: the ingress answers 503');
    case 'start-serving':
      return (ctx) => undrain(ctx, all);
  }
  throw new Error(`the ${strategy} strategy has no step called ${name}`);
}
