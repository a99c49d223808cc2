import { canonicalJson } from './canonical.js';
import type { SequentialSpec } from './linearizable.js';
import { applyRegisterOp, describeRegisterOp, REGISTER_OPERATIONS, registerReadOnly, type RegisterInput } from './registerSpec.js';

/** The input of a key-value operation: the key plus the register input (see {@link applyRegisterOp}). */
export interface KvInput extends RegisterInput {
  key: string;
}

/**
 * The memo's key of a map: each key with its value, strings and numbers written directly — the
 * canonical JSON of a whole map on every new state was most of the search's time on long values.
 */
function mapKey(state: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(state);
  if (keys.length > 1) keys.sort();
  let out = '';
  for (const k of keys) {
    const v = state[k];
    const value = typeof v === 'string' ? `s${v.length}:${v}` : typeof v === 'number' ? `n${v}` : `j${canonicalJson(v)}`;
    out += `${k.length}:${k}=${value};`;
  }
  return out;
}

/**
 * A linearizable key-value map: get / set / delete / update (increment, returning `{ old, new }`)
 * / cas (on values) / append per key, keys independent — so the checker partitions the history by key
 * (P-compositionality) and searches each key's operations on their own.
 *
 * Version-based compare-and-set against a store-wide revision (etcd's `mod_revision`,
 * `KvStore.compareAndSet`) couples keys and is not expressible per key; log it as `cas` on values,
 * or check it with a specification of your own without `partition`.
 */
export function kvSpec(initial: Readonly<Record<string, unknown>> = {}): SequentialSpec<Readonly<Record<string, unknown>>, KvInput, unknown> {
  return {
    init: () => initial,
    step(state, input, op) {
      // Own keys only, in objects without a prototype: a key named `constructor` or `__proto__` is a key.
      const current = Object.hasOwn(state, input.key) ? state[input.key] : undefined;
      const r = applyRegisterOp(current, op, input);
      if (!r.ok || r.state === current) return { ok: r.ok, state, output: r.output };
      const next: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, state);
      if (r.state === undefined) delete next[input.key];
      else Object.defineProperty(next, input.key, { value: r.state, enumerable: true, writable: true, configurable: true });
      return { ok: true, state: next, output: r.output };
    },
    partition: (o) => o.input.key,
    stateKey: mapKey,
    readOnly: registerReadOnly,
    operations: REGISTER_OPERATIONS,
    describe: (o) => `${JSON.stringify(o.input.key)}: ${describeRegisterOp(o)}`,
  };
}
