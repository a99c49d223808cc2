import { applyKvOps, type Json, type KvUpdateOp } from '../../models/stores/KvStorePort.js';
import { SqlKvStore } from '../sql/KvStore.js';

/**
 * DELIBERATELY BROKEN — the lost update every key-value adapter risks: `update` reads the value in
 * one statement and writes the result in another, with no transaction, lock or version check, so
 * two concurrent increments can both read 0 and both write 1. Kept to show that the contract suite
 * catches it (with the statements as scheduling points: `simulatedConnection`).
 */
export class ReadThenWriteKvStore extends SqlKvStore {
  override async update(key: string, ops: readonly KvUpdateOp[]): Promise<{ old: Json | undefined; new: Json }> {
    const old = await this.get(key);
    const next = applyKvOps(key, old, ops);
    await this.set(key, next);
    return { old, new: next };
  }
}
