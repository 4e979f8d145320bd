/** An order inversion: a step runs later than it should (e.g. frontends replaced before the schema migration). */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { marker } from '../undo.ts';
import { isBefore, stepOf, stepsFor } from '../where.ts';

export default defineFault({
  class: 'simple-config',
  kind: 'reordered-steps',
  description: 'The step named by before:<step> is moved after a later step (default: the last), e.g. rolling migrate-schema after the frontends were switched.',
  acts: 'the procedure (its list of steps)',
  colour: '#54278f',
  params: z.strictObject({
    after: z.string().min(1).optional().describe('The later step the moved step now follows; default: the last step.'),
  }),
  appliesTo(strategy, at) {
    if (!isBefore(at)) return 'reordered-steps moves the step it names: use before:<step>';
    const steps = stepsFor(strategy, at);
    if (!steps.includes(stepOf(at))) return `the ${strategy} strategy has no step ${stepOf(at)}`;
    return true;
  },
  transformSteps(steps, at, p) {
    const step = stepOf(at);
    const i = steps.indexOf(step);
    if (i < 0) throw new Error(`no step ${step} (steps: ${steps.join(', ')})`);
    const after = p.after ?? steps[steps.length - 1]!;
    const j = steps.indexOf(after);
    if (j < 0) throw new Error(`params.after "${after}" is not a step of the procedure (steps: ${steps.join(', ')})`);
    if (j <= i) throw new Error(`params.after "${after}" must come after ${step} for the order to change`);
    const out = steps.filter((s) => s !== step);
    out.splice(out.indexOf(after) + 1, 0, step);
    return out;
  },
  async inject(target, p) {
    return marker(`step ${stepOf(target.at)} moved after ${p.after ?? 'the last step'}`);
  },
});
