/** A typo in a php.ini directive of mod_php on the new frontends, applied by a graceful reload. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { editFrontendFiles, resolveGlob } from '../frontend.ts';
import { apachePhpIni } from '../paths.ts';
import { typoInDirective } from '../typo.ts';
import { typoParams, typoRandom } from '../typo-fault.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'simple-config',
  kind: 'typo-php-ini',
  description: "A ConfErr-style typo in Apache's php.ini (e.g. memory_limit = 128M -> 128), then a graceful reload; PHP ignores a mistyped name silently, so the built-in default applies.",
  acts: 'php.ini of mod_php on the new frontends',
  colour: '#fdae6b',
  params: z.strictObject(typoParams('memory_limit', 'value', 'The php.ini directive whose line is mistyped, e.g. memory_limit, display_errors.')),
  appliesTo: newFrontends('typo-php-ini'),
  async inject(target, p) {
    const random = typoRandom(p.seed, target.random);
    return editFrontendFiles(
      target,
      (f) => resolveGlob(f, apachePhpIni),
      (text) => {
        const t = typoInDirective(text, 'ini', p.directive, p.part, p.typo, random);
        return { text: t.text, what: `line ${t.line} ${t.kind} ${JSON.stringify(t.lineBefore.trim())} -> ${JSON.stringify(t.lineAfter.trim())}` };
      },
      'graceful',
    );
  },
});
