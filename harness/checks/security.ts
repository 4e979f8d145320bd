/**
 * Security probes on the testbed: what it declares is the wiki user with ALL on `wiki`.* only,
 * root with the run's password, nothing world-writable where the web server serves from, error
 * pages without internals, no PHP executed from the upload directory. Each probe reports what it
 * looked at, or that it could not look; each exposure is a finding with a stable name and a
 * severity, so a run can be compared with its own start and with its baseline.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { exec, putFiles } from '../docker.ts';
import type { Testbed } from '../testbed/index.ts';
import { sql } from '../testbed/mariadb.ts';
import type { Severity } from '../../analysis/measure/findings.ts';

export interface Finding {
  /** Stable across runs: the rule, then `:` and the subject where there is one. */
  name: string;
  severity: Severity;
  evidence: string;
}

export interface Probe {
  name: string;
  /** ok: looked and found nothing; finding: an exposure; not-checked: could not look (why in detail). */
  result: 'ok' | 'finding' | 'not-checked';
  detail: string;
}

export interface SecurityReport {
  findings: Finding[];
  probes: Probe[];
}

export type LeakKind = 'stack-trace' | 'path' | 'sql' | 'credential' | 'version';

/**
 * Severity of each rule, which decides whether a finding is a vulnerability:
 * high: someone without credentials can run code or reach data (PHP executing in the upload
 *   directory, a database account that logs in without a password, a leaked credential);
 * medium: broader access, or internals that help an attacker (grants broader than declared, an
 *   undeclared database account, world-writable paths under the web roots, error pages showing a
 *   stack trace, file-system paths or SQL text);
 * low: a software version in an error page.
 */
export const severityRules = {
  'php-executes-in-images': 'high',
  'db-no-password': 'high',
  'error-page-leak:credential': 'high',
  'db-grant-broader': 'medium',
  'db-undeclared-account': 'medium',
  'world-writable': 'medium',
  'error-page-leak:stack-trace': 'medium',
  'error-page-leak:path': 'medium',
  'error-page-leak:sql': 'medium',
  'error-page-leak:version': 'low',
} as const satisfies Record<string, Severity>;

export type FindingRule = keyof typeof severityRules;

const finding = (rule: FindingRule, evidence: string, subject?: string): Finding => ({
  name: subject === undefined ? rule : `${rule}:${subject}`,
  severity: severityRules[rule],
  evidence,
});

// Server directories holding code, configuration, data or logs; a URL path such as
// /mediawiki/index.php is none of them.
const serverDirs = String.raw`\/(?:usr\/share\/(?:mediawiki|php)|var\/lib\/(?:mediawiki|mysql)|etc\/(?:mediawiki|apache2|php|mysql)|var\/www|var\/log)(?![\w.-])`;
// Not inside a URL or a longer path: http://host/var/www is a URL, not the server's /var/www.
const notInUrl = String.raw`(?<![\w.:/~%-])`;

/**
 * What counts as internals in an error page, by kind. MediaWiki's standard error page with
 * exception details off ("[id] date: Fatal exception of type "Wikimedia\Rdbms\DBQueryError"",
 * advice to set $wgShowExceptionDetails in LocalSettings.php) names an exception class and a file
 * name without a directory: neither is an internal, and no rule matches it.
 * "Access denied for user 'wiki'@'host' (using password: YES)" names an account but no secret:
 * not a credential, and no leak by itself.
 */
export const leakRules: Record<LeakKind, RegExp[]> = {
  'stack-trace': [
    /Stack trace:/,
    // A frame: "#0 /path/File.php(123): Class->method()" or "#3 [internal function]: ...".
    /#\d+ (?:\/[^\s(<>"']+\.php\(\d+\)|\[internal function\]): ?\S/,
    /Backtrace:\s*(?:<[^>]*>\s*)*(?:from \/|#\d+ )/,
  ],
  path: [
    new RegExp(`${notInUrl}${serverDirs}(?:\\/[\\w.@+-]+)*\\/?`),
    // PHP's "in /path/file.php on line 12", with or without <b>.
    /\bin (?:<b>)?\/[^\s<>"']+\.(?:php|inc)(?:<\/b>)? on line (?:<b>)?\d+/,
    // A file and line, as frames and "from" lines show them; URLs carry no "(line)".
    new RegExp(`${notInUrl}\\/[\\w.-]+(?:\\/[\\w.-]+)*\\.(?:php|inc)\\(\\d+\\)`),
  ],
  sql: [
    /You have an error in your SQL syntax/,
    /\bQuery: (?:SELECT|INSERT|UPDATE|DELETE|REPLACE|SHOW|CREATE|ALTER|DROP)\b[^\n<]*/,
    // Statements as text; keywords in capitals, as the database layer writes them.
    /\bSELECT\s(?:(?!<)[^;]){1,400}?\sFROM\s+[`'"]?\w+/,
    /\bINSERT\s+(?:IGNORE\s+)?INTO\s+[`'"]?\w+/,
    /\bUPDATE\s+[`'"]?[\w.]+[`'"]?\s+SET\s+[`'"]?\w+/,
    /\bDELETE\s+FROM\s+[`'"]?\w+/,
    // MariaDB's errors that name the schema: "Error: 1054 Unknown column 'x' in 'field list'".
    /\bError:? ?\d{4}:? (?:Unknown (?:column|table|database)|Table '[^']*' doesn't exist|Duplicate entry|Column '[^']*' cannot be null|Field '[^']*' doesn't have|Data too long for column|Incorrect \w+ value)[^\n<]*/,
    /\bSQLSTATE\[\w+\]/,
  ],
  credential: [
    /\$wg(?:DBpassword|DBadminpassword|SecretKey|UpgradeKey|SMTP\[['"]password['"]\])\s*=\s*(["'])[^"'\s]+\1/,
    // password=x, dbpass=x, MYSQL_ROOT_PASSWORD=x with a value; "password: YES" is not one.
    /(?<![\w$-])(?:\w*_)?(?:password|passwd|dbpass)\s*=\s*["']?(?!["'\s&<>;,])[^\s"'&<>;,]+/i,
    // Credentials in a connection URL: mysql://user:secret@host.
    /\b(?:mysql|mariadb|https?):\/\/[^\s:/@"'<>]+:[^\s:/@"'<>]+@/,
  ],
  version: [
    /\bPHP\/\d+\.\d+(?:\.\d+)?/,
    /\bPHP (?:Version )?\d+\.\d+\.\d+/,
    /\bApache\/\d+\.\d+(?:\.\d+)?(?: \([^)<]*\))?/,
    /\bnginx\/\d+\.\d+(?:\.\d+)?/,
    /\bMariaDB(?: Server)?[ /-]?\d+\.\d+(?:\.\d+)?|\b\d+\.\d+\.\d+-MariaDB/,
    /\bMySQL \d+\.\d+(?:\.\d+)?/,
    /\bMediaWiki \d+\.\d+(?:\.\d+)?/,
  ],
};

// Every page MediaWiki renders names its version here; that says nothing about error handling.
const generatorMeta = /<meta name="generator" content="[^"]*"\s*\/?>/g;

/** The kinds of internals `body` shows, each with the first text that matched. */
export function leaksIn(body: string): Array<{ kind: LeakKind; match: string }> {
  const text = body.replace(generatorMeta, '');
  const leaks: Array<{ kind: LeakKind; match: string }> = [];
  for (const kind of Object.keys(leakRules) as LeakKind[]) {
    for (const rule of leakRules[kind]) {
      const match = rule.exec(text);
      if (match) {
        leaks.push({ kind, match: match[0] });
        break;
      }
    }
  }
  return leaks;
}

/** One finding per kind of leak, over all answers: how many, where, and what they showed. */
export function leakFindings(answers: ReadonlyArray<{ where: string; body: string }>): Finding[] {
  const byKind = new Map<LeakKind, string[]>();
  for (const { where, body } of answers) {
    for (const { kind, match } of leaksIn(body)) {
      const shown = match.length > 80 ? `${match.slice(0, 80)}...` : match;
      byKind.set(kind, [...(byKind.get(kind) ?? []), `${where} shows "${shown.replace(/\s+/g, ' ')}"`]);
    }
  }
  return [...byKind].map(([kind, seen]) => finding(`error-page-leak:${kind}`, `${seen.length} of ${answers.length} answers show ${leakLabels[kind]}: ${seen.slice(0, 3).join('; ')}`));
}

const leakLabels: Record<LeakKind, string> = {
  'stack-trace': 'a stack trace',
  path: 'a server file-system path',
  sql: 'SQL text',
  credential: 'a credential',
  version: 'a software version',
};

const webRoots = ['/var/lib/mediawiki/', '/etc/mediawiki', '/usr/share/mediawiki'];
const accountsAllowed = new Set(['root', 'wiki', 'mariadb.sys', 'mysql']);

/** What a probe found, and what it looked at when it found nothing. It throws when it could not look. */
interface Looked {
  findings: Finding[];
  looked: string;
}

export async function securityProbes(testbed: Testbed, failureBodies: ReadonlyArray<{ body: string; status?: number }>): Promise<SecurityReport> {
  const findings: Finding[] = [];
  const probes: Probe[] = [];
  const run = async (name: string, probe: () => Promise<Looked>) => {
    try {
      const { findings: found, looked } = await probe();
      findings.push(...found);
      probes.push({ name, result: found.length > 0 ? 'finding' : 'ok', detail: found.length > 0 ? found.map((f) => f.evidence).join('; ') : looked });
    } catch (error) {
      probes.push({ name, result: 'not-checked', detail: (error as Error).message.slice(0, 300) });
    }
  };
  await run('database grants', () => grantFindings(testbed));
  await run('database without password', () => passwordlessFindings(testbed));
  await run('world-writable paths', () => worldWritable(testbed.webs));
  await run('error pages', () => errorPages(testbed.url, failureBodies));
  await run('PHP in the upload directory', () => phpInImages(testbed));
  return { findings, probes };
}

async function grantFindings(testbed: Testbed): Promise<Looked> {
  const { db, credentials } = testbed;
  const users = await sql(db, credentials, "SELECT CONCAT(QUOTE(user), '@', QUOTE(host)), user FROM mysql.user");
  if (users.exitCode !== 0) throw new Error(`cannot list accounts: ${users.stderr.trim()}`);
  const findings: Finding[] = [];
  const accounts = users.stdout.trim().split('\n').filter(Boolean);
  for (const line of accounts) {
    const [account, user] = line.split('\t') as [string, string];
    if (!accountsAllowed.has(user)) findings.push(finding('db-undeclared-account', `undeclared database account ${account}`, account));
    if (user !== credentials.user) continue;
    const grants = await sql(db, credentials, `SHOW GRANTS FOR ${account}`);
    if (grants.exitCode !== 0) throw new Error(`SHOW GRANTS FOR ${account}: ${grants.stderr.trim()}`);
    for (const grant of grants.stdout.trim().split('\n').filter(Boolean)) {
      const declared = /^GRANT USAGE ON \*\.\* TO /.test(grant) || new RegExp(`^GRANT ALL PRIVILEGES ON \`${credentials.database}\`\\.\\* TO `).test(grant);
      if (!declared)
        findings.push(
          finding(
            'db-grant-broader',
            `${account} has ${grant.replace(/IDENTIFIED BY PASSWORD '[^']*'/, "IDENTIFIED BY PASSWORD '...'")}`,
            grant.replace(/ IDENTIFIED BY .*/, '').replace(/ TO .*/, ''),
          ),
        );
    }
  }
  return { findings, looked: `${accounts.length} accounts: ${credentials.user} has ALL on \`${credentials.database}\`.* only; none undeclared` };
}

/** Tries root, wiki and the anonymous user without a password from a frontend, over the network. */
async function passwordlessFindings(testbed: Testbed): Promise<Looked> {
  const host = /\$wgDBserver\s*=\s*["']([^"']+)["']/.exec(testbed.settings)?.[1] ?? 'db';
  const php = `mysqli_report(MYSQLI_REPORT_OFF); foreach (['root', '${testbed.credentials.user}', ''] as $u) { $m = @mysqli_connect('${host}', $u, ''); echo $u === '' ? '(anonymous)' : $u, '=', $m ? 'open' : 'refused', "\\n"; }`;
  const web = testbed.webs[0];
  if (!web) throw new Error('no frontend to probe from');
  const result = await exec(web, ['php', '-r', php]);
  if (result.exitCode !== 0) throw new Error(`php exited ${result.exitCode}: ${result.stderr.trim().slice(0, 200)}`);
  const lines = result.stdout
    .trim()
    .split('\n')
    .filter((line) => /=(?:open|refused)$/.test(line));
  if (lines.length === 0) throw new Error(`the login attempts printed nothing recognisable: ${result.stdout.trim().slice(0, 200)}`);
  const findings = lines
    .filter((line) => line.endsWith('=open'))
    .map((line) => {
      const user = line.slice(0, -'=open'.length);
      return finding('db-no-password', `database user ${user} logs in on ${host} without a password`, user);
    });
  return { findings, looked: `${lines.map((line) => line.split('=')[0]).join(', ')} are refused on ${host} without a password` };
}

async function worldWritable(webs: Docker.Container[]): Promise<Looked> {
  if (webs.length === 0) throw new Error('no frontend to look on');
  const found = new Map<string, Finding>();
  for (const web of webs) {
    // With none of the roots present, an empty list would not mean "nothing writable".
    const script = `roots=''; for d in ${webRoots.join(' ')}; do [ -e "$d" ] && roots="$roots $d"; done; [ -n "$roots" ] || exit 3; find $roots -xdev -perm -o+w ! -type l 2>/dev/null | head -20`;
    const result = await exec(web, ['sh', '-c', script]);
    if (result.exitCode === 3) throw new Error(`none of ${webRoots.join(', ')} exists on a frontend`);
    if (result.exitCode !== 0) throw new Error(`listing ${webRoots.join(', ')} exited ${result.exitCode}: ${result.stderr.trim().slice(0, 200)}`);
    for (const path of result.stdout.trim().split('\n').filter(Boolean)) found.set(path, finding('world-writable', `${path} is world-writable`, path));
  }
  return { findings: [...found.values()], looked: `nothing world-writable under ${webRoots.join(', ')} on ${webs.length} frontend(s)` };
}

/** The load's failure answers and three provoked errors, searched for internals. */
async function errorPages(baseUrl: string, failureBodies: ReadonlyArray<{ body: string; status?: number }>): Promise<Looked> {
  const provoked = [
    `${baseUrl}/includes/Setup.php`,
    `${baseUrl}/index.php?title=Special:RecentChanges&limit=-1&days=abc&from=zz`,
    `${baseUrl}/api.php?action=query&list=allpages&apfrom[]=x&format=json`,
  ];
  const answers = failureBodies.map((b) => ({ where: `a failed load request (HTTP ${b.status ?? '-'})`, body: b.body }));
  let provokedAnswers = 0;
  for (const url of provoked) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      answers.push({ where: `${new URL(url).pathname}${new URL(url).search.slice(0, 40)} (HTTP ${response.status})`, body: await response.text() });
      provokedAnswers++;
    } catch {
      // Counted below: an unanswered request shows nothing either way.
    }
  }
  if (answers.length === 0) throw new Error(`none of ${provoked.length} provoked requests got an answer and the load had no failure answers`);
  return { findings: leakFindings(answers), looked: `${failureBodies.length} failure answers of the load and ${provokedAnswers} of ${provoked.length} provoked errors show no internals` };
}

/** Puts a PHP file into images/ on every frontend, asks for it through the ingress, removes it. */
async function phpInImages(testbed: Testbed): Promise<Looked> {
  const name = `bench-probe-${randomBytes(4).toString('hex')}.php`;
  const dir = '/var/lib/mediawiki/images';
  await Promise.all(testbed.webs.map((web) => putFiles(web, dir, { [name]: '<?php echo "bench-probe-" . (6 * 7);\n' })));
  try {
    const requests = testbed.webs.length * 2;
    const statuses: number[] = [];
    let executed = 0;
    for (let i = 0; i < requests; i++) {
      try {
        const response = await fetch(`${testbed.url}/images/${name}`, { signal: AbortSignal.timeout(10_000) });
        statuses.push(response.status);
        if ((await response.text()).includes('bench-probe-42')) executed++;
      } catch {
        // Counted below: no answer says nothing about execution.
      }
    }
    if (executed > 0) return { findings: [finding('php-executes-in-images', `a PHP file in ${dir} was executed when requested (${executed} of ${requests} requests)`)], looked: '' };
    // A 5xx may be PHP failing to run the file or the frontend failing; neither says "not executed".
    if (statuses.length === 0) throw new Error(`none of ${requests} requests for a PHP file in ${dir} got an answer`);
    if (statuses.every((s) => s >= 500)) throw new Error(`every answer for a PHP file in ${dir} was an error (HTTP ${[...new Set(statuses)].join(', ')})`);
    return { findings: [], looked: `a PHP file in ${dir} was not executed (${statuses.length} of ${requests} requests answered, HTTP ${[...new Set(statuses)].join(', ')})` };
  } finally {
    await Promise.all(testbed.webs.map((web) => exec(web, ['rm', '-f', `${dir}/${name}`]).catch(() => undefined)));
  }
}
