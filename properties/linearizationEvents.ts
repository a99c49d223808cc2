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
import { canonicalJson } from './canonical.js';
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
  /** Each operation's call position, and return position (END when it never returned). */
  callPos: Int32Array;
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
  /** For each return position f: the last return of an ordinary operation called before f (the search tries those by return). */
  horizon: Int32Array;
  /** 1 for an operation the spec calls read-only. */
  readOnly: Uint8Array;
  /** The previous interchangeable operation (same op, input, output and return; or both pending with the same op and input), or −1. */
  samePrevious: Int32Array;
}

/**
 * Sorts operation indices by `key`, then index. Histories come nearly in order (each client's
 * operations in sequence, clients interleaved), so insertion sort is linear in practice; past a
 * few moves per element it hands over to the general sort.
 */
function sortBy(ids: number[], key: Float64Array): void {
  let moves = 0;
  for (let i = 1; i < ids.length; i++) {
    const id = ids[i]!;
    const k = key[id]!;
    let j = i - 1;
    while (j >= 0 && (key[ids[j]!]! > k || (key[ids[j]!] === k && ids[j]! > id))) {
      ids[j + 1] = ids[j]!;
      j--;
      moves++;
    }
    ids[j + 1] = id;
    if (moves > 8 * ids.length) {
      ids.sort((a, b) => key[a]! - key[b]! || a - b);
      return;
    }
  }
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
  if (Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return `j${canonicalJson(v)}`;
  let out = '{';
  for (const key of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[key];
    if (x !== null && (typeof x === 'object' || typeof x === 'symbol')) return `j${canonicalJson(v)}`;
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
  const callTime = new Float64Array(n);
  const retTime = new Float64Array(n);
  // Calls by call time and returns by return time, each sorted apart, then merged.
  const calls: number[] = new Array<number>(n);
  const returns: number[] = new Array<number>(n - unreturned);
  let inOrder = true; // then the calls need no sort
  let k = 0;
  for (let op = 0; op < n; op++) {
    callTime[op] = ops[op]!.call;
    calls[op] = op;
    if (op > 0 && callTime[op]! < callTime[op - 1]!) inOrder = false;
    if (!pending[op]) {
      retTime[op] = ops[op]!.ret!;
      returns[k++] = op;
    }
  }
  if (!inOrder) sortBy(calls, callTime);
  sortBy(returns, retTime);
  // Event 2·op is op's call, 2·op + 1 its return.
  const present: number[] = new Array<number>(2 * n - unreturned);
  for (let c = 0, r = 0, p = 0; p < present.length; p++) {
    if (r >= returns.length || (c < n && callTime[calls[c]!]! <= retTime[returns[r]!]!)) present[p] = 2 * calls[c++]!;
    else present[p] = 2 * returns[r++]! + 1;
  }
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
  const callPos = new Int32Array(n);
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
    } else callPos[op] = p;
    if (call) rank[op] = optional(op) ? pendingCount++ : completed++;
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
  const horizon = new Int32Array(m + 1);
  let furthest = -1;
  for (let p = 0; p < m; p++) {
    const op = opAt[p]!;
    if (!isReturn[p] && !optional(op)) furthest = Math.max(furthest, retPos[op]!);
    horizon[p] = furthest;
  }
  const lateMask = new Uint32Array(((pendingCount + 31) >>> 5) + 1);
  for (let op = 0; op < n; op++) if (late[op]) lateMask[rank[op]! >>> 5]! |= 1 << (rank[op]! & 31);

  // Two operations alike in all but their call are interchangeable: whichever was called first can
  // take the other's place in any linearization. The search uses them in call order only.
  const samePrevious = new Int32Array(n).fill(-1);
  const lastOfKind = new Map<string, number>();
  const symbols = new Map<symbol, number>();
  // Completed twins share a return instant: only look where one is shared (or at the unreturned).
  const sharesReturn = new Uint8Array(n);
  for (let r = 1; r < returns.length; r++) {
    if (retTime[returns[r]!] === retTime[returns[r - 1]!]) sharesReturn[returns[r]!] = sharesReturn[returns[r - 1]!] = 1;
  }
  for (let p = 0; p < m; p++) {
    const op = opAt[p]!;
    if (isReturn[p]) continue;
    const o = ops[op]!;
    if (!pending[op] && !sharesReturn[op]) continue;
    const kind = pending[op] ? `…\u0000${o.op}\u0000${quickKey(o.input, symbols)}` : `${o.ret}\u0000${o.op}\u0000${quickKey(o.input, symbols)}\u0000${quickKey(o.output, symbols)}`;
    const before = lastOfKind.get(kind);
    if (before !== undefined) samePrevious[op] = before;
    lastOfKind.set(kind, op);
  }
  return { n, m, next, prev, isReturn, opAt, callPos, retPos, horizon, pending, late, rank, completed, pendingCount, lateMask, lastCall, windowFrom, windowWords, readOnly, samePrevious };
}
