/** A PHP extension missing from the new image: disabled for mod_php with phpdismod. */
import { z } from 'zod';
import { execOk, exec } from '../../harness/docker.ts';
import { defineFault } from '../fault.ts';
import { active, bringBackFrontend, frontendsOf, gracefulApache, nameOf } from '../node.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'environment',
  kind: 'missing-php-extension',
  description: 'A PHP extension MediaWiki needs is not loaded by mod_php on the new frontends (phpdismod, then a graceful reload): mysqli gives "Cannot access the database", mbstring or intl a fatal error.',
  acts: 'mod_php on the new frontends',
  colour: '#31a354',
  params: z.strictObject({
    extension: z.string().regex(/^[a-z0-9_]+$/).default('mysqli').describe('The extension left out (Debian module name), e.g. mysqli, mbstring, intl, xml.'),
  }),
  appliesTo: newFrontends('missing-php-extension'),
  async inject(target, p) {
    const changed: Array<{ c: import('dockerode').Container; name: string }> = [];
    const notes: string[] = [];
    for (const c of frontendsOf(target)) {
      const name = await nameOf(c);
      const enabled = (await exec(c, ['sh', '-c', `ls /etc/php/*/apache2/conf.d/ | grep -qx '[0-9]*-${p.extension}.ini'`])).exitCode === 0;
      if (!enabled) {
        notes.push(`${name}: ${p.extension} was not enabled`);
        continue;
      }
      await execOk(c, ['phpdismod', '-s', 'apache2', p.extension]);
      changed.push({ c, name });
      const r = await gracefulApache(c);
      notes.push(`${name}: ${p.extension} disabled for apache2${r.ok ? ', reloaded' : `, reload refused (${r.detail})`}`);
    }
    return active(notes.join('; '), async () => {
      for (const { c } of changed.reverse()) {
        await execOk(c, ['phpenmod', '-s', 'apache2', p.extension]);
        await bringBackFrontend(c);
      }
    });
  },
});
