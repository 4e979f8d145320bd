/** A typo in one setting of MediaWiki's LocalSettings.php on the new frontends. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { editFrontendFiles } from '../frontend.ts';
import { localSettingsPath } from '../paths.ts';
import { typoInDirective } from '../typo.ts';
import { typoParams, typoRandom } from '../typo-fault.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'simple-config',
  kind: 'typo-localsettings',
  description: 'A ConfErr-style typo in a LocalSettings.php setting (e.g. $wgDBserver "db" -> "dv"); PHP reads the file on every request.',
  acts: 'LocalSettings.php of the new frontends',
  colour: '#e6550d',
  params: z.strictObject(typoParams('$wgDBserver', 'value', 'The PHP variable whose line is mistyped, e.g. $wgDBserver, $wgMainCacheType.')),
  appliesTo: newFrontends('typo-localsettings'),
  async inject(target, p) {
    const random = typoRandom(p.seed, target.random);
    return editFrontendFiles(
      target,
      localSettingsPath,
      (text) => {
        const t = typoInDirective(text, 'php', p.directive, p.part, p.typo, random);
        return { text: t.text, what: `line ${t.line} ${t.kind} ${JSON.stringify(t.lineBefore.trim())} -> ${JSON.stringify(t.lineAfter.trim())}` };
      },
      'none',
    );
  },
});
