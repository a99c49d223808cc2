import type { SequentialSpec } from './linearizable.js';

/**
 * The input of a register operation. `get`/`read`: none; `set`/`write`: `value`; `update`: add `by`
 * (default 1; an absent value counts as 0); `cas`: `expected` → `next` (compared with `Object.is`
 * on the values, like `Cell.compareAndSet`); `delete`: none.
 */
export interface RegisterInput {
  value?: unknown;
  by?: number;
  expected?: unknown;
  next?: unknown;
}

/**
 * One register's sequential semantics, shared by {@link registerSpec} and the key-value spec.
 * Outputs: get → the value (`undefined` when absent); set → `undefined`; delete → whether it
 * existed; update → `{ old, new }` (`KvStore.update`, Motia/iii `state::update`); cas → `boolean`.
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
    case 'cas': {
      const swapped = Object.is(value, input?.expected);
      return { ok: true, state: swapped ? input?.next : value, output: swapped };
    }
    default:
      throw new TypeError(`register spec: unknown operation "${op}" (use get/read, set/write, delete, update/increment, cas)`);
  }
}

/** A single linearizable register (an atomic variable, one key of a store), starting at `initial`. */
export function registerSpec(initial?: unknown): SequentialSpec<unknown, RegisterInput | undefined, unknown> {
  return {
    init: () => initial,
    step: (state, input, op) => applyRegisterOp(state, op, input),
  };
}
