/** A PHP extension missing from the new image: disabled for mod_php with phpdismod. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { bringBack, frontendsOf, runOk } from '../frontend.ts';
import { applyToEach } from '../undo.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'environment',
  kind: 'missing-php-extension',
  description:
    'A PHP extension MediaWiki needs is not loaded by mod_php on the new frontends (phpdismod, then a graceful reload): mysqli gives "Cannot access the database", mbstring or intl a fatal error.',
  acts: 'mod_php on the new frontends',
  colour: '#31a354',
  params: z.strictObject({
    extension: z
      .string()
      .regex(/^[a-z0-9_]+$/)
      .default('mysqli')
      .describe('The extension left out (Debian module name), e.g. mysqli, mbstring, intl, xml.'),
  }),
  appliesTo: newFrontends('missing-php-extension'),
  async inject(target, p) {
    return applyToEach(frontendsOf(target), {
      async save(f) {
        return (await f.run(['sh', '-c', `ls /etc/php/*/apache2/conf.d/ | grep -qx '[0-9]*-${p.extension}.ini'`])).exitCode === 0;
      },
      async apply(f, enabled) {
        if (!enabled) return `${f.name}: ${p.extension} was not enabled`;
        await runOk(f, ['phpdismod', '-s', 'apache2', p.extension]);
        const r = await f.reload();
        return `${f.name}: ${p.extension} disabled for apache2${r.ok ? ', reloaded' : `, reload refused (${r.detail})`}`;
      },
      async undo(f, enabled) {
        if (!enabled) return;
        await runOk(f, ['phpenmod', '-s', 'apache2', p.extension]);
        await bringBack(f);
      },
    });
  },
});
