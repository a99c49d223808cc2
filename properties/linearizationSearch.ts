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
import { END, linearizationEvents } from './linearizationEvents.js';
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

const stateMix = (state: number) => Math.imul(state + 1, 0x9e3779b1);

/** Phases of the search at one configuration. */
const FORCED = 0; // look for a read that can go next: it goes, alone
const COMPLETED = 1; // try each completed operation that can go next
const PENDING = 2; // then each operation that never returned
const BACK = 3; // all tried: back to the previous configuration

export function searchLinearization<S, I, O>(ops: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>, limits: SearchLimits): SearchOutcome {
  const ev = linearizationEvents(ops as readonly Operation<unknown, unknown>[], spec.readOnly as ((input: unknown, op: string) => boolean) | undefined);
  const { n, m, next, prev, isReturn, opAt, retPos, pending, rank, windowFrom, windowWords, readOnly, samePrevious } = ev;
  const HEAD = m;
  const PENDING_HEAD = m + 1;
  const table = new StateTable(spec, ops);
  const zobrist = zobristWords(n);
  const linearized = new Uint8Array(n);
  const completedBits = new Uint32Array(((ev.completed + 31) >>> 5) + 1);
  const pendingWords = (ev.pendingCount + 31) >>> 5;
  const pendingBits = new Uint32Array(pendingWords + 1);
  const memo = new ConfigurationMemo(pendingWords);
  const stackPos = new Int32Array(n + 1);
  const stackState = new Int32Array(n + 1);
  const stackFirstReturn = new Int32Array(n + 1);
  const stackForced = new Uint8Array(n + 1);
  let depth = 0;
  let state = table.intern(spec.init());
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
  memo.visit(stateMix(state), f, state, completedBits, windowFrom[f]!, windowWords[f]!, pendingBits);

  const unlink = (p: number) => {
    next[prev[p]!] = next[p]!;
    if (next[p] !== END) prev[next[p]!] = prev[p]!;
  };
  const relink = (p: number) => {
    next[prev[p]!] = p;
    if (next[p] !== END) prev[next[p]!] = p;
  };
  const push = (p: number, to: number, forced: number) => {
    stackPos[depth] = p;
    stackState[depth] = state;
    stackFirstReturn[depth] = f;
    stackForced[depth] = forced;
    depth++;
    state = to;
    linearized[opAt[p]!] = 1;
    unlink(p);
  };
  /** Linearizes completed operation `op` (call at `p`) into state `to`: 1 done, 0 covered by the memo, 2 the history is linearized. */
  const pushCompleted = (p: number, op: number, to: number, forced: number): number => {
    const r = rank[op]!;
    completedBits[r >>> 5]! |= 1 << (r & 31);
    const h = hash ^ zobrist[op]!;
    const ret = retPos[op]!;
    const nextF = ret === f ? firstReturnFrom(next[f]!) : f;
    if (nextF !== m && memo.visit(h ^ stateMix(to), nextF, to, completedBits, windowFrom[nextF]!, windowWords[nextF]!, pendingBits)) {
      completedBits[r >>> 5]! &= ~(1 << (r & 31));
      return 0;
    }
    push(p, to, forced);
    unlink(ret);
    hash = h;
    f = nextF;
    linearizedCompleted++;
    return nextF === m ? 2 : 1;
  };
  const twinWaiting = (op: number) => samePrevious[op]! >= 0 && linearized[samePrevious[op]!] === 0;

  let cur = next[HEAD]!;
  let phase = FORCED;
  const { budget, deadline } = limits;
  const timed = deadline !== Infinity;
  for (let steps = 1; ; steps++) {
    if (steps > budget) return outcome('unknown', steps - 1, 'budget');
    if (timed && (steps & 1023) === 0 && performance.now() > deadline) return outcome('unknown', steps, 'time');
    let pushed = 0;
    if (phase === FORCED || phase === COMPLETED) {
      if (cur === END || isReturn[cur]) {
        // Reached f: nothing after it can go before it.
        if (phase === FORCED) {
          phase = COMPLETED;
          cur = next[HEAD]!;
        } else {
          phase = PENDING;
          cur = next[PENDING_HEAD]!;
        }
        continue;
      }
      const op = opAt[cur]!;
      // FORCED looks at the read-only operations only, COMPLETED at the others.
      if ((phase === FORCED) !== (readOnly[op] === 1) || twinWaiting(op)) {
        cur = next[cur]!;
        continue;
      }
      const to = table.next(state, op);
      if (to === NO_STATE) {
        cur = next[cur]!;
        continue;
      }
      pushed = pushCompleted(cur, op, to, phase === FORCED ? 1 : 0);
      if (pushed === 2) return outcome('linearizable', steps);
      if (pushed === 0) {
        // A read that must go next leads to an explored configuration: so does this one.
        if (phase === FORCED) phase = BACK;
        else cur = next[cur]!;
        continue;
      }
    } else if (phase === PENDING) {
      if (cur === END || cur > f) {
        phase = BACK;
        continue;
      }
      const op = opAt[cur]!;
      const to = twinWaiting(op) ? NO_STATE : table.next(state, op);
      // An unreturned operation that leaves the state as it is changes nothing: leaving it out covers it.
      if (to === NO_STATE || to === state) {
        cur = next[cur]!;
        continue;
      }
      const r = rank[op]!;
      pendingBits[r >>> 5]! |= 1 << (r & 31);
      if (memo.visit(hash ^ stateMix(to), f, to, completedBits, windowFrom[f]!, windowWords[f]!, pendingBits)) {
        pendingBits[r >>> 5]! &= ~(1 << (r & 31));
        cur = next[cur]!;
        continue;
      }
      push(cur, to, 0);
      pushed = 1;
    } else {
      if (depth === 0) return outcome('not-linearizable', steps);
      depth--;
      if (common > depth) common = depth;
      const p = stackPos[depth]!;
      const op = opAt[p]!;
      state = stackState[depth]!;
      f = stackFirstReturn[depth]!;
      linearized[op] = 0;
      const r = rank[op]!;
      if (pending[op]) {
        pendingBits[r >>> 5]! &= ~(1 << (r & 31));
        relink(p);
        phase = PENDING;
      } else {
        completedBits[r >>> 5]! &= ~(1 << (r & 31));
        hash ^= zobrist[op]!;
        linearizedCompleted--;
        relink(retPos[op]!);
        relink(p);
        phase = COMPLETED;
      }
      // After a forced read nothing else is tried: this configuration is done too.
      if (stackForced[depth]) phase = BACK;
      cur = next[p]!;
      continue;
    }
    if (f > bestReturn || (f === bestReturn && linearizedCompleted > bestCompleted)) record();
    cur = next[HEAD]!;
    phase = FORCED;
  }
}
