/** New frontends pointed at the old database: the new universe's settings keep the old $wgDB* lines. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { editFrontendFiles } from '../frontend.ts';
import { localSettingsPath } from '../paths.ts';
import { phpVariable, setPhpVariable } from '../settings.ts';
import { newFrontends } from '../where.ts';

const dbVariables = ['wgDBserver', 'wgDBname', 'wgDBuser', 'wgDBpassword'] as const;
const inNewUniverse = newFrontends('old-database');

export default defineFault({
  class: 'semantic-config',
  kind: 'old-database',
  description:
    "The new universe's frontends get the old universe's database settings ($wgDBserver, $wgDBname, $wgDBuser, $wgDBpassword): valid PHP, wrong database; new code runs on the old schema and writes land in the old database.",
  acts: "LocalSettings.php of the new universe's frontends",
  colour: '#3182bd',
  params: z.strictObject({}),
  appliesTo(strategy, at) {
    if (strategy !== 'imago') return `the ${strategy} strategy upgrades the one database in place: there is no old database to point at (imago only)`;
    return inNewUniverse(strategy, at);
  },
  async inject(target) {
    const old = target.oldSettings;
    if (old === undefined) throw new Error('old-database needs a new universe beside the old one (imago)');
    const values = Object.fromEntries(dbVariables.map((v) => [v, phpVariable(old, v)]));
    return editFrontendFiles(
      target,
      localSettingsPath,
      (text) => {
        let out = text;
        for (const v of dbVariables) if (values[v] !== undefined) out = setPhpVariable(out, v, values[v]);
        return { text: out, what: `$wgDBserver ${phpVariable(text, 'wgDBserver')} -> ${values.wgDBserver}, $wgDBname ${phpVariable(text, 'wgDBname')} -> ${values.wgDBname} (the old universe's)` };
      },
      'none',
    );
  },
});
