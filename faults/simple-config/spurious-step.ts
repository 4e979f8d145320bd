/** A spurious procedure step: a step is run once more than it should be, at the injection point. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { marker } from '../undo.ts';
import { isBefore, stepOf } from '../where.ts';

export default defineFault({
  class: 'simple-config',
  kind: 'spurious-step',
  description: 'An extra run of a step at the injection point (default: the step named by `at` again, e.g. migrate-schema twice; or another step, e.g. replace:web-2 early).',
  acts: 'the procedure (its list of steps)',
  colour: '#9e9ac8',
  params: z.strictObject({
    step: z.string().min(1).optional().describe('The step run spuriously; default: the step named by `at`.'),
  }),
  appliesTo(strategy) {
    return strategy === 'none' ? 'the none strategy has no steps' : true;
  },
  transformSteps(steps, at, p) {
    const anchor = stepOf(at);
    const extra = p.step ?? anchor;
    const i = steps.indexOf(anchor);
    if (i < 0) throw new Error(`no step ${anchor} (steps: ${steps.join(', ')})`);
    if (!steps.includes(extra)) throw new Error(`params.step "${extra}" is not a step of the procedure (steps: ${steps.join(', ')})`);
    const out = [...steps];
    out.splice(isBefore(at) ? i : i + 1, 0, extra);
    return out;
  },
  async inject(target, p) {
    return marker(`spurious ${p.step ?? stepOf(target.at)} at ${target.at}`);
  },
});
