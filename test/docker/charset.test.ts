// A charset fault under the realistic workload, on the real testbed: a rolling 1.35 -> 1.39
// upgrade whose shared database gets its revision text double-encoded before migrate-schema.
// Every edit writes text in several scripts, so the writes acknowledged before the fault read
// back changed (mojibake) and the run shows a latent error; writes after it read back intact.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, countLabelled, type Engine } from '../../harness/docker.ts';
import { ensureImages, imagesFor } from '../../harness/images.ts';
import { runOnce } from '../../harness/run.ts';
import { parseScenario } from '../../harness/scenario/load.ts';
import type { LedgerEntry, RunEvent } from '../../analysis/measure/timeline.ts';

let docker: Engine;
beforeAll(async () => {
  docker = await connectEngine();
  await ensureImages(docker, imagesFor(['1.35', '1.39']), (line) => console.log(`images: ${line}`));
});

const yaml = `name: test-charset
testbed: { from: "1.35", to: "1.39", frontends: 2, pages: 10 }
workload: { duration: 30s, rate: 6, mix: { read: 0.4, edit: 0.4, history: 0.1, search: 0.05, recent_changes: 0.05 } }
upgrade: { strategy: rolling, start_after: 10s }
fault: { class: data-access, kind: charset-mismatch, params: { mode: double-encode }, at: before:migrate-schema }
# What is tested is what the writes read back as, not latency: a busy shared host must not turn edits into time-outs.
slo: { max_latency: 10s }
`;

describe('charset-mismatch under the realistic workload', () => {
  it('damages the non-ASCII text of writes acknowledged before it: changed writes and a latent error', async () => {
    const parsed = parseScenario(yaml, 'charset.yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    // The run alone, without its fault-free baseline: against none, any changed write is the fault's.
    const result = await runOnce({ docker, scenario: parsed.scenario, file: 'charset.yaml', resultsDir: 'results/test-charset', progress: (line) => console.log(line) }, 'run');
    const s = result.summary;
    console.log(
      `acknowledged ${s.acknowledged_writes} (${s.writes_at_risk} at risk), lost ${s.lost_writes}, changed ${s.changed_writes}, unknown ${s.unknown_writes}; upgrade ${result.upgrade.outcome}`,
    );
    const journal = JSON.parse(await readFile(result.journal, 'utf8')) as {
      events: RunEvent[];
      ledger: LedgerEntry[];
      checks: { readback: { changed: Array<LedgerEntry & { text: string }>; superseded: number } };
    };
    const injected = journal.events.find((e) => e.kind === 'fault-inject' && e.name === 'charset-mismatch');
    expect(injected?.outcome).toBe('ok');
    expect(injected?.detail).toMatch(/double-encode: [1-9]\d* revision texts/);

    // Every page of its own written before the fault now reads as mojibake; nothing after it changed.
    const before = journal.ledger.filter((e) => e.t < injected!.t);
    const createdBefore = before.filter((e) => e.op === 'create');
    expect(createdBefore.length).toBeGreaterThan(2);
    const changed = new Set(journal.checks.readback.changed.map((e) => e.token));
    for (const e of createdBefore) expect(changed.has(e.token), e.page).toBe(true);
    // The fault is in place when the next step starts; a write committed just before its UPDATE
    // may be acknowledged a little later on a busy host (the response trails the commit).
    const inPlace = journal.events.find((e) => e.kind === 'step-start' && e.t > injected!.t)!.t;
    for (const e of journal.checks.readback.changed) {
      expect(e.t).toBeLessThan(inPlace + 2000);
      expect(e.text).toMatch(/Ã|Ð|Ñ|Ø|ð/);
    }
    expect(s.lost_writes).toBe(0);
    expect(s.changed_writes).toBe(changed.size);
    expect(s.changed_writes).toBeGreaterThanOrEqual(createdBefore.length);
    expect(result.unreported_impacts ?? s.impacts).toContain('latent-error');
    expect(await countLabelled(docker, result.run_id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
