import type { Json, KvStorePort } from '../models/stores/KvStorePort.js';
import { UsageError } from '../sim/errors.js';
import { defineScenario, type Scenario } from '../sim/scenario.js';
import type { Sim } from '../sim/sim.js';
import { stableJson } from '../sim/trace.js';
import { checkedPort, describeValue, type OperationContract } from './contract/checkedPort.js';
import { AdapterContractError, type Violations } from './contract/checkedTaskStore.js';
import { type KvStoreContractProperty, kvWorkload } from './contract/kvWorkload.js';
import { checkAdapterName, type ContractOptions, type ContractVerdict, runContract } from './contract/verdict.js';
import { DEFAULTS } from '../sim/defaults.js';

export type { KvStoreContractProperty };

/**
 * A fresh, empty store for one simulated run — called in every run's setup, so each schedule (and
 * each replay) starts from the same state. Real adapters reset their database here; the in-memory
 * model is `kvStorePortOf(new KvStore(sim, 'kv'))`. Return `store.on(simulatedConnection(sim, conn))`
 * to make every SQL statement a scheduling point (see `verifyKvStore`).
 */
export type KvStoreFactory = (sim: Sim) => KvStorePort | Promise<KvStorePort>;

export const KV_STORE_CONTRACT: readonly KvStoreContractProperty[] = ['linearizable', 'no-lost-increments'];

export type VerifyKvStoreOptions = ContractOptions<KvStoreContractProperty>;
export type KvStoreVerdict = ContractVerdict<KvStoreContractProperty>;

const isJsonish = (v: unknown) => v === undefined || v === null || ['string', 'number', 'boolean', 'object'].includes(typeof v);

function kvContracts(adapter: string): Record<keyof KvStorePort, OperationContract> {
  const obj = (args: readonly unknown[]) => `kv:${adapter}:${String(args[0])}`;
  return {
    get: { obj, wrong: (_, v) => (isJsonish(v) ? undefined : 'expected a JSON value or undefined') },
    set: { obj, wrong: (_, v) => (v === undefined ? undefined : 'expected nothing (undefined)') },
    delete: { obj, wrong: (_, v) => (typeof v === 'boolean' ? undefined : 'expected a boolean (whether the key existed)') },
    update: {
      obj,
      wrong: (_, v) => (typeof v === 'object' && v !== null && 'new' in v && isJsonish((v as { old?: unknown }).old) ? undefined : 'expected { old, new }'),
    },
    compareAndSet: { obj, wrong: (_, v) => (typeof v === 'boolean' ? undefined : 'expected a boolean (whether it wrote)') },
  };
}

interface Opened {
  port: KvStorePort;
  violation(): Error | undefined;
}

function opener(factory: KvStoreFactory, adapter: string, timeoutMs: number): (sim: Sim) => Promise<Opened> {
  return async (sim) => {
    const raw = await factory(sim);
    if (raw === null || typeof raw !== 'object') throw new UsageError(`verifyKvStore("${adapter}"): the factory returned ${describeValue(raw)}`, 'return a fresh, empty store (an object implementing KvStorePort) for every run');
    const violations: Violations = { first: undefined };
    return { port: checkedPort(sim, raw, adapter, kvContracts(adapter), timeoutMs, violations), violation: () => violations.first };
  };
}

/** The contract's scenarios for one adapter, by property (for `replay` and for custom explores). */
export function kvStoreContract(factory: KvStoreFactory, options: Pick<VerifyKvStoreOptions, 'name' | 'callTimeoutMs'> = {}): Record<KvStoreContractProperty, Scenario<unknown, unknown>> {
  const adapter = options.name ?? 'adapter';
  checkAdapterName('verifyKvStore', adapter);
  const open = opener(factory, adapter, options.callTimeoutMs ?? DEFAULTS.callTimeoutMs);
  const scenario = (p: KvStoreContractProperty) => kvWorkload(`kv-store-contract:${adapter}:${p}`, p, open) as Scenario<unknown, unknown>;
  return { linearizable: scenario('linearizable'), 'no-lost-increments': scenario('no-lost-increments') };
}

/** Every operation once from one actor, answers compared with the sequential meaning. */
function smokeScenario(factory: KvStoreFactory, adapter: string, timeoutMs: number): Scenario<unknown, unknown> {
  const open = opener(factory, adapter, timeoutMs);
  return defineScenario({
    name: `kv-store-contract:${adapter}:smoke`,
    async setup(sim) {
      const o = await open(sim);
      const s = o.port;
      const expect = async (call: string, got: Promise<unknown>, want: unknown) => {
        const v = await got;
        if (stableJson(v) !== stableJson(want)) throw new AdapterContractError(adapter, call, `adapter "${adapter}": ${call} returned ${describeValue(v)} — expected ${describeValue(want)}`);
      };
      sim.spawn('smoke', async () => {
        await expect('get("smoke-missing")', s.get('smoke-missing'), undefined);
        await s.set('smoke-doc', { x: [1, 'two'] } as Json);
        await expect('get("smoke-doc")', s.get('smoke-doc'), { x: [1, 'two'] });
        await expect('update("smoke-n", [{"type":"increment","by":2}])', s.update('smoke-n', [{ type: 'increment', by: 2 }]), { old: undefined, new: 2 });
        await expect('update("smoke-n", [{"type":"increment"},{"type":"set","value":7}])', s.update('smoke-n', [{ type: 'increment' }, { type: 'set', value: 7 }]), { old: 2, new: 7 });
        await expect('compareAndSet("smoke-n", 7, 8)', s.compareAndSet('smoke-n', 7, 8), true);
        await expect('compareAndSet("smoke-n", 7, 9)', s.compareAndSet('smoke-n', 7, 9), false);
        await expect('compareAndSet("smoke-new", undefined, 1)', s.compareAndSet('smoke-new', undefined, 1), true);
        await expect('delete("smoke-n")', s.delete('smoke-n'), true);
        await expect('delete("smoke-n")', s.delete('smoke-n'), false);
        await expect('get("smoke-n")', s.get('smoke-n'), undefined);
        await expect('compareAndSet("smoke-n", undefined, 3)', s.compareAndSet('smoke-n', undefined, 3), true);
      });
      return { violation: o.violation };
    },
    invariant(w) {
      const v = w.violation();
      if (v) throw v;
    },
  }) as Scenario<unknown, unknown>;
}

/**
 * The key-value store contract, run against one adapter under the simulation: three clients on two
 * keys (concurrent increments, a set, a compare-and-set, a delete, reads) check that the history is
 * **linearizable** against the sequential key-value specification and that there are **no lost
 * increments**. A smoke run first compares every operation's answer with its sequential meaning.
 *
 * Granularity: by default each adapter call is one scheduling point (`sim.external`) — the suite
 * then checks what the calls do in every order, trusting each call to be atomic. To check that an
 * `update` or `compareAndSet` made of several statements *is* atomic, make the statements the points:
 * return `store.on(simulatedConnection(sim, store.connection))` from the factory.
 *
 * @example
 * const db = new SqliteKvStore();
 * const verdict = await verifyKvStore(async (sim) => (await db.reset(), db.on(simulatedConnection(sim, db.connection))), { name: 'sqlite' });
 * if (!verdict.ok) throw new Error(verdict.report());
 */
export async function verifyKvStore(factory: KvStoreFactory, options: VerifyKvStoreOptions = {}): Promise<KvStoreVerdict> {
  if (typeof factory !== 'function') throw new UsageError('verifyKvStore needs a factory function (sim) => store', 'pass a function that returns a fresh, empty store for each run');
  const adapter = options.name ?? 'adapter';
  const timeoutMs = options.callTimeoutMs ?? DEFAULTS.callTimeoutMs;
  return runContract({
    title: 'key-value store contract',
    rebuild: 'kvStoreContract',
    adapter,
    smoke: smokeScenario(factory, adapter, timeoutMs),
    scenarios: kvStoreContract(factory, { name: adapter, callTimeoutMs: timeoutMs }),
    all: KV_STORE_CONTRACT,
    options,
  });
}
