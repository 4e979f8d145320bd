/** Excessive grants: the wiki account gets every privilege on every database. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { account, restoreGrants, showGrants } from '../sql.ts';
import { applyToEach } from '../undo.ts';
import { upgradedDatabase } from '../where.ts';

export default defineFault({
  class: 'data-access',
  kind: 'excessive-grant',
  description: 'The wiki account is granted ALL PRIVILEGES ON *.* (optionally WITH GRANT OPTION), as a hurried fix for a permission error would: the wiki keeps working and is a security exposure.',
  acts: "the upgraded universe's database grants",
  colour: '#ff9896',
  params: z.strictObject({
    grantOption: z.boolean().default(true).describe('Also WITH GRANT OPTION.'),
  }),
  appliesTo: upgradedDatabase('excessive-grant'),
  async inject(target, p) {
    const option = p.grantOption ? ' WITH GRANT OPTION' : '';
    return applyToEach([target.database], {
      save: showGrants,
      async apply(db) {
        await db.sql(`GRANT ALL PRIVILEGES ON *.* TO ${account(db)}${option}; FLUSH PRIVILEGES`);
        return `${db.wiki.user}: ALL PRIVILEGES ON *.*${option}`;
      },
      undo: restoreGrants,
    });
  },
});
