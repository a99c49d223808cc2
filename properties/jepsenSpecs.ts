/**
 * Specifications for histories in Jepsen's shape (`jepsenHistory.ts`): an operation's input is
 * `{ key?, value }` with the invocation's value, its output the completion's value. The register is
 * Knossos's `cas-register` (read / write / cas with `value: [old, new]`), plus `append` (string
 * concatenation, Porcupine's key-value test model); the key-value map is one such register per key,
 * partitioned by key (P-compositionality).
 *
 * Only a read's completion says anything: a write's, an append's or a successful cas's completion
 * echoes its invocation (Jepsen writes the same value back), so it is not compared. A cas that failed
 * is `:fail` in Jepsen and left out by the reader, as Knossos does.
 */
import { isPending, type Operation, type SequentialSpec } from './sequentialSpec.js';
import { canonicalJson } from './canonical.js';
import { defaultEqual } from './stateTable.js';

/** The input of an operation read from a Jepsen history. */
export interface JepsenInput {
  key?: unknown;
  value?: unknown;
}

/** What a write-like operation outputs: nothing to compare with the completion's echo. */
const ECHO = Symbol('echo');

export const JEPSEN_OPERATIONS = ['read', 'get', 'write', 'put', 'cas', 'append'] as const;

/**
 * `null`, absent and `''` are one value to a read (Jepsen's `nil`): string stores (Porcupine's kv,
 * 6.824) return `''` for a missing key, so a read of `''` matches an empty register and a read of
 * `nil` matches a register holding `''`, and a cas from either matches both.
 */
const isNil = (v: unknown): boolean => v === undefined || v === null || v === '';

function readMatches(state: unknown, observed: unknown): boolean {
  if (isNil(state)) return isNil(observed);
  return defaultEqual(state, observed);
}

function applyJepsenOp(state: unknown, op: string, input: JepsenInput | undefined): { ok: boolean; state: unknown; output: unknown } {
  const value = input?.value;
  switch (op) {
    case 'read':
    case 'get':
      return { ok: true, state, output: state };
    case 'write':
    case 'put':
      return { ok: true, state: value ?? undefined, output: ECHO };
    case 'append':
      return { ok: true, state: state === undefined ? value : `${String(state)}${String(value)}`, output: ECHO };
    case 'cas': {
      if (!Array.isArray(value) || value.length !== 2) throw new TypeError(`cas needs value [old, new], got ${JSON.stringify(value)}`);
      const [from, to] = value as [unknown, unknown];
      const matches = isNil(state) ? isNil(from) : defaultEqual(state, from);
      return matches ? { ok: true, state: to ?? undefined, output: ECHO } : { ok: false, state, output: ECHO };
    }
    default:
      throw new TypeError(`unknown operation "${op}" (use ${JEPSEN_OPERATIONS.join(', ')})`);
  }
}

const equal = (expected: unknown, observed: unknown) => expected === ECHO || readMatches(expected, observed);
const readOnly = (_input: unknown, op: string) => op === 'read' || op === 'get';

const shown = (v: unknown) => (v === null || v === undefined ? 'nil' : JSON.stringify(v));

/** `read → 3`, `write 3`, `cas 1→2`, `append "x"`, with the key first for a map: Jepsen's own notation, near enough. */
function describe(o: Operation<JepsenInput, unknown>): string {
  const key = o.input && 'key' in o.input ? `${shown(o.input.key)}: ` : '';
  const pending = isPending(o as Operation<unknown, unknown>);
  const v = o.input?.value;
  if (o.op === 'read' || o.op === 'get') return `${key}${o.op} → ${pending ? '?' : shown(o.output)}`;
  const what = o.op === 'cas' && Array.isArray(v) ? `${shown(v[0])}→${shown(v[1])}` : shown(v);
  return `${key}${o.op} ${what}${pending ? ' (no reply)' : ''}`;
}

/** One register (Knossos `cas-register`), initially empty (`nil`), in Jepsen's operation shape. */
export function jepsenRegisterSpec(): SequentialSpec<unknown, JepsenInput, unknown> {
  return { init: () => undefined, step: (s, input, op) => applyJepsenOp(s, op, input), equal, readOnly, operations: JEPSEN_OPERATIONS, describe };
}

/** A map of independent registers, one per `key`, each as {@link jepsenRegisterSpec}. */
export function jepsenKvSpec(): SequentialSpec<unknown, JepsenInput, unknown> {
  return {
    // Partitioned by key, so every partition's state is the one key's value.
    init: () => undefined,
    step: (s, input, op) => applyJepsenOp(s, op, input),
    equal,
    readOnly,
    partition: (o: Operation<JepsenInput, unknown>) => canonicalJson(o.input?.key ?? null),
    operations: JEPSEN_OPERATIONS,
    describe,
  };
}
