/** An omitted procedure step: the operator forgets it (e.g. update.php, the compare step). */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { marker } from '../undo.ts';
import { isBefore, stepOf, stepsFor } from '../where.ts';

export default defineFault({
  class: 'simple-config',
  kind: 'omitted-step',
  description: 'The step named by before:<step> is left out (rolling before:migrate-schema: update.php is forgotten; imago before:compare: switch over untested).',
  acts: 'the procedure (its list of steps)',
  colour: '#756bb1',
  params: z.strictObject({}),
  appliesTo(strategy, at) {
    if (!isBefore(at)) return 'omitted-step leaves out the step it names: use before:<step> (after:<step> has already run it)';
    if (!stepsFor(strategy, at).includes(stepOf(at))) return `the ${strategy} strategy has no step ${stepOf(at)}`;
    return true;
  },
  transformSteps(steps, at) {
    const step = stepOf(at);
    if (!steps.includes(step)) throw new Error(`no step ${step} to omit (steps: ${steps.join(', ')})`);
    return steps.filter((s) => s !== step);
  },
  async inject(target) {
    return marker(`step ${stepOf(target.at)} omitted from the ${target.strategy} procedure`);
  },
});
