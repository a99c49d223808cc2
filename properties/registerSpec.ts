import { stableJson } from '../sim/trace.js';
import { defaultEqual } from './stateTable.js';
import type { Operation, SequentialSpec } from './sequentialSpec.js';

/**
 * The input of a register operation. `get`/`read`: none; `set`/`write`: `value`; `update`: add `by`
 * (default 1; an absent value counts as 0); `cas`: `expected` → `next` (compared with `Object.is`
 * on the values, like `Cell.compareAndSet`); `append`: `value` added to the end of the string
 * (an absent value counts as `''`); `delete`: none.
 */
export interface RegisterInput {
  value?: unknown;
  by?: number;
  expected?: unknown;
  next?: unknown;
}

export const REGISTER_OPERATIONS = ['get', 'read', 'set', 'write', 'delete', 'update', 'increment', 'cas', 'append'] as const;

/** get/read change nothing, in any state. */
export const registerReadOnly = (_input: unknown, op: string): boolean => op === 'get' || op === 'read';

/**
 * One register's sequential semantics, shared by {@link registerSpec} and the key-value spec.
 * Outputs: get → the value (`undefined` when absent); set → `undefined`; delete → whether it
 * existed; update → `{ old, new }` (`KvStore.update`, Motia/iii `state::update`); cas → `boolean`;
 * append → `undefined`.
 */
export function applyRegisterOp(value: unknown, op: string, input: RegisterInput | undefined): { ok: boolean; state: unknown; output: unknown } {
  switch (op) {
    case 'get':
    case 'read':
      return { ok: true, state: value, output: value };
    case 'set':
    case 'write':
      return { ok: true, state: input?.value, output: undefined };
    case 'delete':
      return { ok: true, state: undefined, output: value !== undefined };
    case 'update':
    case 'increment': {
      if (value !== undefined && typeof value !== 'number') return { ok: false, state: value, output: undefined };
      const next = ((value as number | undefined) ?? 0) + (input?.by ?? 1);
      return { ok: true, state: next, output: { old: value, new: next } };
    }
    case 'append': {
      if (value !== undefined && typeof value !== 'string') return { ok: false, state: value, output: undefined };
      return { ok: true, state: `${value ?? ''}${String(input?.value)}`, output: undefined };
    }
    case 'cas': {
      const swapped = defaultEqual(value, input?.expected);
      return { ok: true, state: swapped ? input?.next : value, output: swapped };
    }
    default:
      throw new TypeError(`register spec: unknown operation "${op}" (use ${REGISTER_OPERATIONS.join(', ')})`);
  }
}

const shown = (v: unknown) => stableJson(v).replaceAll('"<undefined>"', 'undefined');

/** `read → 3`, `write 3`, `cas 1→2 → true`, `update +1 → {…}`: one register operation in a few words. */
export function describeRegisterOp(o: Operation<RegisterInput | undefined, unknown>): string {
  const i = o.input ?? {};
  const what = o.op === 'set' || o.op === 'write' || o.op === 'append' ? ` ${shown(i.value)}` : o.op === 'cas' ? ` ${shown(i.expected)}→${shown(i.next)}` : o.op === 'update' || o.op === 'increment' ? ` +${i.by ?? 1}` : '';
  const pending = o.ret === undefined || o.ret === Infinity;
  const quiet = o.op === 'set' || o.op === 'write' || o.op === 'append';
  return `${o.op}${what}${pending ? ' (no reply)' : quiet ? '' : ` → ${shown(o.output)}`}`;
}

/** A single linearizable register (an atomic variable, one key of a store), starting at `initial`. */
export function registerSpec(initial?: unknown): SequentialSpec<unknown, RegisterInput | undefined, unknown> {
  return {
    init: () => initial,
    step: (state, input, op) => applyRegisterOp(state, op, input),
    readOnly: registerReadOnly,
    operations: REGISTER_OPERATIONS,
    describe: describeRegisterOp,
  };
}
