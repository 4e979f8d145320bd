// A binary min-heap of timed events over typed arrays: one Float64 time and one Int32 payload
// per slot, so a million pending events cost 12 MB and no garbage.

export interface EventQueue {
  readonly size: number;
  push(time: number, payload: number): void;
  /** Time of the earliest event; undefined when empty. */
  peekTime(): number | undefined;
  /** Removes the earliest event and returns its payload (its time is `lastTime`). */
  pop(): number;
  readonly lastTime: number;
}

export function createEventQueue(initialCapacity = 1024): EventQueue {
  let times = new Float64Array(initialCapacity);
  let payloads = new Int32Array(initialCapacity);
  // Ties are broken by insertion order so that runs are reproducible and events scheduled for
  // the same instant happen in the order they were caused.
  let seqs = new Float64Array(initialCapacity);
  let size = 0;
  let seq = 0;
  let lastTime = 0;

  const less = (i: number, j: number) => times[i] < times[j] || (times[i] === times[j] && seqs[i] < seqs[j]);
  const swap = (i: number, j: number) => {
    const t = times[i];
    times[i] = times[j];
    times[j] = t;
    const p = payloads[i];
    payloads[i] = payloads[j];
    payloads[j] = p;
    const s = seqs[i];
    seqs[i] = seqs[j];
    seqs[j] = s;
  };
  const grow = () => {
    const capacity = times.length * 2;
    const t = new Float64Array(capacity);
    t.set(times);
    times = t;
    const p = new Int32Array(capacity);
    p.set(payloads);
    payloads = p;
    const s = new Float64Array(capacity);
    s.set(seqs);
    seqs = s;
  };

  return {
    get size() {
      return size;
    },
    get lastTime() {
      return lastTime;
    },
    push(time, payload) {
      if (Number.isNaN(time)) throw new Error('event time is NaN');
      if (size === times.length) grow();
      let i = size++;
      times[i] = time;
      payloads[i] = payload;
      seqs[i] = seq++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    },
    peekTime() {
      return size === 0 ? undefined : times[0];
    },
    pop() {
      if (size === 0) throw new Error('pop from an empty event queue');
      const payload = payloads[0];
      lastTime = times[0];
      size--;
      if (size > 0) {
        times[0] = times[size];
        payloads[0] = payloads[size];
        seqs[0] = seqs[size];
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < size && less(l, m)) m = l;
          if (r < size && less(r, m)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return payload;
    },
  };
}
