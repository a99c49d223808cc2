/**
 * What a linearizability check is given: a history of operations, and the object's sequential
 * specification (Porcupine's `Model`, Knossos's model). The search (`linearizationSearch.ts`) reads
 * only this; the picture of a failure (`linearizabilityPicture.ts`) reads only the search's result.
 */

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
  /** Output equality (default: `===` on primitives, canonical JSON on objects). */
  equal?(expected: O, observed: O | undefined): boolean;
  /**
   * A canonical text of a state (default: the state itself when it is a primitive, canonical JSON
   * otherwise). Two states with the same key are one state to the search.
   */
  stateKey?(state: S): string;
  /**
   * A hash of a state, for states too large to serialise on every new state: states that are
   * {@link sameState} must hash alike. Used instead of `stateKey` when given.
   */
  hash?(state: S): number;
  /** State equality when {@link hash} is given (default: canonical JSON). */
  sameState?(a: S, b: S): boolean;
  /**
   * True for an operation that leaves every state as it is (a read). The search then linearizes it
   * as soon as it matches, trying nothing else there — the biggest saving on read-heavy histories.
   * Only say so when it holds in every state: a write that happens to rewrite the current value is
   * not read-only.
   */
  readOnly?(input: I, op: string): boolean;
  /** The operation names `step` understands; a history reader rejects any other (e.g. `check-history`). */
  operations?: readonly string[];
  /** One operation in a few words, for the picture of a failure (Porcupine's `DescribeOperation`). */
  describe?(op: Operation<I, O>): string;
}

/** An operation that never returned: it may have taken effect at any instant after its call, or never. */
export const isPending = (o: Operation<unknown, unknown>): boolean => o.ret === undefined || o.ret === Infinity;
