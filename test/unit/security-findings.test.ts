import { describe, expect, it } from 'vitest';
import { attributeFindings, securityImpact, type AttributedFinding, type FindingLike } from '../../analysis/measure/findings.ts';
import { leakFindings, leaksIn, severityRules } from '../../harness/checks/security.ts';

const kinds = (body: string) => leaksIn(body).map((l) => l.kind);

// MediaWiki 1.39, exception details off: the class name and advice in a comment.
const standardPage139 = `<!DOCTYPE html>
<html><head><meta charset="UTF-8" /><title>Internal error - Bench wiki</title><style>body { font-family: sans-serif; margin: 0; padding: 0.5em 2em; }</style></head><body>
<div class="errorbox mw-content-ltr">[Y2c3ZGFiYmQ4MDk0] 2026-11-30 12:00:00: Fatal exception of type &quot;Wikimedia\\Rdbms\\DBQueryError&quot;</div>
<!-- Set $wgShowExceptionDetails = true; at the bottom of
LocalSettings.php to show detailed debugging
information. -->
</body></html>`;

// MediaWiki 1.35, exception thrown while handling an exception, details off (text/plain).
const standardPage135 = `MediaWiki internal error.

Original exception: [a1b2c3d4e5f6] 2026-11-30 12:00:00: Fatal exception of type "Wikimedia\\Rdbms\\DBQueryError"

Exception caught inside exception handler.

Set $wgShowExceptionDetails = true; at the bottom of LocalSettings.php to show detailed debugging information.`;

const dbDownPage135 = `<!DOCTYPE html><html><head><title>Bench wiki has a problem</title></head><body>
<h1>Sorry! This site is experiencing technical difficulties.</h1><p>Try waiting a few minutes and reloading.</p><p><small>(Cannot access the database)</small></p>
<p>[a1b2c3d4e5f6] 2026-11-30 12:00:00: Fatal exception of type "Wikimedia\\Rdbms\\DBConnectionError"</p></body></html>`;

const apiError = `{"error":{"code":"internal_api_error_DBQueryError","info":"[a1b2c3d4e5f6] Exception caught: A database query error has occurred. This may indicate a bug in the software.","errorclass":"Wikimedia\\\\Rdbms\\\\DBQueryError","*":"See http://127.0.0.1/mediawiki/api.php for API usage. Subscribe to the mediawiki-api-announce mailing list at &lt;https://lists.wikimedia.org/postorius/lists/mediawiki-api-announce.lists.wikimedia.org/&gt; for notice of API deprecations and breaking changes."},"servedby":"web1"}`;

// MediaWiki 1.35 with $wgShowExceptionDetails = true.
const detailsOnPage = `<!DOCTYPE html>
<html><head><title>Internal error - Bench wiki</title></head><body>
<div class="errorbox mw-content-ltr"><p>[a1b2c3d4e5f6] /mediawiki/index.php?title=Main_Page Wikimedia\\Rdbms\\DBQueryError from line 1699 of /usr/share/mediawiki/includes/libs/rdbms/database/Database.php: A database query error has occurred. Did you forget to run your application's database schema updater after upgrading?
Query: SELECT page_id,page_namespace,page_title,page_restrictions FROM \`page\` WHERE page_namespace = 0 AND page_title = 'Main_Page' LIMIT 1
Function: Wikimedia\\Rdbms\\Database::select
Error: 1054 Unknown column 'page_restrictions' in 'field list' (db)
</p><p>Backtrace:</p><p>#0 /usr/share/mediawiki/includes/libs/rdbms/database/Database.php(1683): Wikimedia\\Rdbms\\Database-&gt;getQueryExceptionAndLog(string, integer, string, string)<br />
#1 /usr/share/mediawiki/includes/libs/rdbms/database/Database.php(1916): Wikimedia\\Rdbms\\Database-&gt;query(string, string)<br />
#2 [internal function]: Wikimedia\\Rdbms\\Database-&gt;select(string, array, array)<br />
#3 {main}</p></div></body></html>`;

const phpWarning = `<br />
<b>Warning</b>:  include(/etc/mediawiki/LocalSettings.php): failed to open stream: No such file or directory in <b>/usr/share/mediawiki/index.php</b> on line <b>12</b><br />`;

const apache500 = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>500 Internal Server Error</title>
</head><body>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error or
misconfiguration and was unable to complete
your request.</p>
<p>Please contact the server administrator at
 webmaster@localhost to inform them of the time this error occurred,
 and the actions you performed just before this error.</p>
<p>More information about this error may be available
in the server error log.</p>
<hr>
<address>Apache/2.4.56 (Debian) Server at 127.0.0.1 Port 80</address>
</body></html>`;

const wikiPage = `<!DOCTYPE html>
<html class="client-nojs" lang="en" dir="ltr">
<head>
<meta charset="UTF-8"/>
<title>Main Page - Bench wiki</title>
<script>document.documentElement.className="client-js";RLCONF={"wgCanonicalNamespace":"","wgPageName":"Main_Page","wgTitle":"Main Page","wgScript":"/mediawiki/index.php"};</script>
<link rel="stylesheet" href="/mediawiki/load.php?lang=en&amp;modules=skins.vector.styles.legacy&amp;only=styles&amp;skin=vector"/>
<script async="" src="/mediawiki/load.php?lang=en&amp;modules=startup&amp;only=scripts&amp;raw=1&amp;skin=vector"></script>
<meta name="generator" content="MediaWiki 1.39.5"/>
<link rel="edit" title="Edit this page" href="/mediawiki/index.php?title=Main_Page&amp;action=edit"/>
</head>
<body><div id="content"><p>Select a page from the list, then update it.</p>
<a href="/mediawiki/index.php?title=Main_Page">Main Page</a> <a href="/mediawiki/index.php?title=Special:UserLogin&amp;returnto=Main+Page">Log in</a>
<form action="/mediawiki/index.php"><input type="password" name="wpPassword" value=""/></form>
<a href="https://www.mediawiki.org/"><img src="/mediawiki/resources/assets/poweredby_mediawiki_88x31.png" alt="Powered by MediaWiki"/></a>
</div></body></html>`;

describe('leaks in error pages', () => {
  it("finds nothing in MediaWiki's standard error pages with exception details off", () => {
    expect(leaksIn(standardPage139)).toEqual([]);
    expect(leaksIn(standardPage135)).toEqual([]);
    expect(leaksIn(dbDownPage135)).toEqual([]);
    expect(leaksIn(apiError)).toEqual([]);
  });

  it('finds the stack trace, paths and SQL of a page with exception details on', () => {
    const leaks = leaksIn(detailsOnPage);
    expect(leaks.map((l) => l.kind)).toEqual(['stack-trace', 'path', 'sql']);
    expect(leaks.find((l) => l.kind === 'stack-trace')?.match).toMatch(/^#0 \/usr\/share\/mediawiki\/includes\/libs\/rdbms\/database\/Database\.php\(1683\)/);
    expect(leaks.find((l) => l.kind === 'path')?.match).toBe('/usr/share/mediawiki/includes/libs/rdbms/database/Database.php');
    expect(leaks.find((l) => l.kind === 'sql')?.match).toMatch(/^Query: SELECT page_id/);
  });

  it('finds the MariaDB error with the schema even without the query', () => {
    expect(kinds("Error: 1054 Unknown column 'page_restrictions' in 'field list' (db)")).toEqual(['sql']);
    expect(kinds("Error 1146: Table 'wiki.content' doesn't exist")).toEqual(['sql']);
    expect(kinds('INSERT INTO `revision` (rev_page) VALUES (7)')).toEqual(['sql']);
    expect(kinds("UPDATE `page` SET page_touched = '20261130120000'")).toEqual(['sql']);
  });

  it("finds the paths in PHP's warning", () => {
    expect(kinds(phpWarning)).toEqual(['path']);
    expect(kinds('Fatal error: Uncaught Error in /srv/wiki/includes/Setup.php on line 88')).toEqual(['path']);
  });

  it('finds the server version in an Apache error page, as low severity', () => {
    expect(leaksIn(apache500)).toEqual([{ kind: 'version', match: 'Apache/2.4.56 (Debian)' }]);
    const [found] = leakFindings([{ where: '/includes/Setup.php (HTTP 500)', body: apache500 }]);
    expect(found).toMatchObject({ name: 'error-page-leak:version', severity: 'low' });
    expect(found?.evidence).toContain('1 of 1 answers');
    expect(found?.evidence).toContain('Apache/2.4.56 (Debian)');
  });

  it('finds a password as a high-severity credential, but not an account name', () => {
    expect(leaksIn('<pre>$wgDBpassword = "s3cret";</pre>')).toEqual([{ kind: 'credential', match: '$wgDBpassword = "s3cret"' }]);
    expect(kinds('MYSQL_ROOT_PASSWORD=hunter2')).toEqual(['credential']);
    expect(kinds('dbpass=abc123')).toEqual(['credential']);
    expect(kinds("Access denied for user 'wiki'@'172.18.0.4' (using password: YES)")).toEqual([]);
    const [found] = leakFindings([{ where: 'a failed load request (HTTP 500)', body: '$wgDBpassword = "s3cret";' }]);
    expect(found).toMatchObject({ name: 'error-page-leak:credential', severity: 'high' });
  });

  it('finds nothing in an ordinary wiki page with URL paths and the generator tag', () => {
    expect(leaksIn(wikiPage)).toEqual([]);
    expect(leaksIn('<a href="http://127.0.0.1/var/www/index.php">mirror</a>')).toEqual([]);
  });

  it('makes one finding per kind over all answers, counting the answers that show it', () => {
    const findings = leakFindings([
      { where: 'a failed load request (HTTP 500)', body: detailsOnPage },
      { where: 'a failed load request (HTTP 500)', body: phpWarning },
      { where: '/index.php (HTTP 500)', body: standardPage139 },
    ]);
    expect(findings.map((f) => [f.name, f.severity])).toEqual([
      ['error-page-leak:stack-trace', 'medium'],
      ['error-page-leak:path', 'medium'],
      ['error-page-leak:sql', 'medium'],
    ]);
    expect(findings[1]?.evidence).toMatch(/^2 of 3 answers show a server file-system path: /);
  });

  it('rates every rule', () => {
    expect(severityRules['php-executes-in-images']).toBe('high');
    expect(severityRules['db-no-password']).toBe('high');
    expect(severityRules['db-grant-broader']).toBe('medium');
    expect(severityRules['error-page-leak:version']).toBe('low');
  });
});

const f = (name: string, severity: FindingLike['severity'] = 'medium'): FindingLike => ({ name, severity, evidence: `saw ${name}` });
const causes = (found: AttributedFinding[]) => Object.fromEntries(found.map((x) => [x.name, x.cause]));

describe('attributing findings', () => {
  it('tells standing, upgrade and fault findings apart in a fault run', () => {
    const found = attributeFindings({
      before: [f('world-writable:/var/lib/mediawiki/images'), f('error-page-leak:version', 'low')],
      after: [f('world-writable:/var/lib/mediawiki/images'), f('db-grant-broader:GRANT SELECT ON *.*'), f('error-page-leak:sql')],
      baselineAfter: [f('db-grant-broader:GRANT SELECT ON *.*')],
      hasFault: true,
    });
    expect(causes(found)).toEqual({
      'world-writable:/var/lib/mediawiki/images': 'standing',
      'db-grant-broader:GRANT SELECT ON *.*': 'upgrade',
      'error-page-leak:sql': 'fault',
    });
  });

  it('blames the upgrade for new findings of a run without a fault', () => {
    const found = attributeFindings({ before: [f('db-no-password:root', 'high')], after: [f('db-no-password:root', 'high'), f('error-page-leak:path')], hasFault: false });
    expect(causes(found)).toEqual({ 'db-no-password:root': 'standing', 'error-page-leak:path': 'upgrade' });
  });

  it('does not report findings gone by the end', () => {
    expect(attributeFindings({ before: [f('error-page-leak:stack-trace')], after: [], baselineAfter: [], hasFault: true })).toEqual([]);
  });

  it('blames the upgrade, and says so, in a fault run without baseline findings', () => {
    const [found] = attributeFindings({ before: [], after: [f('error-page-leak:sql')], hasFault: true });
    expect(found?.cause).toBe('upgrade');
    expect(found?.evidence).toContain('no fault-free baseline');
  });
});

describe('the security-vulnerability impact', () => {
  const a = (name: string, severity: AttributedFinding['severity'], cause: AttributedFinding['cause']): AttributedFinding => ({ name, severity, cause, evidence: `saw ${name}` });

  it('ignores low-severity and standing findings', () => {
    expect(securityImpact([a('error-page-leak:version', 'low', 'upgrade')])).toBeUndefined();
    expect(securityImpact([a('db-no-password:root', 'high', 'standing')])).toBeUndefined();
  });

  it("is the upgrade's for a high upgrade finding", () => {
    expect(securityImpact([a('php-executes-in-images', 'high', 'upgrade'), a('error-page-leak:version', 'low', 'fault')])).toEqual({
      cause: 'upgrade',
      evidence: ['php-executes-in-images (high, upgrade): saw php-executes-in-images'],
    });
  });

  it("is the fault's when one counted finding is the fault's", () => {
    const impact = securityImpact([
      a('db-grant-broader:GRANT SELECT ON *.*', 'medium', 'upgrade'),
      a('error-page-leak:sql', 'medium', 'fault'),
      a('world-writable:/etc/mediawiki', 'medium', 'upgrade'),
    ]);
    expect(impact?.cause).toBe('fault');
    expect(impact?.evidence).toHaveLength(3);
    expect(impact?.evidence[1]).toBe('error-page-leak:sql (medium, fault): saw error-page-leak:sql');
  });
});
