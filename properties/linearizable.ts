/**
 * A linearizability checker (Herlihy & Wing 1990): is there a total order of the operations, one
 * that respects real time (an operation that returned before another was called comes first), in
 * which a sequential specification produces every observed output?
 *
 * The search is Wing & Gong's (1993) backtracking over the history's call/return events, with the
 * two improvements Lowe (2017) made and Porcupine (Athalye, github.com/anishathalye/porcupine)
 * ships: a memo of `(set of linearized operations, specification state)` pairs already explored, so
 * no configuration is searched twice, and P-compositionality (Horn & Kroening 2015) — when the
 * specification says operations on different keys never interact (`partition`), each key's
 * sub-history is checked on its own, which turns one exponential search into many small ones.
 *
 * Operations that never returned (`ret` undefined or `Infinity`: the actor was killed, cancelled or
 * threw mid-call) may or may not have taken effect, as Knossos treats `:info` operations: they may be
 * linearized anywhere after their call, with any output, or left out.
 */
import { stableJson } from '../sim/trace.js';
import { PropertyViolation } from './violation.js';

/** One operation of a concurrent history. `call`/`ret` are comparable instants (step indices, virtual times, event positions). */
export interface Operation<I = unknown, O = unknown> {
  actor: string;
  op: string;
  input: I;
  /** The observed output (ignored for an operation that never returned). */
  output?: O;
  call: number;
  /** When it returned; `undefined` or `Infinity` when it never did. */
  ret?: number | undefined;
}

/** A sequential specification: the object as if operations ran one at a time. */
export interface SequentialSpec<S, I = unknown, O = unknown> {
  init(): S;
  /** Applies one operation. `ok: false` = the operation cannot happen in this state. */
  step(state: S, input: I, op: string): { ok: boolean; state: S; output: O };
  /** Operations in different partitions never interact (P-compositionality): e.g. the key. */
  partition?(op: Operation<I, O>): string | number;
  /** Output equality (default: canonical JSON). */
  equal?(expected: O, observed: O | undefined): boolean;
  /** A canonical text of a state for the memo (default: canonical JSON). */
  stateKey?(state: S): string;
}

export interface LinearizabilityOptions {
  /** Most search steps per partition before giving up (default 1 000 000). */
  budget?: number;
}

export type LinearizabilityResult<I = unknown, O = unknown> =
  | { ok: true; partitions: number }
  | {
      ok: false;
      partitions: number;
      /** The smallest partition that has no linearization. */
      partition: string | number;
      operations: Operation<I, O>[];
      /** The longest prefix of a linearization the search found, in order. */
      longestPrefix: Operation<I, O>[];
    };

interface Entry {
  id: number;
  call: boolean;
  time: number;
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

const pending = (o: Operation<unknown, unknown>) => o.ret === undefined || o.ret === Infinity;

function buildList(ops: readonly Operation<unknown, unknown>[]): Entry {
  const entries: Entry[] = [];
  ops.forEach((o, id) => {
    const c: Entry = { id, call: true, time: o.call, match: null, prev: null, next: null };
    entries.push(c);
    if (!pending(o)) {
      const r: Entry = { id, call: false, time: o.ret!, match: null, prev: null, next: null };
      c.match = r;
      entries.push(r);
    }
  });
  // Calls before returns at the same instant: operations that touch at an instant overlap, which
  // is the conservative reading (never a false alarm).
  entries.sort((a, b) => a.time - b.time || (a.call === b.call ? a.id - b.id : a.call ? -1 : 1));
  const head: Entry = { id: -1, call: false, time: -Infinity, match: null, prev: null, next: null };
  let prev = head;
  for (const e of entries) {
    prev.next = e;
    e.prev = prev;
    prev = e;
  }
  return head;
}

function unlink(e: Entry): void {
  e.prev!.next = e.next;
  if (e.next) e.next.prev = e.prev;
}

function relink(e: Entry): void {
  e.prev!.next = e;
  if (e.next) e.next.prev = e;
}

/** Wing & Gong with Lowe's memo on one partition. Returns the linearization, or the longest prefix. */
function search<S, I, O>(ops: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>, budget: number): { ok: boolean; order: number[] } {
  const equal = spec.equal ?? ((a: O, b: O | undefined) => stableJson(a) === stableJson(b));
  const stateKey = spec.stateKey ?? ((s: S) => stableJson(s));
  const head = buildList(ops as readonly Operation<unknown, unknown>[]);
  let remaining = ops.filter((o) => !pending(o as Operation<unknown, unknown>)).length;
  let state = spec.init();
  let linearized = 0n;
  const seen = new Set<string>();
  const stack: { entry: Entry; state: S; linearized: bigint }[] = [];
  let best: number[] = [];
  let entry = head.next;
  for (let steps = 0; ; steps++) {
    if (steps > budget) {
      throw new Error(`linearizable: gave up after ${budget} search steps on a partition of ${ops.length} operations — check a shorter history, split it with spec.partition, or raise options.budget`);
    }
    if (remaining === 0) return { ok: true, order: stack.map((f) => f.entry.id) };
    if (entry === null || !entry.call) {
      // A return of an operation not yet linearized: nothing can be moved before it. Backtrack.
      const top = stack.pop();
      if (!top) return { ok: false, order: best };
      state = top.state;
      linearized = top.linearized;
      if (top.entry.match) {
        relink(top.entry.match);
        remaining++;
      }
      relink(top.entry);
      entry = top.entry.next;
      continue;
    }
    const o = ops[entry.id]!;
    const r = spec.step(state, o.input, o.op);
    if (r.ok && (pending(o as Operation<unknown, unknown>) || equal(r.output, o.output))) {
      const next = linearized | (1n << BigInt(entry.id));
      const key = `${next.toString(36)}|${stateKey(r.state)}`;
      if (!seen.has(key)) {
        seen.add(key);
        stack.push({ entry, state, linearized });
        state = r.state;
        linearized = next;
        unlink(entry);
        if (entry.match) {
          unlink(entry.match);
          remaining--;
        }
        if (stack.length > best.length) best = stack.map((f) => f.entry.id);
        entry = head.next;
        continue;
      }
    }
    entry = entry.next;
  }
}

/** Checks a history against a specification and returns the verdict as data. */
export function checkLinearizable<S, I, O>(history: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>, options: LinearizabilityOptions = {}): LinearizabilityResult<I, O> {
  for (const o of history) {
    if (!Number.isFinite(o.call) || (o.ret !== undefined && o.ret !== Infinity && !(o.ret >= o.call))) {
      throw new TypeError(`linearizable: operation ${o.actor} ${o.op} has call ${o.call} and ret ${o.ret}; need a finite call and ret ≥ call (or undefined/Infinity for one that never returned)`);
    }
  }
  const groups = new Map<string | number, Operation<I, O>[]>();
  for (const o of history) {
    const k = spec.partition ? spec.partition(o) : '(all)';
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(o);
  }
  let failed: Extract<LinearizabilityResult<I, O>, { ok: false }> | undefined;
  // Smallest partitions first: the smallest conflicting one is the clearest explanation.
  const ordered = [...groups].sort((a, b) => a[1].length - b[1].length);
  for (const [k, ops] of ordered) {
    if (failed && ops.length >= failed.operations.length) break;
    const r = search(ops, spec, options.budget ?? 1_000_000);
    if (!r.ok) failed = { ok: false, partitions: groups.size, partition: k, operations: ops, longestPrefix: r.order.map((i) => ops[i]!) };
  }
  return failed ?? { ok: true, partitions: groups.size };
}

const show = (v: unknown) => stableJson(v).replaceAll('"<undefined>"', 'undefined');

/** One operation as a reviewer reads it: `[call, ret] actor op(input) → output`. */
export function showOperation(o: Operation<unknown, unknown>): string {
  const span = `[${o.call}, ${pending(o) ? '…' : o.ret}]`;
  const out = pending(o) ? ' → (never returned)' : ` → ${show(o.output)}`;
  return `${span} ${o.actor} ${o.op}(${show(o.input)})${out}`;
}

/**
 * Throws {@link PropertyViolation} when the history is not linearizable, naming the smallest
 * conflicting partition, its operations (in call order) and the longest linearizable prefix the
 * search found — the operation after it is where every order breaks.
 */
export function linearizable<S, I, O>(history: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>, options: LinearizabilityOptions = {}): void {
  const r = checkLinearizable(history, spec, options);
  if (r.ok) return;
  const ops = [...r.operations].sort((a, b) => a.call - b.call);
  const where = r.partitions > 1 ? `partition ${JSON.stringify(r.partition)} (${ops.length} of ${history.length} operations)` : `the history (${ops.length} operations)`;
  const prefix = r.longestPrefix.length ? r.longestPrefix.map((o) => `${o.actor} ${o.op}`).join(' → ') : '(none: no operation can go first)';
  throw new PropertyViolation(
    'linearizable',
    `${where} has no linearization: no order that respects real time explains every output.\n` +
      `  operations:\n${ops.map((o) => `    ${showOperation(o as Operation<unknown, unknown>)}`).join('\n')}\n` +
      `  longest linearizable prefix: ${prefix}`,
  );
}
