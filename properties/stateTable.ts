/**
 * The specification's states as small integers, and a cache of its transitions. The search asks
 * "after operation i from state s?" many times for the same pair (every backtrack revisits it); with
 * states interned, the answer is one table lookup instead of a `step`, an output comparison and a
 * state hash. Porcupine calls the model's `Step` each time; Lowe (2017) notes the memo, not the
 * step, is what a checker should pay for.
 */
import { canonicalJson } from './canonical.js';
import { isPending, type Operation, type SequentialSpec } from './sequentialSpec.js';

/** Slots hold state + 1, so a fresh (zeroed) table is all empty without a fill. */
const EMPTY = 0;

/** A slot for the pair (state, op): multiply-xorshift, so nearby pairs spread over the table. */
function slotOf(id: number, op: number, mask: number): number {
  let h = Math.imul(id, 0x9e3779b1) ^ Math.imul(op + 1, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) & mask;
}
/** A transition known to be impossible (the spec refused, or the output differs from the observed one). */
export const NO_STATE = -1;

/** `===` on primitives (NaN equal to itself), canonical text on objects (any key order, any depth): the default output comparison. */
export function defaultEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const primA = a === null || typeof a !== 'object';
  const primB = b === null || typeof b !== 'object';
  if (primA && primB) return Number.isNaN(a) && Number.isNaN(b);
  if (primA !== primB) return false;
  return canonicalJson(a) === canonicalJson(b);
}

const isThenable = (v: unknown): boolean => typeof (v as { then?: unknown } | null)?.then === 'function';

function stepResult(r: unknown): string {
  if (isThenable(r)) return 'a Promise';
  if (r === null || typeof r !== 'object') return String(r);
  return 'an object without a boolean ok';
}

export class StateTable<S, I, O> {
  /** State of each id; the search keeps only ids. */
  readonly states: S[] = [];
  private readonly primitives = new Map<unknown, number>();
  private readonly keyed = new Map<string, number>();
  private readonly hashed = new Map<number, number[]>();
  private readonly equal: (a: O, b: O | undefined) => boolean;
  // Transitions, open addressing on (state, op) → next state or NO_STATE.
  private keyState = new Int32Array(256);
  private keyOp = new Int32Array(256);
  private value = new Int32Array(256);
  private used = 0;
  /**
   * Set once a `step` returned past the deadline: the search reads it at every step, so a spec whose
   * steps are slow stops within one step of the limit, not after the next 1,024 (a step that never
   * returns still hangs: it runs on the search's thread).
   */
  overdue = false;

  constructor(
    private readonly spec: SequentialSpec<S, I, O>,
    private readonly ops: readonly Operation<I, O>[],
    private readonly deadline = Infinity,
  ) {
    this.equal = spec.equal ?? (defaultEqual as (a: O, b: O | undefined) => boolean);
  }

  /** The id of a state, the same for states the spec considers equal. */
  intern(s: S): number {
    const spec = this.spec;
    if (spec.hash) {
      const h = spec.hash(s) | 0;
      let ids = this.hashed.get(h);
      if (!ids) this.hashed.set(h, (ids = []));
      const same = spec.sameState ?? ((a: S, b: S) => canonicalJson(a) === canonicalJson(b));
      for (const id of ids) if (same(this.states[id]!, s)) return id;
      ids.push(this.states.length);
      this.states.push(s);
      return this.states.length - 1;
    }
    const primitive = !spec.stateKey && (s === null || typeof s !== 'object');
    const map: Map<unknown, number> = primitive ? this.primitives : this.keyed;
    const key = primitive ? s : spec.stateKey ? spec.stateKey(s) : canonicalJson(s);
    const hit = map.get(key);
    if (hit !== undefined) return hit;
    map.set(key, this.states.length);
    this.states.push(s);
    return this.states.length - 1;
  }

  /** The state after operation `op` (an index into the partition) from state `id`, or {@link NO_STATE}. */
  next(id: number, op: number): number {
    const mask = this.keyState.length - 1;
    let slot = slotOf(id, op, mask);
    for (;;) {
      const k = this.keyState[slot]!;
      if (k === EMPTY) break;
      if (k === id + 1 && this.keyOp[slot] === op) return this.value[slot]!;
      slot = (slot + 1) & mask;
    }
    const o = this.ops[op]!;
    const r = this.spec.step(this.states[id]!, o.input, o.op);
    if (typeof (r as { ok?: unknown } | undefined)?.ok !== 'boolean') throw new TypeError(`spec.step returned ${stepResult(r)}, not { ok, state, output }${isThenable(r) ? ': a sequential spec is synchronous (drop async/await from step)' : ''}`);
    if (this.deadline !== Infinity && performance.now() > this.deadline) this.overdue = true;
    const ok = r.ok && (isPending(o as Operation<unknown, unknown>) || this.equal(r.output, o.output));
    const to = ok ? this.intern(r.state) : NO_STATE;
    this.keyState[slot] = id + 1;
    this.keyOp[slot] = op;
    this.value[slot] = to;
    if (++this.used * 2 > this.keyState.length) this.grow();
    return to;
  }

  private grow(): void {
    const oldState = this.keyState;
    const oldOp = this.keyOp;
    const oldValue = this.value;
    const size = oldState.length * 2;
    const mask = size - 1;
    this.keyState = new Int32Array(size);
    this.keyOp = new Int32Array(size);
    this.value = new Int32Array(size);
    for (let i = 0; i < oldState.length; i++) {
      const key = oldState[i]!;
      if (key === EMPTY) continue;
      let slot = slotOf(key - 1, oldOp[i]!, mask);
      while (this.keyState[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keyState[slot] = key;
      this.keyOp[slot] = oldOp[i]!;
      this.value[slot] = oldValue[i]!;
    }
  }
}
