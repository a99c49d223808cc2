import { Cell } from '../../models/memory/Cell.js';
import { type KvHistoryEntry, KvStore } from '../../models/stores/KvStore.js';
import { historyFromEvents, recordOperation } from '../../properties/history.js';
import { kvSpec } from '../../properties/kvSpec.js';
import { linearizable, type Operation } from '../../properties/linearizable.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';

/**
 * A key-value map built from one `Cell` per key, as hand-rolled caches and in-process stores are.
 * `read-then-write`: `update` reads the value and writes back the new one in two steps — another
 * update can slip in between (two increments both report `{ old: 1, new: 2 }`). `atomic`: `update`
 * is `Cell.update`, one atomic read-modify-write.
 */
class CellKv {
  private readonly cells = new Map<string, Cell<number | undefined>>();

  constructor(
    private readonly sim: Sim,
    keys: readonly string[],
    private readonly atomic: boolean,
  ) {
    for (const k of keys) this.cells.set(k, new Cell<number | undefined>(sim, `kv.${k}`, undefined));
  }

  private cell(key: string): Cell<number | undefined> {
    const c = this.cells.get(key);
    if (!c) throw new Error(`CellKv: unknown key "${key}"`);
    return c;
  }

  get(key: string): Promise<number | undefined> {
    return this.cell(key).get();
  }

  set(key: string, value: number): Promise<void> {
    return this.cell(key).set(value);
  }

  async update(key: string, by: number): Promise<{ old: number | undefined; new: number }> {
    const c = this.cell(key);
    if (this.atomic) {
      let old: number | undefined;
      const next = (await c.update((v) => {
        old = v;
        return (v ?? 0) + by;
      })) as number;
      return { old, new: next };
    }
    const old = await c.get();
    const next = (old ?? 0) + by;
    await c.set(next);
    return { old, new: next };
  }
}

export type KvVariant = 'read-then-write' | 'atomic' | 'kvstore';

/** `KvStore`'s own call/return log as a history for the checker (its update ops are increments here). */
export function historyFromKvStore(entries: readonly KvHistoryEntry[]): Operation[] {
  return entries.map((e) => {
    const [key, arg] = e.args as [string, unknown];
    const input = e.op === 'set' ? { key, value: arg } : e.op === 'update' ? { key, by: (arg as { by?: number }[])[0]?.by ?? 1 } : { key };
    return { actor: e.actor, op: e.op, input, output: e.result, call: e.call, ret: e.ret < 0 ? undefined : e.ret };
  });
}

/**
 * Two actors increment the same key once each while a third sets another key and reads both: every
 * operation's call and return is logged, and `check` runs the linearizability checker against a
 * sequential key-value map. The `kvstore` variant runs the same workload on `models/stores/KvStore`
 * and checks its own history hook.
 */
export function kvUpdate(variant: KvVariant) {
  return defineScenario({
    name: `kv-update-${variant}`,
    setup(sim) {
      if (variant === 'kvstore') {
        const kv = new KvStore(sim, 'kv', { history: true });
        const bump = async () => {
          await kv.update('hits', [{ type: 'increment', by: 1 }]);
        };
        sim.spawn('A', bump);
        sim.spawn('B', bump);
        sim.spawn('R', async () => {
          await kv.set('name', 'x');
          await kv.get('hits');
          await kv.delete('name');
          await kv.get('hits');
        });
        return { history: () => historyFromKvStore(kv.history) };
      }
      const kv = new CellKv(sim, ['hits', 'name'], variant === 'atomic');
      const bump = async () => {
        await recordOperation(sim, 'update', { key: 'hits', by: 1 }, () => kv.update('hits', 1));
      };
      sim.spawn('A', bump);
      sim.spawn('B', bump);
      sim.spawn('R', async () => {
        await recordOperation(sim, 'set', { key: 'name', value: 7 }, () => kv.set('name', 7));
        await recordOperation(sim, 'get', { key: 'hits' }, () => kv.get('hits'));
        await recordOperation(sim, 'get', { key: 'name' }, () => kv.get('name'));
      });
      return { history: () => historyFromEvents(sim.events) };
    },
    check({ history }) {
      linearizable(history(), kvSpec());
    },
  });
}
