/**
 * Security probes after the run: what the testbed declares is the wiki user with ALL on
 * `wiki`.* only, root with the run's password, nothing world-writable where the web server
 * serves from, error pages without internals, no PHP executed from the upload directory.
 * Each probe reports what it looked at; each exposure is a finding with a stable id, so a run
 * can be compared with its baseline.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { exec, putFiles } from '../docker.ts';
import type { Testbed } from '../testbed/index.ts';
import { sql } from '../testbed/mariadb.ts';

export interface Finding {
  id: string;
  evidence: string;
}

export interface Probe {
  name: string;
  /** ok: looked and found nothing; finding: an exposure; error: could not look. */
  result: 'ok' | 'finding' | 'error';
  detail: string;
}

export interface SecurityReport {
  findings: Finding[];
  probes: Probe[];
}

/** Internals that must not reach a client: PHP messages, stack traces, paths, SQL. */
export const leakPattern = /Stack trace:|#\d+ \/usr\/share\/mediawiki|\/usr\/share\/mediawiki\/\S+\.php|on line <b>\d+|on line \d+|(?:Fatal error|Warning|Notice|Deprecated|Parse error)<\/b>:|You have an error in your SQL syntax|Wikimedia\\Rdbms\\|DBQueryError|Function: \S+::\S+/;

const webRoots = ['/var/lib/mediawiki/', '/etc/mediawiki', '/usr/share/mediawiki'];
const accountsAllowed = new Set(['root', 'wiki', 'mariadb.sys', 'mysql']);

export async function securityProbes(testbed: Testbed, failureBodies: ReadonlyArray<{ body: string; status?: number }>): Promise<SecurityReport> {
  const findings: Finding[] = [];
  const probes: Probe[] = [];
  const run = async (name: string, probe: () => Promise<Finding[]>, looked: string) => {
    try {
      const found = await probe();
      findings.push(...found);
      probes.push({ name, result: found.length > 0 ? 'finding' : 'ok', detail: found.length > 0 ? found.map((f) => f.evidence).join('; ') : looked });
    } catch (error) {
      probes.push({ name, result: 'error', detail: (error as Error).message.slice(0, 300) });
    }
  };
  await run('database grants', () => grantFindings(testbed), 'the wiki user has ALL on `wiki`.* only; no undeclared account');
  await run('database without password', () => passwordlessFindings(testbed), 'root, wiki and the anonymous user are refused without a password');
  await run('world-writable paths', () => worldWritable(testbed.webs), `nothing world-writable under ${webRoots.join(', ')}`);
  await run('error pages', () => leakFindings(testbed.url, failureBodies), `${failureBodies.length} failure answers of the load and 3 provoked errors show no internals`);
  await run('PHP in the upload directory', () => phpInImages(testbed), 'a PHP file in images/ is not executed');
  return { findings, probes };
}

async function grantFindings(testbed: Testbed): Promise<Finding[]> {
  const { db, credentials } = testbed;
  const users = await sql(db, credentials, "SELECT CONCAT(QUOTE(user), '@', QUOTE(host)), user FROM mysql.user");
  if (users.exitCode !== 0) throw new Error(`cannot list accounts: ${users.stderr.trim()}`);
  const findings: Finding[] = [];
  for (const line of users.stdout.trim().split('\n').filter(Boolean)) {
    const [account, user] = line.split('\t') as [string, string];
    if (!accountsAllowed.has(user)) findings.push({ id: `db-undeclared-account:${account}`, evidence: `undeclared database account ${account}` });
    if (user !== credentials.user) continue;
    const grants = await sql(db, credentials, `SHOW GRANTS FOR ${account}`);
    if (grants.exitCode !== 0) throw new Error(`SHOW GRANTS FOR ${account}: ${grants.stderr.trim()}`);
    for (const grant of grants.stdout.trim().split('\n').filter(Boolean)) {
      const declared = /^GRANT USAGE ON \*\.\* TO /.test(grant) || new RegExp(`^GRANT ALL PRIVILEGES ON \`${credentials.database}\`\\.\\* TO `).test(grant);
      if (!declared) findings.push({ id: `db-grant-broader:${grant.replace(/ IDENTIFIED BY .*/, '').replace(/ TO .*/, '')}`, evidence: `${account} has ${grant.replace(/IDENTIFIED BY PASSWORD '[^']*'/, "IDENTIFIED BY PASSWORD '...'")}` });
    }
  }
  return findings;
}

/** Tries root, wiki and the anonymous user without a password from a frontend, over the network. */
async function passwordlessFindings(testbed: Testbed): Promise<Finding[]> {
  const host = /\$wgDBserver\s*=\s*["']([^"']+)["']/.exec(testbed.settings)?.[1] ?? 'db';
  const php = `mysqli_report(MYSQLI_REPORT_OFF); foreach (['root', '${testbed.credentials.user}', ''] as $u) { $m = @mysqli_connect('${host}', $u, ''); echo $u === '' ? '(anonymous)' : $u, '=', $m ? 'open' : 'refused', "\\n"; }`;
  const web = testbed.webs[0];
  if (!web) throw new Error('no frontend to probe from');
  const result = await exec(web, ['php', '-r', php]);
  if (result.exitCode !== 0) throw new Error(`php exited ${result.exitCode}: ${result.stderr.trim().slice(0, 200)}`);
  return result.stdout
    .trim()
    .split('\n')
    .filter((line) => line.endsWith('=open'))
    .map((line) => {
      const user = line.slice(0, -'=open'.length);
      return { id: `db-no-password:${user}`, evidence: `database user ${user} logs in on ${host} without a password` };
    });
}

async function worldWritable(webs: Docker.Container[]): Promise<Finding[]> {
  const findings = new Map<string, Finding>();
  for (const web of webs) {
    const result = await exec(web, ['sh', '-c', `find ${webRoots.join(' ')} -xdev -perm -o+w ! -type l 2>/dev/null | head -20`]);
    for (const path of result.stdout.trim().split('\n').filter(Boolean)) findings.set(path, { id: `world-writable:${path}`, evidence: `${path} is world-writable` });
  }
  return [...findings.values()];
}

async function leakFindings(baseUrl: string, failureBodies: ReadonlyArray<{ body: string; status?: number }>): Promise<Finding[]> {
  const provoked = [`${baseUrl}/includes/Setup.php`, `${baseUrl}/index.php?title=Special:RecentChanges&limit=-1&days=abc&from=zz`, `${baseUrl}/api.php?action=query&list=allpages&apfrom[]=x&format=json`];
  const bodies = [...failureBodies.map((b) => ({ where: `a failed load request (HTTP ${b.status ?? '-'})`, body: b.body }))];
  for (const url of provoked) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      bodies.push({ where: `${new URL(url).pathname}${new URL(url).search.slice(0, 40)} (HTTP ${response.status})`, body: await response.text() });
    } catch {
      // An unanswered probe shows nothing.
    }
  }
  const leaks: string[] = [];
  for (const { where, body } of bodies) {
    const match = leakPattern.exec(body);
    if (match) leaks.push(`${where} shows "${match[0]}"`);
  }
  return leaks.length > 0 ? [{ id: 'error-page-leak', evidence: `${leaks.length} answers show internals: ${leaks.slice(0, 3).join('; ')}` }] : [];
}

/** Puts a PHP file into images/ on every frontend, asks for it through the ingress, removes it. */
async function phpInImages(testbed: Testbed): Promise<Finding[]> {
  const name = `bench-probe-${randomBytes(4).toString('hex')}.php`;
  const dir = '/var/lib/mediawiki/images';
  await Promise.all(testbed.webs.map((web) => putFiles(web, dir, { [name]: '<?php echo "bench-probe-" . (6 * 7);\n' })));
  try {
    let executed = 0;
    for (let i = 0; i < testbed.webs.length * 2; i++) {
      const response = await fetch(`${testbed.url}/images/${name}`, { signal: AbortSignal.timeout(10_000) });
      if ((await response.text()).includes('bench-probe-42')) executed++;
    }
    return executed > 0 ? [{ id: 'php-executes-in-images', evidence: `a PHP file in ${dir} was executed when requested (${executed} of ${testbed.webs.length * 2} requests)` }] : [];
  } finally {
    await Promise.all(testbed.webs.map((web) => exec(web, ['rm', '-f', `${dir}/${name}`]).catch(() => undefined)));
  }
}
