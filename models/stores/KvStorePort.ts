/**
 * The key-value store port: what an application asks of a state service with one atomic
 * read-modify-write — Redis (`GET`/`SET`/`DEL`, `INCRBY`, a `WATCH`/`MULTI` compare-and-set), etcd
 * (a `Txn` comparing the value), Motia/iii's `state::get/set/update`, a `kv` table in SQLite or
 * Postgres. The in-memory model (`models/stores/KvStore.ts`, through `kvStorePortOf`), the SQLite
 * adapter (`adapters/sqlite/KvStore.ts`) and the Postgres adapter (`adapters/postgres/KvStore.ts`)
 * implement it, and the contract suite (`adapters/verifyKvStore.ts`) runs against any implementation.
 *
 * Values are JSON; an absent key reads as `undefined`.
 */
import type { Json } from './TaskStorePort.js';

export type { Json };

/** One step of an atomic update: add `by` (default 1; an absent value counts as 0), or replace the value. */
export type KvUpdateOp = { type: 'increment'; by?: number } | { type: 'set'; value: Json };

export interface KvStorePort {
  /** The value, or `undefined` when the key is absent. */
  get(key: string): Promise<Json | undefined>;
  set(key: string, value: Json): Promise<void>;
  /** Removes the key; returns whether it existed. */
  delete(key: string): Promise<boolean>;
  /**
   * Applies `ops` in order to the key's value as ONE atomic step (no write of another caller lands
   * between the read and the write) and returns the value before and after.
   */
  update(key: string, ops: readonly KvUpdateOp[]): Promise<{ old: Json | undefined; new: Json }>;
  /**
   * Writes `next` only if the value is still `expected` (`undefined` = the key must be absent),
   * compared as JSON; returns whether it wrote. Atomic, like `update`.
   */
  compareAndSet(key: string, expected: Json | undefined, next: Json): Promise<boolean>;
}

/** `update` on a value that an op cannot apply to (an increment of a non-number). */
export class KvTypeError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'KvTypeError';
  }
}

/** The update ops' sequential meaning, shared by every implementation (so they agree on edge cases). */
export function applyKvOps(key: string, value: Json | undefined, ops: readonly KvUpdateOp[]): Json {
  if (!Array.isArray(ops) || ops.length === 0) throw new KvTypeError(key, `update("${key}") needs a non-empty array of ops, e.g. [{ type: "increment", by: 1 }]`);
  let v = value;
  for (const op of ops) {
    if (op.type === 'increment') {
      if (v !== undefined && typeof v !== 'number') throw new KvTypeError(key, `update("${key}"): increment of a non-number (${JSON.stringify(v)})`);
      v = (v ?? 0) + (op.by ?? 1);
    } else if (op.type === 'set') {
      v = op.value;
    } else {
      throw new KvTypeError(key, `update("${key}"): unknown op ${JSON.stringify(op)} (use increment or set)`);
    }
  }
  return v as Json;
}
