import { stableJson } from '../../sim/trace.js';
import { SCHEDULES_ITSELF } from '../schedulesItself.js';
import type { KvStore } from './KvStore.js';
import { UsageError } from '../../sim/errors.js';
import { applyKvOps, type Json, type KvStorePort, KvTypeError } from './KvStorePort.js';

/**
 * The in-memory {@link KvStore} model behind the {@link KvStorePort}, so the contract suite (and an
 * application written against the port) runs on it. `get`/`set`/`delete`/`update` are the model's
 * own operations, one scheduling point each. The port's compare-and-set is on values while the
 * model's is on versions, so it is a read (`getVersioned`) and a versioned CAS, retried when another
 * write landed in between: a `false` takes effect at the read, a `true` at the CAS — linearizable,
 * as `WATCH`/`MULTI` or an etcd `Txn` on `mod_revision` is.
 */
export function kvStorePortOf(store: KvStore): KvStorePort {
  return {
    [SCHEDULES_ITSELF]: true,
    get: async (key) => (await store.get(key)) as Json | undefined,
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
    async update(key, ops) {
      applyKvOps(key, 0, ops); // refuse malformed ops before the scheduling point, as adapters do
      try {
        return (await store.update(key, ops)) as { old: Json | undefined; new: Json };
      } catch (e) {
        // The model refuses an increment of a non-number (after its point, nothing written); the
        // port names that KvTypeError in every implementation.
        if (e instanceof UsageError) throw new KvTypeError(key, e.message);
        throw e;
      }
    },
    async compareAndSet(key, expected, next) {
      for (;;) {
        const { value, version } = await store.getVersioned(key);
        if (stableJson(value) !== stableJson(expected)) return false;
        if ((await store.compareAndSet(key, version, next)).ok) return true;
      }
    },
  } as KvStorePort;
}
