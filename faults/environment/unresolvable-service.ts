/** The database's service name no longer resolves on the new frontends: their resolver is broken. */
import { z } from 'zod';
import type { Frontend } from '../capabilities.ts';
import { defineFault } from '../fault.ts';
import { frontendsOf, runOk } from '../frontend.ts';
import { resolvConf } from '../paths.ts';
import { applyToEach } from '../undo.ts';
import { newFrontends } from '../where.ts';

/** Writes resolv.conf in place: Docker bind-mounts it, and a new file would not replace the mount. */
const writeResolvConf = (f: Frontend, content: string) => runOk(f, ['sh', '-c', `printf "%s" "$1" > ${resolvConf}`, 'sh', content]);

export default defineFault({
  class: 'environment',
  kind: 'unresolvable-service',
  description:
    "The new frontends' /etc/resolv.conf names a nameserver that does not answer (not Docker's DNS): the database's service name (db) no longer resolves, MediaWiki cannot reach its database.",
  acts: 'the name resolution of the new frontends',
  colour: '#238b45',
  params: z.strictObject({
    nameserver: z
      .string()
      .regex(/^[\d.]+$/)
      .default('127.0.0.1')
      .describe('The nameserver the broken resolv.conf names (nothing answers DNS there).'),
  }),
  appliesTo: newFrontends('unresolvable-service'),
  async inject(target, p) {
    return applyToEach(frontendsOf(target), {
      save: (f) => f.readFile(resolvConf),
      async apply(f) {
        await writeResolvConf(f, `nameserver ${p.nameserver}\n`);
        return `${f.name}: resolv.conf -> nameserver ${p.nameserver}`;
      },
      async undo(f, original) {
        await writeResolvConf(f, original);
      },
    });
  },
});
