import type { Json, KvStorePort } from '../../models/stores/KvStorePort.js';
import { historyFromEvents, recordOperation } from '../../properties/history.js';
import { kvSpec } from '../../properties/kvSpec.js';
import { linearizable, type Operation } from '../../properties/linearizable.js';
import { PropertyViolation } from '../../properties/violation.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';

export type KvStoreContractProperty = 'linearizable' | 'no-lost-increments';

export interface KvWorld {
  sim: Sim;
  violation(): Error | undefined;
}

const inc = [{ type: 'increment' as const, by: 1 }];

/**
 * Three clients on two keys, then an auditor. `a` only ever gets increments (and reads): three
 * increments must leave it at 3 and return new values 1, 2, 3. `b` gets a set, a compare-and-set
 * from absent, an increment and a delete, whose outcomes depend on the order they land in. Every
 * call is recorded (`recordOperation`) so the history can be checked for linearizability against
 * the sequential key-value specification, key by key.
 */
export function kvWorkload(
  name: string,
  property: KvStoreContractProperty,
  open: (sim: Sim) => Promise<{ port: KvStorePort; violation(): Error | undefined }>,
): Scenario<KvWorld> {
  return defineScenario<KvWorld>({
    name,
    async setup(sim) {
      const { port, violation } = await open(sim);
      const op = <O>(
        o: string,
        input: { key: string } & Record<string, unknown>,
        fn: () => Promise<O>,
      ) => recordOperation(sim, o, input, fn);
      const update = (key: string) => op('update', { key, by: 1 }, () => port.update(key, inc));
      const A = sim.spawn('A', async () => {
        await update('a');
        await update('a');
      });
      const B = sim.spawn('B', async () => {
        await update('a');
        await op('cas', { key: 'b', expected: undefined, next: 1 }, () =>
          port.compareAndSet('b', undefined, 1),
        );
      });
      const C = sim.spawn('C', async () => {
        await op('set', { key: 'b', value: 5 }, () => port.set('b', 5));
        await update('b');
        await op('get', { key: 'a' }, () => port.get('a'));
        await op('delete', { key: 'b' }, () => port.delete('b'));
      });
      sim.spawn('audit', async () => {
        for (const w of [A, B, C]) await w.join();
        await op('get', { key: 'a' }, () => port.get('a'));
      });
      return { sim, violation };
    },
    // Checked after every step on the history so far (calls still running are pending: they may or
    // may not have taken effect), so a failure's repro ends at the step that broke the property.
    invariant(world) {
      const v = world.violation();
      if (v) throw v;
      judge(historyFromEvents(world.sim.events), false);
    },
    check(world) {
      judge(historyFromEvents(world.sim.events), true);
    },
  });

  function judge(history: Operation[], final: boolean): void {
    if (property === 'linearizable') {
      linearizable(history, kvSpec());
      return;
    }
    const incs = history.filter(
      (o) => o.op === 'update' && (o.input as { key: string }).key === 'a' && o.ret !== undefined,
    );
    const news = incs.map((o) => (o.output as { new: Json }).new);
    const audit = history.filter((o) => o.actor === 'audit' && o.ret !== undefined).at(-1)
      ?.output as Json | undefined;
    const dup = news.find((n, i) => news.indexOf(n) !== i);
    if (dup !== undefined || (final && audit !== incs.length)) {
      const who = incs.map((o) => `${o.actor} → ${JSON.stringify(o.output)}`).join(', ');
      throw new PropertyViolation(
        'no-lost-increments',
        (final
          ? `${incs.length} increments of "a" returned (${who}) but "a" reads ${JSON.stringify(audit)} afterwards`
          : `increments of "a" returned ${who}`) +
          (dup !== undefined
            ? ` — two increments both returned new = ${JSON.stringify(dup)}: one overwrote the other (a read-then-write update?)`
            : ''),
      );
    }
  }
}
