/**
 * The search for a linearization of one partition: Wing & Gong's (1993) backtracking over the
 * history's call and return events, with Lowe's (2017) memo of explored configurations, in the
 * shape Porcupine (Athalye, github.com/anishathalye/porcupine) gave it — a doubly linked list of
 * events that operations are lifted out of as they are linearized and put back on backtracking.
 *
 * Written for V8 rather than transcribed: the list is index arrays (`linearizationEvents.ts`), the
 * linearized set a `Uint32Array` bitset hashed incrementally (one xor per operation), states small
 * integers with their transitions cached (`stateTable.ts`), the memo keyed on the window of
 * operations still open (`linearizationMemo.ts`). And three reductions, each keeping the verdict:
 *
 * - **Reads go first.** An operation the spec calls read-only that can go next and matches is
 *   linearized at once, with no alternative tried: any linearization can be reordered to put it
 *   here, since it changes nothing the others see.
 * - **Unreturned operations are optional.** Those that never returned (Knossos's `:info`) are tried
 *   after the completed ones, one that would change nothing is never used, and the memo lets a
 *   configuration that used fewer of them cover one that used more.
 * - **Twins in call order.** Of two operations alike in everything but their call, the one called
 *   first is used first.
 *
 * The search never formats: it returns operation indices; `linearizabilityPicture.ts` draws them.
 */
import { linearizationEvents, type LinearizationEvents } from './linearizationEvents.js';
import { ConfigurationMemo } from './linearizationMemo.js';
import type { Operation, SequentialSpec } from './sequentialSpec.js';
import { NO_STATE, StateTable } from './stateTable.js';

export interface SearchLimits {
  /** Most search steps (one step = one operation tried, or one backtrack). */
  budget: number;
  /** `performance.now()` after which the search gives up (Infinity: never). */
  deadline: number;
}

export interface SearchOutcome {
  verdict: 'linearizable' | 'not-linearizable' | 'unknown';
  reason?: 'budget' | 'time';
  /** Partition indices: the linearization found, or the longest prefix of one that got furthest. */
  order: number[];
  /** The completed operation no order gets past the return of (−1 when linearizable). */
  breaking: number;
  steps: number;
  /** A hopeful search's `not-linearizable` that passed over a late operation: no verdict. */
  inconclusive?: boolean;
}

/** A fixed pseudo-random 32-bit word per operation (xorshift32), so runs hash alike. */
function zobristWords(n: number): Int32Array {
  const z = new Int32Array(n);
  let x = 0x6d2b79f5;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    z[i] = x;
  }
  return z;
}

/** The lists' terminator (a local constant: an imported binding costs a getter per use under some loaders). */
const END = -1;

const stateMix = (state: number) => Math.imul(state + 1, 0x9e3779b1);

/** Phases of the search at one configuration. */
const FORCED = 0; // look for a read that can go next: it goes, alone (both lists)
const COMPLETED = 1; // try each ordinary operation that can go next (main list)
const PENDING = 2; // then each pending or late one (optional list)
const BACK = 3; // all tried: back to the previous configuration

export function searchLinearization<S, I, O>(ops: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>, limits: SearchLimits): SearchOutcome {
  const ev = linearizationEvents(ops as readonly Operation<unknown, unknown>[], spec.readOnly as ((input: unknown, op: string) => boolean) | undefined);
  const table = new StateTable(spec, ops, limits.deadline);
  const init = table.intern(spec.init());
  if (!ev.late.some((l, op) => l === 1 && ev.readOnly[op] === 0)) return explore(ev, table, init, limits, false);
  // Late operations: a short exact search first (small histories end there, either way), then a
  // short hopeful one (see explore: a linearization it finds is one), then the exact one to the end.
  // On Porcupine's reading of Jepsen's etcd logs, where every timed-out operation is late, the
  // hopeful search decides in a few hundred steps what takes the exact one hundreds of thousands.
  const short = explore(ev, table, init, { ...limits, budget: Math.min(limits.budget, 2_000 + 10 * ev.n) }, false);
  if (short.verdict !== 'unknown' || short.reason === 'time') return short;
  let spent = short.steps;
  const hopeful = explore(ev, table, init, { ...limits, budget: Math.min(limits.budget - spent, 10_000 + 20 * ev.n) }, true);
  spent += hopeful.steps;
  if (hopeful.verdict === 'linearizable' || hopeful.reason === 'time' || (hopeful.verdict === 'not-linearizable' && !hopeful.inconclusive)) return { ...hopeful, steps: spent };
  const exact = explore(ev, table, init, { ...limits, budget: limits.budget - spent }, false);
  if (exact.verdict !== 'unknown') return { ...exact, steps: spent + exact.steps };
  // No verdict: show the furthest any of the three got.
  const furthest = [short, hopeful, exact].reduce((a, b) => (b.order.length > a.order.length ? b : a));
  return { ...exact, order: furthest.order, breaking: furthest.breaking, steps: spent + exact.steps };
}

/**
 * One depth-first search. `hopeful`: a late operation is not tried while it would change nothing
 * (until only late returns are left), as an unreturned one is never tried then — which may miss a
 * linearization (a `cas(1→1)` that returned true fits where the value is 1, and the end may hold
 * another) but never invents one, so only its `linearizable` is a verdict.
 */
function explore<S, I, O>(ev: LinearizationEvents, table: StateTable<S, I, O>, init: number, limits: SearchLimits, hopeful: boolean): SearchOutcome {
  const { n, m, isReturn, opAt, callPos, retPos, horizon, pending, late, rank, windowFrom, windowWords, readOnly, samePrevious, lastCall } = ev;
  // The lists are taken apart and put back as the search goes; a search that stops early leaves them apart.
  const next = ev.next.slice();
  const prev = ev.prev.slice();
  const HEAD = m;
  const OPTIONAL_HEAD = m + 1;
  const zobrist = zobristWords(n);
  const linearized = new Uint8Array(n);
  const completedBits = new Uint32Array(((ev.completed + 31) >>> 5) + 1);
  const optionalWords = (ev.pendingCount + 31) >>> 5;
  const optionalBits = new Uint32Array(optionalWords + 1);
  const memo = new ConfigurationMemo(optionalWords, ev.lateMask);
  const stackPos = new Int32Array(n + 1);
  const stackState = new Int32Array(n + 1);
  const stackFirstReturn = new Int32Array(n + 1);
  const stackForced = new Uint8Array(n + 1);
  let depth = 0;
  let state = init;
  let hash = 0;
  let linearizedCompleted = 0;

  const firstReturnFrom = (p: number): number => {
    while (p !== END && !isReturn[p]) p = next[p]!;
    return p === END ? m : p;
  };
  /** The first unlinearized return: every operation linearized was called before it. */
  let f = firstReturnFrom(next[HEAD]!);

  // The configuration that got furthest (latest first unlinearized return, then most completed
  // operations: an unreturned one explains nothing), kept without copying the whole stack each
  // time: `common` is how much of the stack still equals it.
  const best = new Int32Array(n + 1);
  let bestLength = 0;
  let bestReturn = f;
  let bestCompleted = 0;
  let common = 0;
  const record = () => {
    for (let i = common; i < depth; i++) best[i] = opAt[stackPos[i]!]!;
    bestLength = depth;
    bestReturn = f;
    bestCompleted = linearizedCompleted;
    common = depth;
  };
  const outcome = (verdict: SearchOutcome['verdict'], steps: number, reason?: 'budget' | 'time'): SearchOutcome => {
    if (verdict === 'linearizable') record();
    const order = Array.from(best.subarray(0, bestLength));
    const breaking = verdict === 'linearizable' || bestReturn >= m ? -1 : opAt[bestReturn]!;
    return { verdict, ...(reason && { reason }), order, breaking, steps };
  };
  if (f === m) return outcome('linearizable', 0);
  memo.visit(stateMix(state), f, state, completedBits, windowFrom[f]!, windowWords[f]!, optionalBits);

  const unlink = (p: number) => {
    next[prev[p]!] = next[p]!;
    if (next[p] !== END) prev[next[p]!] = prev[p]!;
  };
  const relink = (p: number) => {
    next[prev[p]!] = p;
    if (next[p] !== END) prev[next[p]!] = p;
  };
  const setBit = (bits: Uint32Array, r: number) => (bits[r >>> 5]! |= 1 << (r & 31));
  const clearBit = (bits: Uint32Array, r: number) => (bits[r >>> 5]! &= ~(1 << (r & 31)));

  /**
   * Linearizes the operation called at `p` into state `to`, unless the memo has a configuration
   * covering the result: 0 covered, 1 done, 2 the whole history is linearized.
   */
  const tryPush = (p: number, op: number, to: number, forced: number): number => {
    const optional = pending[op] === 1 || late[op] === 1;
    const bits = optional ? optionalBits : completedBits;
    const r = rank[op]!;
    setBit(bits, r);
    const returns = pending[op] === 0;
    const h = returns ? hash ^ zobrist[op]! : hash;
    const ret = retPos[op]!;
    const nextF = ret === f ? firstReturnFrom(next[f]!) : f;
    if (nextF !== m && memo.visit(h ^ stateMix(to), nextF, to, completedBits, windowFrom[nextF]!, windowWords[nextF]!, optionalBits)) {
      clearBit(bits, r);
      return 0;
    }
    stackPos[depth] = p;
    stackState[depth] = state;
    stackFirstReturn[depth] = f;
    stackForced[depth] = forced;
    depth++;
    state = to;
    linearized[op] = 1;
    unlink(p);
    if (returns) {
      unlink(ret);
      hash = h;
      f = nextF;
      linearizedCompleted++;
    }
    return nextF === m ? 2 : 1;
  };
  // Only late reads are forced from the optional list: without any, FORCED need not walk it.
  let lateReads = false;
  for (let op = 0; op < n; op++) if (late[op] === 1 && readOnly[op] === 1) lateReads = true;
  const twinWaiting = (op: number) => samePrevious[op]! >= 0 && linearized[samePrevious[op]!] === 0;

  let cur = next[HEAD]!;
  let phase = FORCED;
  let inOptional = false;
  // Whether the hopeful search passed over a late operation: only then may it have missed something.
  let skippedLate = false;
  const { budget, deadline } = limits;
  const timed = deadline !== Infinity;
  // One step: an operation tried, or a backtrack.
  let steps = 0;
  for (;;) {
    if (phase === BACK) {
      if (++steps > budget) return outcome('unknown', steps - 1, 'budget');
      if (timed && (table.overdue || ((steps & 1023) === 0 && performance.now() > deadline))) return outcome('unknown', steps, 'time');
      if (depth === 0) return { ...outcome('not-linearizable', steps), ...(skippedLate && { inconclusive: true }) };
      depth--;
      if (common > depth) common = depth;
      const p = stackPos[depth]!;
      const op = opAt[p]!;
      state = stackState[depth]!;
      f = stackFirstReturn[depth]!;
      linearized[op] = 0;
      const optional = pending[op] === 1 || late[op] === 1;
      clearBit(optional ? optionalBits : completedBits, rank[op]!);
      if (pending[op] === 0) {
        hash ^= zobrist[op]!;
        linearizedCompleted--;
        relink(retPos[op]!);
      }
      relink(p);
      // After a forced read nothing else is tried: this configuration is done too.
      phase = stackForced[depth] ? BACK : optional ? PENDING : COMPLETED;
      inOptional = optional;
      cur = optional ? next[p]! : next[retPos[op]!]!;
      continue;
    }
    // FORCED walks the calls before f in both lists; COMPLETED the returns from f on, so ordinary
    // operations are tried earliest deadline first; PENDING the optional calls before f.
    if (cur === END || (phase === COMPLETED ? cur > horizon[f]! : inOptional ? cur > f : isReturn[cur] === 1)) {
      if (phase === FORCED && !inOptional && lateReads) {
        inOptional = true;
        cur = next[OPTIONAL_HEAD]!;
      } else if (phase === FORCED) {
        phase = COMPLETED;
        inOptional = false;
        cur = f;
      } else if (phase === COMPLETED) {
        phase = PENDING;
        inOptional = true;
        cur = next[OPTIONAL_HEAD]!;
      } else phase = BACK;
      continue;
    }
    const op = opAt[cur]!;
    let p = cur;
    if (phase === COMPLETED) {
      p = callPos[op]!;
      // A return: its operation can go next if it was called before f (it is still in the list, so not linearized).
      if (isReturn[cur] === 0 || p > f || late[op] === 1 || readOnly[op] === 1 || twinWaiting(op)) {
        cur = next[cur]!;
        continue;
      }
    } else if ((phase === FORCED) !== (readOnly[op] === 1 && pending[op] === 0) || twinWaiting(op)) {
      // FORCED looks at the read-only operations that must be linearized, PENDING at the others.
      cur = next[cur]!;
      continue;
    }
    if (++steps > budget) return outcome('unknown', steps - 1, 'budget');
    if (timed && (table.overdue || ((steps & 1023) === 0 && performance.now() > deadline))) return outcome('unknown', steps, 'time');
    const to = table.next(state, op);
    // An unreturned operation that leaves the state as it is changes nothing: leaving it out covers it.
    if (to === NO_STATE || (to === state && (pending[op] === 1 || (hopeful && late[op] === 1 && f <= lastCall)))) {
      if (to !== NO_STATE && pending[op] === 0) skippedLate = true;
      cur = next[cur]!;
      continue;
    }
    const pushed = tryPush(p, op, to, phase === FORCED ? 1 : 0);
    if (pushed === 2) return outcome('linearizable', steps);
    if (pushed === 0) {
      // A read that must go next leads to an explored configuration: so does this one.
      if (phase === FORCED) phase = BACK;
      else cur = next[cur]!;
      continue;
    }
    if (f > bestReturn || (f === bestReturn && linearizedCompleted > bestCompleted)) record();
    cur = next[HEAD]!;
    phase = FORCED;
    inOptional = false;
  }
}
