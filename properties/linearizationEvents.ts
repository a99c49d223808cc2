/**
 * A partition's history as the search walks it: call and return events in time order in index
 * arrays, linked into two lists, plus what the memo and the symmetry rule need, computed once.
 *
 * Three kinds of operation. *Pending* ones never returned: optional. *Late* ones returned after the
 * last call of all, so nothing has to follow them (Porcupine's reading of Jepsen's logs closes every
 * operation left open that way, at the end, with an unknown output): required, but best tried last.
 * The rest are *ordinary*. The main list holds ordinary calls and every return; the optional list the
 * calls of pending and late operations, which the search tries after the ordinary ones.
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
  late: Uint8Array;
  /** Call order among ordinary operations (their bit in the completed bitset), or among pending and late ones (the optional bitset). */
  rank: Int32Array;
  completed: number;
  pendingCount: number;
  /** The optional bitset's bits that belong to late operations (compared exactly by the memo). */
  lateMask: Uint32Array;
  /** Position of the last call: every return after it is a late operation's. */
  lastCall: number;
  /** For each return position f: the first word, and how many, of the completed bitset the memo keys at f. */
  windowFrom: Int32Array;
  windowWords: Int32Array;
  /** 1 for an operation the spec calls read-only. */
  readOnly: Uint8Array;
  /** The previous interchangeable operation (same op, input, output and return; or both pending with the same op and input), or −1. */
  samePrevious: Int32Array;
}

/**
 * A canonical text of a value: direct for primitives and flat objects of them (the usual inputs),
 * canonical JSON otherwise. Symbols by identity: two alike are not interchangeable unless the same.
 */
function quickKey(v: unknown, symbols: Map<symbol, number>): string {
  if (typeof v === 'symbol') {
    if (!symbols.has(v)) symbols.set(v, symbols.size);
    return `y${symbols.get(v)}`;
  }
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? `s${JSON.stringify(v)}` : typeof v === 'number' ? `n${v}` : `${typeof v}${String(v)}`;
  if (Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return `j${stableJson(v)}`;
  let out = '{';
  for (const key of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[key];
    if (x !== null && (typeof x === 'object' || typeof x === 'symbol')) return `j${stableJson(v)}`;
    out += `${JSON.stringify(key)}:${quickKey(x, symbols)},`;
  }
  return out;
}

export function linearizationEvents(ops: readonly Operation<unknown, unknown>[], readOnlyOp?: (input: unknown, op: string) => boolean): LinearizationEvents {
  const n = ops.length;
  const pending = new Uint8Array(n);
  const readOnly = new Uint8Array(n);
  let unreturned = 0;
  for (let op = 0; op < n; op++) {
    const o = ops[op]!;
    if (isPending(o)) {
      pending[op] = 1;
      unreturned++;
    }
    if (readOnlyOp?.(o.input, o.op)) readOnly[op] = 1;
  }
  // Event 2·op is op's call, 2·op + 1 its return. At one instant calls come first: operations that
  // touch at an instant overlap, the conservative reading (never a false alarm).
  const time = new Float64Array(2 * n);
  // A plain array: its sort is TimSort, linear on the nearly sorted order histories come in, and
  // calls the comparator without the typed-array sort's round trips.
  const present: number[] = new Array<number>(2 * n - unreturned);
  let k = 0;
  for (let op = 0; op < n; op++) {
    time[2 * op] = ops[op]!.call;
    present[k++] = 2 * op;
    if (!pending[op]) {
      time[2 * op + 1] = ops[op]!.ret!;
      present[k++] = 2 * op + 1;
    }
  }
  present.sort((a, b) => time[a]! - time[b]! || (a & 1) - (b & 1) || a - b);
  const m = present.length;
  let lastCall = -1;
  for (let p = 0; p < m; p++) if ((present[p]! & 1) === 0) lastCall = p;
  const late = new Uint8Array(n);
  for (let p = lastCall + 1; p < m; p++) late[present[p]! >> 1] = 1;
  const optional = (op: number) => pending[op] === 1 || late[op] === 1;
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
  for (let p = 0; p < m; p++) {
    const op = present[p]! >> 1;
    const call = (present[p]! & 1) === 0;
    opAt[p] = op;
    if (!call) {
      isReturn[p] = 1;
      retPos[op] = p;
    } else rank[op] = optional(op) ? pendingCount++ : completed++;
    const inOptional = call && optional(op);
    const tail = inOptional ? lastPending : lastMain;
    next[tail] = p;
    prev[p] = tail;
    if (inOptional) lastPending = p;
    else lastMain = p;
  }

  // Every completed operation that returned before f is linearized and none called after f is, so
  // only the words covering those called before f and still open at f tell two configurations apart.
  const windowFrom = new Int32Array(m + 1);
  const windowWords = new Int32Array(m + 1);
  const byRank = new Int32Array(completed);
  for (let op = 0; op < n; op++) if (!optional(op)) byRank[rank[op]!] = op;
  let calledBefore = 0;
  let lo = 0;
  for (let p = 0; p < m; p++) {
    if (!isReturn[p]) {
      if (!optional(opAt[p]!)) calledBefore++;
      continue;
    }
    while (lo < calledBefore && retPos[byRank[lo]!]! < p) lo++;
    windowFrom[p] = lo >>> 5;
    windowWords[p] = lo < calledBefore ? ((calledBefore - 1) >>> 5) - (lo >>> 5) + 1 : 0;
  }
  const lateMask = new Uint32Array(((pendingCount + 31) >>> 5) + 1);
  for (let op = 0; op < n; op++) if (late[op]) lateMask[rank[op]! >>> 5]! |= 1 << (rank[op]! & 31);

  // Two operations alike in all but their call are interchangeable: whichever was called first can
  // take the other's place in any linearization. The search uses them in call order only.
  const samePrevious = new Int32Array(n).fill(-1);
  const lastOfKind = new Map<string, number>();
  const symbols = new Map<symbol, number>();
  // Completed twins share a return instant: only look where one is shared (or at the unreturned).
  const returnsAt = new Map<number, number>();
  for (let op = 0; op < n; op++) if (!pending[op]) returnsAt.set(ops[op]!.ret!, (returnsAt.get(ops[op]!.ret!) ?? 0) + 1);
  for (let p = 0; p < m; p++) {
    const op = opAt[p]!;
    if (isReturn[p]) continue;
    const o = ops[op]!;
    if (!pending[op] && returnsAt.get(o.ret!)! < 2) continue;
    const kind = pending[op] ? `…\u0000${o.op}\u0000${quickKey(o.input, symbols)}` : `${o.ret}\u0000${o.op}\u0000${quickKey(o.input, symbols)}\u0000${quickKey(o.output, symbols)}`;
    const before = lastOfKind.get(kind);
    if (before !== undefined) samePrevious[op] = before;
    lastOfKind.set(kind, op);
  }
  return { n, m, next, prev, isReturn, opAt, retPos, pending, late, rank, completed, pendingCount, lateMask, lastCall, windowFrom, windowWords, readOnly, samePrevious };
}
