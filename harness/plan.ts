/** The plan of a scenario, as `bench plan` prints it: load phases, steps and the fault's point. */
import { formatDuration } from './scenario/duration.ts';
import type { Scenario } from './scenario/schema.ts';
import { defaultLoops } from './workload/generator.ts';
import { stepNames } from '../faults/strategies.ts';

export interface Plan {
  scenario: string;
  testbed: string;
  load: string;
  strategy: Scenario['upgrade']['strategy'];
  steps: string[];
  fault?: { class: string; kind: string; at: string };
}

/** The mix's shares: read and edit always, the others when the scenario gives them. */
const mixOf = (mix: Scenario['workload']['mix']) =>
  Object.entries(mix)
    .filter(([name, share]) => share > 0 || name === 'read' || name === 'edit')
    .map(([name, share]) => `${name} ${share}`)
    .join(', ');

export function planOf(s: Scenario): Plan {
  const { testbed: t, workload: w, upgrade: u } = s;
  const load = `${formatDuration(w.duration)} of ${w.rate ? `${w.rate} req/s open loop${w.connections ? ` over at most ${w.connections} connections` : ''}` : `closed loop over ${w.connections ?? defaultLoops} connections`} (${mixOf(w.mix)}); upgrade after ${formatDuration(u.start_after)}`;
  return {
    scenario: s.name,
    testbed: `MediaWiki ${t.from} -> ${t.to}, ${t.frontends} frontends, ${t.pages} pages`,
    load,
    strategy: u.strategy,
    steps: stepNames(u.strategy, t.frontends),
    fault: s.fault && { class: s.fault.class, kind: s.fault.kind, at: s.fault.at },
  };
}

export function formatPlan(plan: Plan): string {
  const lines = [`scenario ${plan.scenario}`, `  testbed   ${plan.testbed}`, `  load      ${plan.load}`, `  strategy  ${plan.strategy}${plan.steps.length ? '' : ' (no steps)'}`];
  const faultLine = plan.fault ? `<- fault ${plan.fault.class}/${plan.fault.kind}` : '';
  plan.steps.forEach((step, i) => {
    if (plan.fault?.at === `before:${step}`) lines.push(`            ${faultLine}`);
    lines.push(`  ${String(i + 1).padStart(3)}. ${step.padEnd(24)} injection points: before:${step}, after:${step}`);
    if (plan.fault?.at === `after:${step}`) lines.push(`            ${faultLine}`);
  });
  return lines.join('\n');
}
