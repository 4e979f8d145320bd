// bench run over several files: one baseline per fault-free twin, a fault-free scenario among the
// files serving as it, each baseline before the first run measured against it.
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../harness/scenario/load.ts';
import type { Scenario } from '../../harness/scenario/schema.ts';
import { planScenarioRuns, type RunStep, type ScenarioJob } from '../../harness/shared-baselines.ts';

async function load(name: string): Promise<{ scenario: Scenario; file: string }> {
  const r = await loadScenarioFile(`scenarios/${name}.yaml`);
  if (!r.ok) throw new Error(`${name} does not load`);
  return { scenario: r.scenario, file: r.file };
}
const jobsOf = (files: Array<{ scenario: Scenario; file: string }>, trials = 1): ScenarioJob[] => files.flatMap((f) => Array.from({ length: trials }, (_, i) => ({ ...f, trial: i + 1 })));
/** Each step as a line: `baseline <name> t<trial>` or `<name> t<trial>` with what it serves and is measured against. */
function lines(steps: RunStep[]): string[] {
  const names = new Map<string, string>();
  return steps.map((s) => {
    if (s.kind === 'baseline') {
      names.set(s.key, `twin of ${s.scenario.name}`);
      return `baseline (${s.scenario.fault ? 'with a fault!' : 'fault-free'}) twin of ${s.scenario.name}`;
    }
    const line = `${s.job.scenario.name} t${s.job.trial}`;
    if (s.serves) names.set(s.serves, line);
    return s.baseline ? `${line} against ${names.get(s.baseline)}` : line;
  });
}

describe('shared baselines of bench run', () => {
  it("the bundled fault scenarios share their strategy's fault-free scenario as the baseline, whatever the file order", async () => {
    const files = await Promise.all(['rolling-simple-config', 'rolling-data-access', 'imago-environment', 'rolling-baseline', 'imago-baseline', 'offline-baseline'].map(load));
    expect(lines(planScenarioRuns(jobsOf(files)))).toEqual([
      'rolling-baseline t1',
      'rolling-simple-config t1 against rolling-baseline t1',
      'rolling-data-access t1 against rolling-baseline t1',
      'imago-baseline t1',
      'imago-environment t1 against imago-baseline t1',
      'offline-baseline t1',
    ]);
  });

  it('without a fault-free scenario, the first fault scenario runs its twin once for all that match; trials never share', async () => {
    const files = await Promise.all(['rolling-simple-config', 'rolling-semantic-config'].map(load));
    expect(lines(planScenarioRuns(jobsOf(files, 2)))).toEqual([
      'baseline (fault-free) twin of rolling-simple-config',
      'rolling-simple-config t1 against twin of rolling-simple-config',
      'baseline (fault-free) twin of rolling-simple-config',
      'rolling-simple-config t2 against twin of rolling-simple-config',
      'rolling-semantic-config t1 against twin of rolling-simple-config',
      'rolling-semantic-config t2 against twin of rolling-simple-config',
    ]);
    const steps = planScenarioRuns(jobsOf(files, 2));
    const keys = steps.filter((s) => s.kind === 'baseline').map((s) => s.key);
    expect(new Set(keys).size).toBe(2);
    // Each fault run is measured against the baseline of its own trial.
    for (const s of steps) if (s.kind === 'scenario') expect(JSON.parse(s.baseline!).trial).toBe(s.job.trial);
  });

  it('a different workload, seed or upgrade makes a different twin', async () => {
    const { scenario, file } = await load('rolling-simple-config');
    const free = await load('rolling-baseline');
    const variants: Scenario[] = [
      { ...scenario, workload: { ...scenario.workload, rate: 30 } },
      { ...scenario, seed: 7 },
      { ...scenario, upgrade: { ...scenario.upgrade, start_after: 20_000 } },
    ];
    const steps = planScenarioRuns(jobsOf([free, ...variants.map((v) => ({ scenario: v, file }))]));
    expect(steps.map((s) => s.kind)).toEqual(['scenario', 'baseline', 'scenario', 'baseline', 'scenario', 'baseline', 'scenario']);
  });
});
