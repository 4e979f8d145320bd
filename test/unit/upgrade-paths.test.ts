// Which upgrade paths the bench accepts: every pair of its versions where update.php can migrate
// the old database and the new version runs on the server it will find; a path that cannot work
// is refused at validation with the reason.
import { describe, expect, it } from 'vitest';
import { strategyNames } from '../../faults/strategies.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import { compareVersions, upgradeRefusal, versions, type UniverseFacts } from '../../harness/versions.ts';

const scenario = (from: string, to: string, strategy: string) => `name: p\ntestbed: { from: "${from}", to: "${to}" }\nupgrade: { strategy: ${strategy} }\n`;

describe('upgrade paths', () => {
  it('accepts every forward path between the testbed versions, the skip-version 1.35 -> 1.43 included, with every strategy', () => {
    const paths = versions.flatMap((from) => versions.filter((to) => compareVersions(to, from) > 0).map((to) => `${from}->${to}`));
    expect(paths).toEqual(['1.35->1.39', '1.35->1.43', '1.39->1.43']);
    for (const path of paths) {
      const [from, to] = path.split('->') as [string, string];
      expect(upgradeRefusal(from, to, { inPlace: true }), path).toBeUndefined();
      for (const strategy of strategyNames) {
        const parsed = parseScenario(scenario(from, to, strategy), 'p.yaml');
        expect(parsed.ok ? [] : parsed.issues, `${path} ${strategy}`).toEqual([]);
      }
    }
  });

  // A made-up history: 3.0's update.php needs 2.0 or later and MariaDB 11.
  const table: Record<string, UniverseFacts> = {
    '1.0': { mariadb: '10.5', upgradesFrom: '0.1', mariadbAtLeast: '5.5' },
    '2.0': { mariadb: '10.11', upgradesFrom: '1.0', mariadbAtLeast: '10.3' },
    '3.0': { mariadb: '11.8', upgradesFrom: '2.0', mariadbAtLeast: '11.0' },
  };

  it('refuses a path older than what update.php migrates, saying to upgrade in steps', () => {
    expect(upgradeRefusal('1.0', '3.0', { inPlace: false }, table)).toBe("MediaWiki 3.0's update.php upgrades from 2.0 or later only: upgrade 1.0 to an intermediate version first");
  });

  it("refuses an in-place upgrade onto a MariaDB server the new version does not run on, but not Imago's, which brings its own", () => {
    expect(upgradeRefusal('2.0', '3.0', { inPlace: true }, table)).toBe("MediaWiki 3.0 needs MariaDB 11.0 or later, and the in-place strategies keep 2.0's MariaDB 10.11");
    expect(upgradeRefusal('2.0', '3.0', { inPlace: false }, table)).toBeUndefined();
    expect(upgradeRefusal('1.0', '2.0', { inPlace: true }, table)).toBeUndefined();
  });

  it('has nothing to say about a version to itself, a downgrade or an unknown version (other checks report those)', () => {
    expect(upgradeRefusal('2.0', '2.0', { inPlace: true }, table)).toBeUndefined();
    expect(upgradeRefusal('3.0', '1.0', { inPlace: true }, table)).toBeUndefined();
    expect(upgradeRefusal('9.9', '3.0', { inPlace: true }, table)).toBeUndefined();
  });

  // Faults meet the upgraded universe's releases: Imago's new database is MariaDB 11.8 on the
  // paths into 1.43, whose 50-server.cnf sets no character set; the in-place strategies keep 10.5.
  it('refuses typo-mariadb-cnf on an option the upgraded MariaDB release does not set, and says which it sets', () => {
    const withFault = (from: string, strategy: string, params = '') =>
      `${scenario(from, '1.43', strategy)}fault: { class: simple-config, kind: typo-mariadb-cnf, ${params}at: after:migrate-schema }\n`;
    const refused = parseScenario(withFault('1.35', 'imago'), 'f.yaml');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.issues.map((i) => i.path)).toEqual(['fault.params']);
      expect(refused.issues[0]!.found).toMatch(/MariaDB 11\.8 sets no character-set-server in \/etc\/mysql\/mariadb\.conf\.d\/50-server\.cnf; it sets .*expire_logs_days/);
    }
    expect(parseScenario(withFault('1.35', 'imago', 'params: { directive: expire_logs_days }, '), 'f.yaml').ok).toBe(true);
    expect(parseScenario(withFault('1.35', 'rolling'), 'f.yaml').ok).toBe(true);
    expect(parseScenario(withFault('1.39', 'big-flip'), 'f.yaml').ok).toBe(true);
  });
});
