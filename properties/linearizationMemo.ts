/**
 * The configurations the search has explored: Lowe's (2017) memo, Porcupine's cache of
 * (linearized set, state) pairs, with two changes that keep it small and make it prune more.
 *
 * **A short key for the completed operations.** Porcupine stores the whole bitset of linearized
 * operations (one bit per operation, so 2.5 kB per entry on a 20 000-operation history). Here the
 * search hands in `f`, the first return not yet linearized, and only the words of the completed-
 * operation bitset that cover the operations still open at `f`: every completed operation that
 * returned before `f` is linearized, none called after `f` is, so the words outside that window are
 * fixed by `f`. The window is as wide as the history's concurrency, not its length.
 *
 * **Subsumption for operations that never returned.** An operation that never returned may be left
 * out, so a configuration with the same completed operations and the same state, but more of those
 * pending operations still unused, can do everything the other can: `(C, P, s)` covers `(C, P', s)`
 * whenever `P ⊆ P'`. Exact matching (Porcupine) explores both; here the second is pruned. On Jepsen
 * histories full of timed-out writes this is most of the search.
 *
 * The optional bitset also holds the late operations (completed, returning after every call): the
 * search tries them after the others, but they must be linearized, so their bits (`exact`) are
 * compared exactly.
 */

function spread(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * An entry's fields, side by side (one cache line per entry walked): hash, f, state, next in chain,
 * offset in the pool. Chain links (and bucket heads) hold entry + 1, so 0 ends a chain and a fresh,
 * zeroed table needs no fill.
 */
const HASH = 0;
const F = 1;
const STATE = 2;
const NEXT = 3;
const OFFSET = 4;
const STRIDE = 5;

export class ConfigurationMemo {
  // Small to start with: most partitions are small, and a check of a short history should cost
  // microseconds, not the zeroing of a large table.
  private heads = new Int32Array(1 << 8);
  private entries = new Int32Array(STRIDE << 8);
  private pool = new Uint32Array(1 << 10);
  private used = 0;
  private count = 0;

  /** `pendingWords`: the length of the optional bitset; `exact`: its bits compared exactly (late operations). */
  constructor(
    private readonly pendingWords: number,
    private readonly exact: Uint32Array,
  ) {}

  get size(): number {
    return this.count;
  }

  /**
   * True when an explored configuration covers this one (same completed operations and state, a
   * subset of its pending operations); otherwise records it and returns false.
   * `completed[from, from + words)` is the window of the completed bitset for `f`.
   */
  visit(hash: number, f: number, state: number, completed: Uint32Array, from: number, words: number, pending: Uint32Array): boolean {
    const k = this.pendingWords;
    const pool = this.pool;
    const entries = this.entries;
    const bucket = spread(hash) & (this.heads.length - 1);
    let replace = -1;
    let before = -1;
    for (let e = this.heads[bucket]! - 1; e >= 0; ) {
      const base = e * STRIDE;
      const next = entries[base + NEXT]! - 1;
      if (entries[base + HASH] !== hash || entries[base + F] !== f || entries[base + STATE] !== state) {
        before = e;
        e = next;
        continue;
      }
      let at = entries[base + OFFSET]!;
      let same = true;
      for (let w = 0; w < words; w++) {
        if (pool[at + w] !== completed[from + w]) {
          same = false;
          break;
        }
      }
      let covered = same;
      let covers = same;
      if (same) {
        at += words;
        for (let w = 0; w < k; w++) {
          const stored = pool[at + w]!;
          const now = pending[w]!;
          if (((stored ^ now) & this.exact[w]!) !== 0) {
            covered = covers = false;
            break;
          }
          if ((stored & ~now) !== 0) covered = false;
          if ((now & ~stored) !== 0) covers = false;
        }
      }
      if (covered) return true;
      if (covers) {
        // This configuration covers the stored one: the first such takes its place, the others go.
        if (replace < 0) replace = e;
        else {
          if (before < 0) this.heads[bucket] = next + 1;
          else entries[before * STRIDE + NEXT] = next + 1;
          e = next;
          continue;
        }
      }
      before = e;
      e = next;
    }
    if (replace >= 0) {
      const at = entries[replace * STRIDE + OFFSET]! + words;
      for (let w = 0; w < k; w++) pool[at + w] = pending[w]!;
      return false;
    }
    this.insert(hash, f, state, completed, from, words, pending);
    return false;
  }

  private insert(hash: number, f: number, state: number, completed: Uint32Array, from: number, words: number, pending: Uint32Array): void {
    if ((this.count + 1) * STRIDE > this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    const need = words + this.pendingWords;
    if (this.used + need > this.pool.length) {
      let size = this.pool.length * 2;
      while (this.used + need > size) size *= 2;
      const pool = new Uint32Array(size);
      pool.set(this.pool.subarray(0, this.used));
      this.pool = pool;
    }
    const e = this.count++;
    const base = e * STRIDE;
    const entries = this.entries;
    entries[base + HASH] = hash;
    entries[base + F] = f;
    entries[base + STATE] = state;
    entries[base + OFFSET] = this.used;
    const pool = this.pool;
    const at = this.used;
    for (let w = 0; w < words; w++) pool[at + w] = completed[from + w]!;
    for (let w = 0; w < this.pendingWords; w++) pool[at + words + w] = pending[w]!;
    this.used += need;
    if (this.count > this.heads.length) this.rehash();
    const b = spread(hash) & (this.heads.length - 1);
    entries[base + NEXT] = this.heads[b]!;
    this.heads[b] = e + 1;
  }

  /** Doubles the buckets; entries dropped from every chain (covered by a later one) stay dropped. */
  private rehash(): void {
    const heads = new Int32Array(this.heads.length * 2);
    const mask = heads.length - 1;
    const entries = this.entries;
    for (let b = 0; b < this.heads.length; b++) {
      for (let e = this.heads[b]! - 1; e >= 0; ) {
        const next = entries[e * STRIDE + NEXT]! - 1;
        const nb = spread(entries[e * STRIDE + HASH]!) & mask;
        entries[e * STRIDE + NEXT] = heads[nb]!;
        heads[nb] = e + 1;
        e = next;
      }
    }
    this.heads = heads;
  }
}
