/**
 * The load's samples while it runs, kept column by column in typed arrays. A million Sample
 * objects held through the load are what the young-generation collector copies and promotes,
 * one by one: keeping them cost the load path ~2.4 µs of its ~20 µs per request on the static
 * page of bench:loadgen (with the samples dropped instead: 17.7 against 20.1 µs). Columns hold
 * no objects; the samples are built once, after the load, by `toSamples`.
 */
import { outcomes, requestKinds, type Sample } from '../timeline.ts';

export interface SampleColumns {
  readonly length: number;
  push(s: Sample): void;
  /** Every sample pushed, in order, as the Sample it was. */
  toSamples(): Sample[];
}

export function sampleColumns(): SampleColumns {
  let capacity = 4096;
  let length = 0;
  let intended = new Float64Array(capacity);
  let sent = new Float64Array(capacity);
  let latency = new Float64Array(capacity);
  /** NaN: no id. */
  let id = new Float64Array(capacity);
  /** 0: no status. */
  let status = new Uint16Array(capacity);
  let kind = new Uint8Array(capacity);
  let outcome = new Uint8Array(capacity);
  // Only failures have one; `server` is set after the load, on the samples.
  const details = new Map<number, string>();

  const grow = <T extends Float64Array | Uint16Array | Uint8Array>(column: T): T => {
    const bigger = new (column.constructor as new (n: number) => T)(capacity);
    bigger.set(column);
    return bigger;
  };

  return {
    get length() {
      return length;
    },
    push(s) {
      if (length === capacity) {
        capacity *= 2;
        [intended, sent, latency, id] = [grow(intended), grow(sent), grow(latency), grow(id)];
        [status, kind, outcome] = [grow(status), grow(kind), grow(outcome)];
      }
      intended[length] = s.intended;
      sent[length] = s.sent;
      latency[length] = s.latency;
      id[length] = s.id ?? NaN;
      status[length] = s.status ?? 0;
      kind[length] = requestKinds.indexOf(s.kind);
      outcome[length] = outcomes.indexOf(s.outcome);
      if (s.detail !== undefined) details.set(length, s.detail);
      length++;
    },
    toSamples() {
      return Array.from({ length }, (_, i): Sample => {
        const s: Sample = { intended: intended[i]!, sent: sent[i]!, latency: latency[i]!, kind: requestKinds[kind[i]!]!, outcome: outcomes[outcome[i]!]! };
        if (status[i]) s.status = status[i];
        if (!Number.isNaN(id[i])) s.id = id[i];
        const detail = details.get(i);
        if (detail !== undefined) s.detail = detail;
        return s;
      });
    },
  };
}
