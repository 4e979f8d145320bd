/**
 * The scenario's `workload.mix` as request kinds: one random number in [0, 1) picks the kind of
 * each request. Edits come first on that scale, so a mix of only reads and edits gives the same
 * kinds for a seed as it always did.
 */
import type { EditOp, RequestKind } from '../../analysis/measure/timeline.ts';

/** The shares of each kind of request; the three newer ones are absent (0) in older scenarios. */
export interface Mix {
  /** Page views of seeded articles. */
  read: number;
  /** Anonymous api.php edits (new ledger pages, appends and rewrites of seeded ones). */
  edit: number;
  /** A seeded page's revision history (action=history). */
  history?: number;
  /** A full-text search (Special:Search). */
  search?: number;
  /** Special:RecentChanges. */
  recent_changes?: number;
}

/** The kinds the load sends, in the order they take their share of [0, 1). */
const order = [
  ['edit', 'edit'],
  ['history', 'history'],
  ['search', 'search'],
  ['recent_changes', 'recent-changes'],
] as const satisfies ReadonlyArray<readonly [keyof Mix, RequestKind]>;

/** The kind of request a roll in [0, 1) gives; whatever the others leave is a page view. */
export function kindOf(mix: Mix, roll: number): RequestKind {
  let below = 0;
  for (const [share, kind] of order) {
    below += mix[share] ?? 0;
    if (roll < below) return kind;
  }
  return 'read';
}

/** Whether the shares add up to 1 (to floating-point rounding). */
export const sumsToOne = (mix: Mix) => Math.abs(mix.read + mix.edit + (mix.history ?? 0) + (mix.search ?? 0) + (mix.recent_changes ?? 0) - 1) < 1e-9;

/**
 * What an edit does, as shares of the edits: most edits of a wiki change existing articles; a
 * third create a page of their own, the ledger pages whose loss is the plainest to see.
 */
export const editShares: Readonly<Record<EditOp, number>> = { create: 0.3, append: 0.4, rewrite: 0.3 };

/** What an edit does, from a roll in [0, 1). */
export const editOpOf = (roll: number): EditOp => (roll < editShares.create ? 'create' : roll < editShares.create + editShares.append ? 'append' : 'rewrite');

/** Share of searches for a seeded page's title (as readers look articles up); the rest search a word the edits write. */
export const titleSearchShare = 0.5;
