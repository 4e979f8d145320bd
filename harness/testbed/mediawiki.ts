/**
 * MediaWiki on a frontend: non-interactive install, the settings every frontend shares, and
 * the seeded pages.
 */
import type Docker from 'dockerode';
import { execOk, putFiles } from '../docker.ts';
import type { DbCredentials } from './mariadb.ts';
import { pagesToXml, seedPages } from './pages.ts';

const maintenance = '/usr/share/mediawiki/maintenance';
const settingsDir = '/etc/mediawiki';

/**
 * What bench adds to the installer's LocalSettings.php: the server name from the request (the
 * wiki is reached through HAProxy on a random 127.0.0.1 port; 1.35 fails on every request
 * without $wgServer), and anonymous edits without the rate limit (the load's clients all come
 * from one address).
 */
const benchSettings = `
# --- bench ---
$wgServer = WebRequest::detectServer();
$wgGroupPermissions['*']['edit'] = true;
$wgGroupPermissions['*']['noratelimit'] = true;
$wgShowExceptionDetails = false;
`;

/** Runs install.php on one frontend and returns the LocalSettings.php all frontends use. */
export async function installWiki(web: Docker.Container, dbHost: string, c: DbCredentials): Promise<string> {
  await execOk(web, [
    'php',
    `${maintenance}/install.php`,
    '--dbserver',
    dbHost,
    '--dbname',
    c.database,
    '--dbuser',
    c.user,
    '--dbpass',
    c.password,
    '--scriptpath',
    '/mediawiki',
    '--pass',
    `Bench-admin-${c.password}`,
    '--confpath',
    '/tmp',
    'Bench Wiki',
    'BenchAdmin',
  ]);
  const generated = await execOk(web, ['cat', '/tmp/LocalSettings.php']);
  return `${generated.replace(/^\$wgServer = .*$/m, '')}${benchSettings}`;
}

export async function writeSettings(web: Docker.Container, settings: string): Promise<void> {
  await putFiles(web, settingsDir, { 'LocalSettings.php': settings });
}

/** Imports `count` deterministic pages and fills the link tables and recent changes. */
export async function seedWiki(web: Docker.Container, count: number, seed: number): Promise<void> {
  await putFiles(web, '/tmp', { 'seed.xml': pagesToXml(seedPages(count, seed)) });
  await execOk(web, ['php', `${maintenance}/importDump.php`, '--no-updates', '/tmp/seed.xml']);
  await execOk(web, ['php', `${maintenance}/refreshLinks.php`]);
  await execOk(web, ['php', `${maintenance}/rebuildrecentchanges.php`]);
  await execOk(web, ['php', `${maintenance}/initSiteStats.php`, '--update']);
}
