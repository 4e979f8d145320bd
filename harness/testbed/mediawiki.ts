/**
 * MediaWiki on a frontend: non-interactive install, and the settings every frontend shares.
 * (The seeded pages are a cached database: seed.ts.)
 */
import type Docker from 'dockerode';
import { execOk, putFiles } from '../docker.ts';
import type { DbCredentials } from './mariadb.ts';

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

/**
 * Runs install.php on one frontend and returns the LocalSettings.php all frontends use (with
 * `withBenchSettings: false`, as the installer wrote it: what a seed keeps).
 */
export async function installWiki(web: Docker.Container, dbHost: string, c: DbCredentials, o: { withBenchSettings?: boolean } = {}): Promise<string> {
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
  return o.withBenchSettings === false ? generated : `${generated.replace(/^\$wgServer = .*$/m, '')}${benchSettings}`;
}

/** A double-quoted PHP string, as the installer writes them (so that run settings read like installed ones). */
const phpString = (s: string) => `"${s.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;

/**
 * The settings a run's frontends use, from the LocalSettings.php a seed's install wrote: its
 * database lines pointed at the run's database and credentials (each run has fresh passwords),
 * the rest (secret key, upgrade key) as installed, and bench's additions.
 */
export function runSettings(installed: string, c: DbCredentials, dbHost: string): string {
  const lines: Record<string, string> = { wgDBserver: dbHost, wgDBname: c.database, wgDBuser: c.user, wgDBpassword: c.password };
  let settings = installed.replace(/^\$wgServer = .*$/m, '');
  for (const [name, value] of Object.entries(lines)) {
    const line = new RegExp(`^\\$${name} = .*;$`, 'm');
    if (!line.test(settings)) throw new Error(`the installed LocalSettings.php has no $${name} line`);
    settings = settings.replace(line, () => `$${name} = ${phpString(value)};`);
  }
  return `${settings}${benchSettings}`;
}

export async function writeSettings(web: Docker.Container, settings: string): Promise<void> {
  await putFiles(web, settingsDir, { 'LocalSettings.php': settings });
}
