/** The database's service name no longer resolves on the new frontends: their resolver is broken. */
import { z } from 'zod';
import type Docker from 'dockerode';
import { execOk } from '../../harness/docker.ts';
import { defineFault } from '../fault.ts';
import { active, frontendsOf, nameOf } from '../node.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'environment',
  kind: 'unresolvable-service',
  description: "The new frontends' /etc/resolv.conf names a nameserver that does not answer (not Docker's DNS): the database's service name (db) no longer resolves, MediaWiki cannot reach its database.",
  acts: "the name resolution of the new frontends",
  colour: '#238b45',
  params: z.strictObject({
    nameserver: z.string().regex(/^[\d.]+$/).default('127.0.0.1').describe('The nameserver the broken resolv.conf names (nothing answers DNS there).'),
  }),
  appliesTo: newFrontends('unresolvable-service'),
  async inject(target, p) {
    const saved: Array<{ c: Docker.Container; original: string }> = [];
    const notes: string[] = [];
    for (const c of frontendsOf(target)) {
      const original = await execOk(c, ['cat', '/etc/resolv.conf']);
      // resolv.conf is a file Docker bind-mounts: write it in place (a new file would not replace the mount).
      await execOk(c, ['sh', '-c', 'printf "%s\\n" "$1" > /etc/resolv.conf', 'sh', `nameserver ${p.nameserver}`]);
      saved.push({ c, original });
      notes.push(`${await nameOf(c)}: resolv.conf -> nameserver ${p.nameserver}`);
    }
    return active(notes.join('; '), async () => {
      for (const { c, original } of saved.reverse()) await execOk(c, ['sh', '-c', 'printf "%s" "$1" > /etc/resolv.conf', 'sh', original]);
    });
  },
});
