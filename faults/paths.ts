/** Where the testbed's images keep what faults change. */

/** MediaWiki's settings on a frontend. */
export const localSettingsPath = '/etc/mediawiki/LocalSettings.php';

/** mod_php's php.ini, under the image's PHP version (7.4 in 1.35's, 8.2 in 1.39's, 8.4 in 1.43's). */
export const apachePhpIni = '/etc/php/*/apache2/php.ini';

export const preforkConf = '/etc/apache2/mods-available/mpm_prefork.conf';

/** The frontend's start script (docker/mediawiki/entrypoint.sh): it execs Apache as the container's main process. */
export const frontendEntrypoint = '/usr/local/bin/bench-mediawiki';

/** The directories MediaWiki writes to: uploads and its cache. */
export const wikiDirs = { images: '/var/lib/mediawiki/images', cache: '/var/lib/mediawiki/cache' } as const;

/** The MariaDB server's option file in Debian's packages. */
export const serverCnf = '/etc/mysql/mariadb.conf.d/50-server.cnf';

/**
 * The options `serverCnf` sets (uncommented) in each MariaDB release of the testbed. 11.8's file
 * no longer sets the character set and collation: the server's built-in defaults are utf8mb4.
 */
export const serverCnfOptions: Readonly<Record<string, readonly string[]>> = {
  '10.5': [
    'user',
    'pid-file',
    'basedir',
    'datadir',
    'tmpdir',
    'lc-messages-dir',
    'lc-messages',
    'skip-external-locking',
    'bind-address',
    'expire_logs_days',
    'character-set-server',
    'collation-server',
  ],
  '10.11': ['pid-file', 'basedir', 'bind-address', 'expire_logs_days', 'character-set-server', 'collation-server'],
  '11.8': ['pid-file', 'basedir', 'bind-address', 'expire_logs_days'],
};

/** A file Docker bind-mounts into each container: it must be written in place. */
export const resolvConf = '/etc/resolv.conf';
