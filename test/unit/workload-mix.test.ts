// The workload contract: `workload.mix` with history, search and recent_changes (old scenarios
// stay valid and mean the same), `workload.popularity`, and the request kinds a roll gives.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../harness/scenario/load.ts';
import { editOpOf, editShares, kindOf, sumsToOne } from '../../harness/workload/mix.ts';
import { defaultPopularity } from '../../harness/workload/popularity.ts';

const scenario = (workload: string) => parseScenario(`name: x\ntestbed: { from: "1.35", to: "1.39" }\nworkload: ${workload}\n`, 'inline.yaml');

function workloadOf(text: string) {
  const result = scenario(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.scenario.workload;
}

function issuesOf(text: string) {
  const result = scenario(text);
  if (result.ok) throw new Error(`${text} validated`);
  return result.issues.map((i) => `${i.path}: ${i.found}, expected ${i.expected}`);
}

describe('workload.mix', () => {
  it('an old mix of read and edit stays valid, the new shares 0', () => {
    expect(workloadOf('{ mix: { read: 0.9, edit: 0.1 } }').mix).toEqual({ read: 0.9, edit: 0.1, history: 0, search: 0, recent_changes: 0 });
    expect(workloadOf('{ duration: 30s }').mix).toEqual({ read: 0.9, edit: 0.1, history: 0, search: 0, recent_changes: 0 });
    expect(workloadOf('{ mix: { read: 1, edit: 0 } }').mix.read).toBe(1);
  });

  it('takes history, search and recent_changes when the five sum to 1', () => {
    const mix = { read: 0.6, edit: 0.1, history: 0.1, search: 0.15, recent_changes: 0.05 };
    expect(workloadOf(`{ mix: ${JSON.stringify(mix)} }`).mix).toEqual(mix);
  });

  it('refuses shares that do not sum to 1, naming all five', () => {
    expect(issuesOf('{ mix: { read: 0.9, edit: 0.1, search: 0.1 } }').join('\n')).toMatch(/workload\.mix: .*sum to 1 \(read \+ edit \+ history \+ search \+ recent_changes\)/);
    expect(issuesOf('{ mix: { read: 0.5, edit: 0.1, history: 0.1 } }').join('\n')).toMatch(/sum to 1/);
  });

  it('refuses a share outside [0, 1], an unknown kind, and the new shares without read and edit', () => {
    expect(issuesOf('{ mix: { read: 1.1, edit: 0, history: -0.1 } }').join('\n')).toMatch(/workload\.mix\.read: .*from 0 to 1/);
    expect(issuesOf('{ mix: { read: 0.8, edit: 0.1, heavy_read: 0.1 } }').join('\n')).toMatch(/heavy_read/);
    expect(issuesOf('{ mix: { history: 0.5, search: 0.5 } }').join('\n')).toMatch(/workload\.mix\.read/);
  });

  it('kindOf: edits first, then history, search, recent changes; the rest reads', () => {
    const old = { read: 0.9, edit: 0.1 };
    expect([0, 0.05, 0.0999].map((r) => kindOf(old, r))).toEqual(['edit', 'edit', 'edit']);
    expect([0.1, 0.5, 0.9999].map((r) => kindOf(old, r))).toEqual(['read', 'read', 'read']);
    const all = { read: 0.6, edit: 0.1, history: 0.1, search: 0.15, recent_changes: 0.05 };
    expect([0.05, 0.15, 0.25, 0.34, 0.37, 0.41, 0.99].map((r) => kindOf(all, r))).toEqual(['edit', 'history', 'search', 'search', 'recent-changes', 'read', 'read']);
    expect(sumsToOne(all)).toBe(true);
    expect(sumsToOne({ read: 0.9, edit: 0.2 })).toBe(false);
  });

  it('edits: 30% create, 40% append, 30% rewrite', () => {
    expect(editShares.create + editShares.append + editShares.rewrite).toBeCloseTo(1, 12);
    expect([0, 0.29, 0.3, 0.69, 0.7, 0.99].map(editOpOf)).toEqual(['create', 'create', 'append', 'append', 'rewrite', 'rewrite']);
  });
});

describe('workload.popularity', () => {
  it('defaults to the Zipf law of docs/scenarios.md, takes uniform or another exponent', () => {
    expect(workloadOf('{ duration: 30s }').popularity).toEqual(defaultPopularity);
    expect(defaultPopularity).toEqual({ zipf: 0.8 });
    expect(workloadOf('{ popularity: uniform }').popularity).toBe('uniform');
    expect(workloadOf('{ popularity: { zipf: 1.2 } }').popularity).toEqual({ zipf: 1.2 });
  });

  it('refuses an exponent of 0 or above 4, another law, and unknown fields', () => {
    for (const bad of ['{ zipf: 0 }', '{ zipf: 4.5 }', 'zipf', 'normal', '{ zipf: "1" }', '{}']) {
      expect(issuesOf(`{ popularity: ${bad} }`).join('\n'), bad).toMatch(/workload\.popularity(\.zipf)?: .*expected uniform, or \{ zipf: <exponent> \} with an exponent above 0 and at most 4/);
    }
    expect(issuesOf('{ popularity: { zipf: 1, cutoff: 10 } }').join('\n')).toMatch(/workload\.popularity.*cutoff/);
  });
});
