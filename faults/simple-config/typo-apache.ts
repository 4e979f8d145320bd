/** A typo in an Apache directive on the new frontends, applied by restarting Apache. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { editFrontendFiles } from '../frontend.ts';
import { typoInDirective } from '../typo.ts';
import { typoParams, typoRandom } from '../typo-fault.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'simple-config',
  kind: 'typo-apache',
  description: 'A ConfErr-style typo in an Apache directive (e.g. "Listen 80" -> "Lisetn 80"), then Apache is restarted as an operator would; a config Apache refuses leaves the frontend down.',
  acts: 'an Apache config file of the new frontends',
  colour: '#fd8d3c',
  params: z.strictObject({
    file: z
      .string()
      .regex(/^\/etc\/apache2\//)
      .default('/etc/apache2/ports.conf')
      .describe('The Apache config file, under /etc/apache2/.'),
    ...typoParams('Listen', 'name', 'The directive whose line is mistyped, e.g. Listen, Alias, MaxRequestWorkers.'),
    apply: z
      .enum(['restart', 'graceful', 'none'])
      .default('restart')
      .describe('How the change takes effect: restart the frontend, a graceful reload (refused while the config is broken), or not until the next start.'),
  }),
  appliesTo: newFrontends('typo-apache'),
  async inject(target, p) {
    const random = typoRandom(p.seed, target.random);
    return editFrontendFiles(
      target,
      p.file,
      (text) => {
        const t = typoInDirective(text, 'apache', p.directive, p.part, p.typo, random);
        return { text: t.text, what: `line ${t.line} ${t.kind} ${JSON.stringify(t.lineBefore.trim())} -> ${JSON.stringify(t.lineAfter.trim())}` };
      },
      p.apply,
    );
  },
});
