// The fault catalog as data: the registry is complete and consistent, params have defaults,
// appliesTo refuses what cannot work, procedural kinds change the step list as named, and
// scenario validation uses all of it.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allFaultKinds, catalog, faultClasses, findFaultKind } from '../../faults/index.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import { stepNames } from '../../faults/strategies.ts';

const kindFile = (cls: string, kind: string) => `faults/${cls}/${kind}.ts`;

describe('the registry', () => {
  it('has at least five kinds per class, each in faults/<class>/<kind>.ts, names unique', () => {
    for (const cls of faultClasses) {
      expect(catalog[cls].length, cls).toBeGreaterThanOrEqual(5);
      for (const k of catalog[cls]) {
        expect(k.class).toBe(cls);
        expect(existsSync(kindFile(cls, k.kind)), kindFile(cls, k.kind)).toBe(true);
      }
    }
    const names = allFaultKinds.map((k) => k.kind);
    expect(new Set(names).size).toBe(names.length);
  });
  it('every kind parses empty params to its defaults and has a colour', () => {
    for (const k of allFaultKinds) {
      expect(k.params.safeParse({}).success, k.kind).toBe(true);
      expect(k.colour).toMatch(/^#[0-9a-f]{6}$/);
    }
    expect(new Set(allFaultKinds.map((k) => k.colour)).size).toBe(allFaultKinds.length);
  });
  it('finds a kind by class and name, and not under another class', () => {
    expect(findFaultKind('data-access', 'missing-grant')?.kind).toBe('missing-grant');
    expect(findFaultKind('environment', 'missing-grant')).toBeUndefined();
  });
});

describe('appliesTo', () => {
  const k = (name: string) => allFaultKinds.find((x) => x.kind === name)!;
  it('frontend faults need a new frontend: after a replace in rolling, the new universe in imago', () => {
    expect(k('read-only-left-on').appliesTo('rolling', 'after:replace:web-1')).toBe(true);
    expect(k('read-only-left-on').appliesTo('rolling', 'before:replace:web-1')).toMatch(/freshly replaced frontend/);
    expect(k('read-only-left-on').appliesTo('imago', 'after:bootstrap-universe')).toBe(true);
    expect(k('read-only-left-on').appliesTo('imago', 'before:bootstrap-universe')).toMatch(/new universe/);
  });
  it('old-database is imago only; data faults in imago wait for the data', () => {
    expect(k('old-database').appliesTo('rolling', 'after:replace:web-1')).toMatch(/in place/);
    expect(k('dropped-table').appliesTo('imago', 'after:bootstrap-universe')).toMatch(/after:transfer-data/);
    expect(k('dropped-table').appliesTo('imago', 'after:transfer-data')).toBe(true);
    expect(k('missing-grant').appliesTo('rolling', 'before:migrate-schema')).toBe(true);
  });
});

describe('procedural kinds', () => {
  const steps = stepNames('rolling', 2);
  it('omitted-step leaves out the step named by before:', () => {
    const out = findFaultKind('simple-config', 'omitted-step')!.transformSteps!(steps, 'before:migrate-schema', {});
    expect(out).toEqual(steps.filter((s) => s !== 'migrate-schema'));
    expect(findFaultKind('simple-config', 'omitted-step')!.appliesTo('rolling', 'after:migrate-schema')).toMatch(/before:<step>/);
  });
  it('spurious-step runs a step again at the point', () => {
    const out = findFaultKind('simple-config', 'spurious-step')!.transformSteps!(steps, 'after:migrate-schema', {});
    expect(out.slice(0, 3)).toEqual(['snapshot-db', 'migrate-schema', 'migrate-schema']);
    expect(out).toHaveLength(steps.length + 1);
    expect(() => findFaultKind('simple-config', 'spurious-step')!.transformSteps!(steps, 'after:migrate-schema', { step: 'warp' })).toThrow(/not a step/);
  });
  it('reordered-steps moves the schema migration after the frontends were switched', () => {
    const out = findFaultKind('simple-config', 'reordered-steps')!.transformSteps!(steps, 'before:migrate-schema', {});
    expect(out.at(-1)).toBe('migrate-schema');
    expect(out.indexOf('replace:web-1')).toBeLessThan(out.indexOf('migrate-schema'));
    expect(() => findFaultKind('simple-config', 'reordered-steps')!.transformSteps!(steps, 'before:migrate-schema', { after: 'snapshot-db' })).toThrow(/must come after/);
  });
});

describe('scenario validation of faults', () => {
  const scenario = (fault: string, strategy = 'rolling') => `name: x\ntestbed: { from: "1.35", to: "1.39", frontends: 2 }\nupgrade: { strategy: ${strategy} }\nfault:\n${fault}`;
  it('refuses a kind where it cannot apply, saying why', () => {
    const r = parseScenario(scenario('  class: semantic-config\n  kind: old-database\n  at: after:replace:web-1\n'), 'a.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ path: 'fault.at', line: 7 });
    expect(r.issues[0]!.found).toMatch(/upgrades the one database in place/);
  });
  it("checks params with the kind's own schema, every error with its line", () => {
    const r = parseScenario(scenario('  class: semantic-config\n  kind: too-few-workers\n  params: { workers: 0, colour: red }\n  at: after:replace:web-1\n'), 'b.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(['fault.params.colour', 'fault.params.workers']);
  });
  it('names the kinds of the class for an unknown kind', () => {
    const r = parseScenario(scenario('  class: environment\n  kind: cosmic-ray\n  at: after:replace:web-1\n'), 'c.yaml');
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.expected}`)).toEqual([
      'fault.kind: a kind of class environment: missing-php-extension, port-conflict, unwritable-dir, disk-full, unresolvable-service',
    ]);
  });
  it('refuses procedural params that do not fit the procedure', () => {
    const r = parseScenario(scenario('  class: simple-config\n  kind: reordered-steps\n  params: { after: snapshot-db }\n  at: before:migrate-schema\n'), 'd.yaml');
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['fault.params']);
  });
  it('accepts a kind at a point where it applies and fills its defaults', () => {
    const r = parseScenario(scenario('  class: data-access\n  kind: missing-grant\n  at: after:migrate-schema\n'), 'e.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.fault?.params).toEqual({ tables: ['linktarget'] });
  });
});
