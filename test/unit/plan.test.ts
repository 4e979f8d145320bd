import { describe, expect, it } from 'vitest';
import { formatPlan, planOf } from '../../harness/plan.ts';
import { actionFor, procedureFor } from '../../harness/procedures/steps.ts';
import { frontendsOf } from '../../harness/procedures/actions.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import { injectionPoints, stepNames, strategyNames } from '../../faults/strategies.ts';

const scenario = (yaml: string) => {
  const result = parseScenario(yaml, 'inline.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.scenario;
};

describe('strategies', () => {
  it.each(strategyNames)('every step of %s has an action, for 1 to 4 frontends', (strategy) => {
    for (let n = 1; n <= 4; n++) for (const name of stepNames(strategy, n)) expect(() => procedureFor(strategy, n).action(name)).not.toThrow();
  });

  it('rolling replaces each frontend between its drain and undrain, after the schema migration', () => {
    expect(stepNames('rolling', 2)).toEqual(['snapshot-db', 'migrate-schema', 'drain:web-1', 'replace:web-1', 'undrain:web-1', 'drain:web-2', 'replace:web-2', 'undrain:web-2']);
    expect(injectionPoints('rolling', 1)).toContain('after:replace:web-1');
  });

  it('big-flip splits the frontends into halves that cover them all once', () => {
    for (let n = 1; n <= 5; n++) {
      const halves = [...frontendsOf('first-half', n), ...frontendsOf('second-half', n)];
      expect(halves).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
    expect(() => frontendsOf('web-x', 2)).toThrow(/no frontend/);
  });

  it('an unknown step name has no action', () => {
    expect(() => actionFor('rolling', 'warp-drive', 2)).toThrow(/no step called warp-drive/);
  });
});

describe('bench plan', () => {
  it('prints the load, the steps with their injection points, and where the fault goes', () => {
    const plan = planOf(scenario('name: p\ntestbed: { from: "1.35", to: "1.39", frontends: 1, pages: 5 }\nworkload: { duration: 30s, rate: 20 }\nupgrade: { strategy: offline, start_after: 5s }\n'));
    expect(formatPlan(plan)).toBe(
      [
        'scenario p',
        '  testbed   MediaWiki 1.35 -> 1.39, 1 frontends, 5 pages',
        '  load      30s of 20 req/s open loop (read 0.9, edit 0.1); upgrade after 5s',
        '  strategy  offline',
        '    1. snapshot-db              injection points: before:snapshot-db, after:snapshot-db',
        '    2. stop-serving             injection points: before:stop-serving, after:stop-serving',
        '    3. migrate-schema           injection points: before:migrate-schema, after:migrate-schema',
        '    4. replace:web-1            injection points: before:replace:web-1, after:replace:web-1',
        '    5. start-serving            injection points: before:start-serving, after:start-serving',
      ].join('\n'),
    );
  });

  it('names the connection cap of an open loop, and the loops of a closed one', () => {
    const load = (workload: string) =>
      formatPlan(planOf(scenario(`name: p\ntestbed: { from: "1.35", to: "1.39", frontends: 1, pages: 5 }\nworkload: ${workload}\nupgrade: { strategy: offline, start_after: 5s }\n`))).split('\n')[2];
    expect(load('{ duration: 30s, rate: 20, connections: 6 }')).toBe('  load      30s of 20 req/s open loop over at most 6 connections (read 0.9, edit 0.1); upgrade after 5s');
    expect(load('{ duration: 30s }')).toBe('  load      30s of closed loop over 8 connections (read 0.9, edit 0.1); upgrade after 5s');
  });
});
