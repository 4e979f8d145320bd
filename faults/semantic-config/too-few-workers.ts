/** Too few Apache workers: prefork's MaxRequestWorkers set far below the load's concurrency. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { editFrontendFiles } from '../frontend.ts';
import { preforkConf } from '../paths.ts';
import { setApacheDirective } from '../settings.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'semantic-config',
  kind: 'too-few-workers',
  description: "Apache prefork's MaxRequestWorkers (and the spare-server bounds) set to a handful: the config is valid, requests queue behind the few workers.",
  acts: 'mpm_prefork.conf of the new frontends',
  colour: '#4292c6',
  params: z.strictObject({
    workers: z.int().min(1).max(32).default(1).describe('MaxRequestWorkers (Debian ships 150).'),
  }),
  appliesTo: newFrontends('too-few-workers'),
  async inject(target, p) {
    return editFrontendFiles(
      target,
      preforkConf,
      (text) => {
        let out = text;
        for (const d of ['StartServers', 'MinSpareServers', 'MaxSpareServers', 'MaxRequestWorkers']) out = setApacheDirective(out, d, String(p.workers));
        return { text: out, what: `MaxRequestWorkers ${/MaxRequestWorkers\s+(\d+)/.exec(text)?.[1] ?? '?'} -> ${p.workers}` };
      },
      'graceful',
    );
  },
});
