/** $wgReadOnly left on after the maintenance window: page views work, every edit is refused. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { editFrontendFiles } from '../frontend.ts';
import { localSettingsPath } from '../paths.ts';
import { setPhpVariable } from '../settings.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'semantic-config',
  kind: 'read-only-left-on',
  description: '$wgReadOnly set during the upgrade and left on: reads succeed, every edit answers "readonly".',
  acts: 'LocalSettings.php of the new frontends',
  colour: '#08519c',
  params: z.strictObject({
    reason: z.string().min(1).default('Upgrade in progress').describe('The read-only message MediaWiki shows.'),
  }),
  appliesTo: newFrontends('read-only-left-on'),
  async inject(target, p) {
    return editFrontendFiles(
      target,
      localSettingsPath,
      (text) => ({
        text: setPhpVariable(text, 'wgReadOnly', `'${p.reason.replace(/['\\]/g, '')}'`),
        what: `$wgReadOnly = '${p.reason}'`,
      }),
      'none',
    );
  },
});
