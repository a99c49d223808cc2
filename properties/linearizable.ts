/**
 * A linearizability checker (Herlihy & Wing 1990): is there a total order of the operations, one
 * that respects real time (an operation that returned before another was called comes first), in
 * which a sequential specification produces every observed output?
 *
 * Three parts, as Porcupine splits them: the specification and history types
 * (`sequentialSpec.ts`), the search (`linearizationSearch.ts`, one partition at a time), and the
 * picture of a failure (`linearizabilityPicture.ts`). This file runs the search over the history's
 * partitions and turns its answer into a verdict. P-compositionality (Horn & Kroening 2015): when
 * the specification says operations on different keys never interact (`partition`), each key's
 * sub-history is checked on its own, which turns one exponential search into many small ones.
 *
 * Operations that never returned (`ret` undefined or `Infinity`: the actor was killed, cancelled or
 * threw mid-call) may or may not have taken effect, as Knossos treats `:info` operations: they may be
 * linearized anywhere after their call, with any output, or left out.
 */
import { stableJson } from '../sim/trace.js';
import { linearizabilityPicture, pictureTable, type LinearizabilityPicture } from './linearizabilityPicture.js';
import { searchLinearization } from './linearizationSearch.js';
import { isPending, type Operation, type SequentialSpec } from './sequentialSpec.js';
import { PropertyViolation } from './violation.js';

export type { Operation, SequentialSpec } from './sequentialSpec.js';

export interface LinearizabilityOptions {
  /** Most search steps per partition before the verdict is `unknown` (default 100 000 000). */
  budget?: number;
  /**
   * Milliseconds for the whole check before the verdict is `unknown` (default: no limit). Wall-clock
   * time: leave it unset inside a simulated run, where a check must decide the same way every replay.
   * It is read between steps of the spec, so one `step` that never returns (a loop in the spec) holds
   * the check past it: the check runs in the caller's thread. `interleave check-history --spec` runs
   * a spec module on a worker thread it ends at the limit.
   */
  timeLimitMs?: number;
}

export type LinearizabilityVerdict = 'linearizable' | 'not-linearizable' | 'unknown';

export type LinearizabilityResult<I = unknown, O = unknown> =
  | { ok: true; verdict: 'linearizable'; partitions: number; steps: number }
  | {
      ok: false;
      /** `not-linearizable`: proved. `unknown`: the budget or the time limit ran out first. */
      verdict: 'not-linearizable' | 'unknown';
      /** Why the verdict is `unknown`. */
      reason?: 'budget' | 'time';
      partitions: number;
      steps: number;
      /** The partition shown: the smallest one with no linearization (or the one the search gave up on). */
      partition: string | number;
      operations: Operation<I, O>[];
      /** The longest prefix of a linearization, among those that got furthest, in order. */
      longestPrefix: Operation<I, O>[];
      /** The operation no order gets past the return of: where every order breaks (so far, for `unknown`). */
      breaking?: Operation<I, O>;
    };

type Failed<I, O> = Extract<LinearizabilityResult<I, O>, { ok: false }>;

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
  const budget = options.budget ?? 100_000_000;
  const deadline = options.timeLimitMs === undefined ? Infinity : performance.now() + options.timeLimitMs;
  let failed: Failed<I, O> | undefined;
  let unknown: Failed<I, O> | undefined;
  let steps = 0;
  // Smallest partitions first: the smallest conflicting one is the clearest explanation.
  const ordered = [...groups].sort((a, b) => a[1].length - b[1].length);
  for (const [k, ops] of ordered) {
    const r = searchLinearization(ops, spec, { budget, deadline });
    steps += r.steps;
    if (r.verdict === 'linearizable') continue;
    const shown: Failed<I, O> = {
      ok: false,
      verdict: r.verdict,
      ...(r.reason && { reason: r.reason }),
      partitions: groups.size,
      steps: 0,
      partition: k,
      operations: ops,
      longestPrefix: r.order.map((i) => ops[i]!),
      ...(r.breaking >= 0 && { breaking: ops[r.breaking]! }),
    };
    if (r.verdict === 'not-linearizable') {
      failed = shown;
      break;
    }
    unknown ??= shown;
    if (r.reason === 'time') break;
  }
  const result = failed ?? unknown;
  if (result) return { ...result, steps };
  return { ok: true, verdict: 'linearizable', partitions: groups.size, steps };
}

const show = (v: unknown) => stableJson(v).replaceAll('"<undefined>"', 'undefined');

/** One operation as a reviewer reads it: `[call, ret] actor op(input) → output`. */
export function showOperation(o: Operation<unknown, unknown>): string {
  const span = `[${o.call}, ${isPending(o) ? '…' : o.ret}]`;
  const out = isPending(o) ? ' → (never returned)' : ` → ${show(o.output)}`;
  return `${span} ${o.actor} ${o.op}(${show(o.input)})${out}`;
}

/** What {@link linearizable} throws: the message for a reader, the result for a report's picture. */
export class LinearizabilityViolation extends PropertyViolation {
  constructor(
    detail: string,
    readonly result: Failed<unknown, unknown>,
    readonly picture: LinearizabilityPicture,
  ) {
    super('linearizable', detail);
  }
}

/**
 * Throws {@link LinearizabilityViolation} when the history is not linearizable, naming the smallest
 * conflicting partition, its operations (in call order), the longest linearizable prefix the search
 * found and the operation where every order breaks. Throws a plain `Error` when the budget or time
 * limit ran out first: that is no verdict, and not a bug found.
 */
export function linearizable<S, I, O>(history: readonly Operation<I, O>[], spec: SequentialSpec<S, I, O>, options: LinearizabilityOptions = {}): void {
  const r = checkLinearizable(history, spec, options);
  if (r.ok) return;
  const ops = [...r.operations].sort((a, b) => a.call - b.call);
  if (r.verdict === 'unknown') {
    const spent = r.reason === 'time' ? `${options.timeLimitMs} ms` : `${options.budget ?? 100_000_000} search steps`;
    throw new Error(`linearizable: gave up after ${spent} on a partition of ${ops.length} operations — check a shorter history, split it with spec.partition, or raise options.${r.reason === 'time' ? 'timeLimitMs' : 'budget'}`);
  }
  const where = r.partitions > 1 ? `partition ${JSON.stringify(r.partition)} (${ops.length} of ${history.length} operations)` : `the history (${ops.length} operations)`;
  const prefix = r.longestPrefix.length ? r.longestPrefix.map((o) => `${o.actor} ${o.op}`).join(' → ') : '(none: no operation can go first)';
  const picture = linearizabilityPicture(r, history, spec.describe);
  const breaking = r.breaking ? `\n  every order breaks at: ${showOperation(r.breaking as Operation<unknown, unknown>)}` : '';
  throw new LinearizabilityViolation(
    `${where} has no linearization: no order that respects real time explains every output.\n` +
      `${pictureTable(picture)}\n` +
      `  longest linearizable prefix: ${prefix}${breaking}`,
    r as Failed<unknown, unknown>,
    picture,
  );
}
