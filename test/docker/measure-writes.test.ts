// Calibration (2): a known number of lost and changed writes. After the load, k acknowledged
// edits are deleted in the database (their page rows) and m are overwritten through the API;
// the read-back must report exactly k lost and m changed, and the run a latent error.
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { runScenario } from '../../harness/run.ts';
import { sql } from '../../harness/testbed/mariadb.ts';
import { editPage } from '../../harness/testbed/wiki-client.ts';
import { calibrationScenario, progress, quietHost } from './measure-calibration.ts';

let docker: Engine;
beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35']), progress);
});

describe('a known number of lost writes', () => {
  it('deleting k acknowledged edits in the database gives exactly k lost writes; overwriting m gives m changed', async () => {
    progress(`host load average ${(await quietHost()).toFixed(1)}`);
    const k = 7;
    const m = 2;
    let deleted: string[] = [];
    let overwritten: string[] = [];
    // Edits also append to and rewrite seeded pages; the ones deleted and overwritten here are pages of their own, one write each.
    const calibration = calibrationScenario('calib-writes', { rate: 10, duration: '30s', startAfter: '5s', seed: 12 });
    const scenario = { ...calibration, workload: { ...calibration.workload, mix: { ...calibration.workload.mix, read: 0.7, edit: 0.3 } } };
    const result = await runScenario({
      docker,
      scenario,
      file: 'test/docker/measure-writes.test.ts',
      progress,
      hooks: {
        beforeChecks: async ({ testbed, ledger }) => {
          const created = ledger.filter((e) => (e.op ?? 'create') === 'create');
          expect(created.length).toBeGreaterThanOrEqual(k + m);
          deleted = created.slice(0, k).map((e) => e.page);
          overwritten = created.slice(k, k + m).map((e) => e.page);
          const titles = deleted.map((t) => `'${t.replace(/ /g, '_')}'`).join(',');
          const gone = await sql(testbed.db, testbed.credentials, `DELETE FROM wiki.page WHERE page_namespace = 0 AND page_title IN (${titles}); SELECT ROW_COUNT();`);
          expect(gone.stdout.trim(), gone.stderr).toBe(String(k));
          for (const title of overwritten) expect((await editPage(testbed.url, title, 'Overwritten by the calibration test.')).ok).toBe(true);
        },
      },
    });
    const s = result.summary;
    progress(`acknowledged ${s.acknowledged_writes} (${s.writes_at_risk} at risk), lost ${s.lost_writes}, changed ${s.changed_writes}, unknown ${s.unknown_writes}`);
    expect(s.acknowledged_writes).toBeGreaterThanOrEqual(k + m);
    expect(s.writes_at_risk).toBeGreaterThanOrEqual(10);
    expect(s.lost_writes).toBe(k);
    expect(s.changed_writes).toBe(m);
    expect(s.unknown_writes).toBe(0);
    expect(result.unreported_impacts ?? s.impacts).toContain('latent-error');
    const latent = (result.impacts.find((i) => i.name === 'latent-error')?.evidence ?? []).join(' ');
    if (result.valid) expect(latent).toContain(`${k} of ${s.acknowledged_writes} acknowledged writes missing, ${m} changed`);
    expect(await countLabelled(docker, result.run_id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
