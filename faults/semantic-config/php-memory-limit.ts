/** A PHP memory limit too low for MediaWiki, in mod_php's php.ini. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { editFrontendFiles, resolveGlob } from '../frontend.ts';
import { apachePhpIni } from '../paths.ts';
import { setIniOption } from '../settings.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'semantic-config',
  kind: 'php-memory-limit',
  description: "memory_limit in Apache's php.ini set too low (MediaWiki raises a limit under 50M itself once it has started, so only a limit too low to start fails: 2M does on 1.35, 1.39 and 1.43).",
  acts: 'php.ini of mod_php on the new frontends',
  colour: '#2171b5',
  params: z.strictObject({
    limit: z
      .string()
      .regex(/^\d+[KMG]?$/)
      .default('2M')
      .describe('The memory_limit value (Debian ships 128M).'),
  }),
  appliesTo: newFrontends('php-memory-limit'),
  async inject(target, p) {
    return editFrontendFiles(
      target,
      (f) => resolveGlob(f, apachePhpIni),
      (text) => ({
        text: setIniOption(text, 'memory_limit', p.limit),
        what: `memory_limit ${/^memory_limit\s*=\s*(\S+)/m.exec(text)?.[1] ?? '?'} -> ${p.limit}`,
      }),
      'graceful',
    );
  },
});
