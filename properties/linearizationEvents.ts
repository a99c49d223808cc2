/**
 * A partition's history as the search walks it: call and return events in time order in index
 * arrays, linked into two lists — completed operations' calls and returns, and the calls of
 * operations that never returned — plus what the memo and the symmetry rule need, computed once.
 */
import { stableJson } from '../sim/trace.js';
import { isPending, type Operation } from './sequentialSpec.js';

export const END = -1;

export interface LinearizationEvents {
  /** Operations in the partition. */
  n: number;
  /** Events (a call each, a return per completed operation); positions 0…m−1 in time order. */
  m: number;
  /** Sentinels at m (completed list) and m + 1 (pending list); END terminates both. */
  next: Int32Array;
  prev: Int32Array;
  isReturn: Uint8Array;
  opAt: Int32Array;
  /** Each operation's return position, END when it never returned. */
  retPos: Int32Array;
  pending: Uint8Array;
  /** Call order among completed operations (their bit in the completed bitset), or among pending ones. */
  rank: Int32Array;
  completed: number;
  pendingCount: number;
  /** For each return position f: the first word, and how many, of the completed bitset the memo keys at f. */
  windowFrom: Int32Array;
  windowWords: Int32Array;
  /** 1 for an operation the spec calls read-only. */
  readOnly: Uint8Array;
  /** The previous interchangeable operation (same op, input, output and return; or both pending with the same op and input), or −1. */
  samePrevious: Int32Array;
}

export function linearizationEvents(ops: readonly Operation<unknown, unknown>[], readOnlyOp?: (input: unknown, op: string) => boolean): LinearizationEvents {
  const n = ops.length;
  const pending = Uint8Array.from(ops, (o) => (isPending(o) ? 1 : 0));
  const readOnly = Uint8Array.from(ops, (o) => (readOnlyOp?.(o.input, o.op) ? 1 : 0));
  // At one instant calls come first: operations that touch at an instant overlap, the
  // conservative reading (never a false alarm).
  const events: { time: number; op: number; call: boolean }[] = [];
  ops.forEach((o, op) => {
    events.push({ time: o.call, op, call: true });
    if (!pending[op]) events.push({ time: o.ret!, op, call: false });
  });
  events.sort((a, b) => a.time - b.time || (a.call === b.call ? a.op - b.op : a.call ? -1 : 1));
  const m = events.length;
  const next = new Int32Array(m + 2).fill(END);
  const prev = new Int32Array(m + 2).fill(END);
  const isReturn = new Uint8Array(m);
  const opAt = new Int32Array(m);
  const retPos = new Int32Array(n).fill(END);
  const rank = new Int32Array(n);
  let completed = 0;
  let pendingCount = 0;
  let lastMain = m;
  let lastPending = m + 1;
  events.forEach((e, p) => {
    opAt[p] = e.op;
    if (!e.call) {
      isReturn[p] = 1;
      retPos[e.op] = p;
    } else rank[e.op] = pending[e.op] ? pendingCount++ : completed++;
    const inPending = e.call && pending[e.op] === 1;
    const tail = inPending ? lastPending : lastMain;
    next[tail] = p;
    prev[p] = tail;
    if (inPending) lastPending = p;
    else lastMain = p;
  });

  // Every completed operation that returned before f is linearized and none called after f is, so
  // only the words covering those called before f and still open at f tell two configurations apart.
  const windowFrom = new Int32Array(m + 1);
  const windowWords = new Int32Array(m + 1);
  const byRank = new Int32Array(completed);
  for (let op = 0; op < n; op++) if (!pending[op]) byRank[rank[op]!] = op;
  let calledBefore = 0;
  let lo = 0;
  for (let p = 0; p < m; p++) {
    if (!isReturn[p]) {
      if (!pending[opAt[p]!]) calledBefore++;
      continue;
    }
    while (lo < calledBefore && retPos[byRank[lo]!]! < p) lo++;
    windowFrom[p] = lo >>> 5;
    windowWords[p] = ((calledBefore - 1) >>> 5) - (lo >>> 5) + 1;
  }

  // Two operations alike in all but their call are interchangeable: whichever was called first can
  // take the other's place in any linearization. The search uses them in call order only.
  const samePrevious = new Int32Array(n).fill(-1);
  const lastOfKind = new Map<string, number>();
  for (let p = 0; p < m; p++) {
    const op = opAt[p]!;
    if (isReturn[p]) continue;
    const o = ops[op]!;
    const kind = pending[op] ? `…\u0000${o.op}\u0000${stableJson(o.input)}` : `${o.ret}\u0000${o.op}\u0000${stableJson(o.input)}\u0000${stableJson(o.output)}`;
    const before = lastOfKind.get(kind);
    if (before !== undefined) samePrevious[op] = before;
    lastOfKind.set(kind, op);
  }
  return { n, m, next, prev, isReturn, opAt, retPos, pending, rank, completed, pendingCount, windowFrom, windowWords, readOnly, samePrevious };
}
