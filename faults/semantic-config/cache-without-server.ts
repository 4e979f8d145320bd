/** A cache type whose cache server does not exist: MediaWiki's main cache set to memcached. */
import { z } from 'zod';
import { defineFault } from '../fault.ts';
import { editFrontendFiles } from '../frontend.ts';
import { localSettingsPath } from '../paths.ts';
import { phpVariable, setPhpVariable } from '../settings.ts';
import { newFrontends } from '../where.ts';

export default defineFault({
  class: 'semantic-config',
  kind: 'cache-without-server',
  description: '$wgMainCacheType = CACHE_MEMCACHED with a memcached server that nothing runs: every cache read misses and every write fails, silently.',
  acts: 'LocalSettings.php of the new frontends',
  colour: '#6baed6',
  params: z.strictObject({
    server: z
      .string()
      .regex(/^[\w.-]+:\d+$/)
      .default('memcached:11211')
      .describe('host:port of the memcached server the settings name (nothing listens there).'),
  }),
  appliesTo: newFrontends('cache-without-server'),
  async inject(target, p) {
    return editFrontendFiles(
      target,
      localSettingsPath,
      (text) => ({
        text: setPhpVariable(setPhpVariable(text, 'wgMainCacheType', 'CACHE_MEMCACHED'), 'wgMemCachedServers', `[ '${p.server}' ]`),
        what: `$wgMainCacheType ${phpVariable(text, 'wgMainCacheType')} -> CACHE_MEMCACHED on ${p.server}`,
      }),
      'none',
    );
  },
});
