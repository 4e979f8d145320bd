/** Where the testbed's images keep what faults change. */

/** MediaWiki's settings on a frontend. */
export const localSettingsPath = '/etc/mediawiki/LocalSettings.php';

/** mod_php's php.ini, under the image's PHP version (7.4 in 1.35's, 8.2 in 1.39's). */
export const apachePhpIni = '/etc/php/*/apache2/php.ini';

export const preforkConf = '/etc/apache2/mods-available/mpm_prefork.conf';

/** The frontend's start script (docker/mediawiki/entrypoint.sh): it execs Apache as the container's main process. */
export const frontendEntrypoint = '/usr/local/bin/bench-mediawiki';

/** The directories MediaWiki writes to: uploads and its cache. */
export const wikiDirs = { images: '/var/lib/mediawiki/images', cache: '/var/lib/mediawiki/cache' } as const;

/** A file Docker bind-mounts into each container: it must be written in place. */
export const resolvConf = '/etc/resolv.conf';
