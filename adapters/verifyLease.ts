import type { LeasePort } from '../models/sync/LeasePort.js';
import { UsageError } from '../sim/errors.js';
import { defineScenario, type Scenario } from '../sim/scenario.js';
import type { Sim } from '../sim/sim.js';
import { stableJson } from '../sim/trace.js';
import { checkedPort, describeValue, type OperationContract } from './contract/checkedPort.js';
import { AdapterContractError, type Violations } from './contract/checkedTaskStore.js';
import { type LeaseContractProperty, leaseWorkload } from './contract/leaseWorkload.js';
import { checkAdapterName, type ContractOptions, type ContractVerdict, runContract } from './contract/verdict.js';
import { DEFAULTS } from '../sim/defaults.js';

export type { LeaseContractProperty };

/**
 * A fresh lease nobody holds, for one simulated run (reset the table here). The in-memory model is
 * `leasePortOf(sim, new Lease(sim, 'lease', { ttlMs }))` with the suite's `ttlMs`.
 */
export type LeaseFactory = (sim: Sim) => LeasePort | Promise<LeasePort>;

export const LEASE_CONTRACT: readonly LeaseContractProperty[] = ['mutual-exclusion', 'fencing'];

export interface VerifyLeaseOptions extends ContractOptions<LeaseContractProperty> {
  /** The TTL the contenders ask for, in virtual ms (default 100). */
  ttlMs?: number;
}

export type LeaseVerdict = ContractVerdict<LeaseContractProperty>;

const isToken = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;

function leaseContracts(adapter: string): Record<keyof LeasePort, OperationContract> {
  const obj = () => `lease:${adapter}`;
  const bool = (what: string) => (_: readonly unknown[], v: unknown) => (typeof v === 'boolean' ? undefined : `expected a boolean (${what})`);
  return {
    acquire: { obj, wrong: (_, v) => (v === null || isToken(v) ? undefined : 'expected a fencing token (an integer > 0) or null') },
    renew: { obj, wrong: bool('whether the grant was extended') },
    release: { obj, wrong: bool('whether the grant was freed') },
    holder: {
      obj,
      wrong: (_, v) => {
        if (v === null) return undefined;
        const h = v as { owner?: unknown; token?: unknown; expiresAt?: unknown };
        return typeof v === 'object' && typeof h.owner === 'string' && isToken(h.token) && Number.isFinite(h.expiresAt) ? undefined : 'expected { owner, token, expiresAt } or null';
      },
    },
  };
}

function opener(factory: LeaseFactory, adapter: string, timeoutMs: number) {
  return async (sim: Sim) => {
    const raw = await factory(sim);
    if (raw === null || typeof raw !== 'object') throw new UsageError(`verifyLease("${adapter}"): the factory returned ${describeValue(raw)}`, 'return a lease nobody holds (an object implementing LeasePort) for every run');
    const violations: Violations = { first: undefined };
    return { port: checkedPort(sim, raw, adapter, leaseContracts(adapter), timeoutMs, violations), violation: () => violations.first };
  };
}

/** The contract's scenarios for one adapter, by property (for `replay` and for custom explores). */
export function leaseContract(factory: LeaseFactory, options: Pick<VerifyLeaseOptions, 'name' | 'callTimeoutMs' | 'ttlMs'> = {}): Record<LeaseContractProperty, Scenario<unknown, unknown>> {
  const adapter = options.name ?? 'adapter';
  checkAdapterName('verifyLease', adapter);
  const ttlMs = options.ttlMs ?? 100;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new UsageError(`verifyLease: ttlMs must be a finite number > 0, got ${ttlMs}`);
  const open = opener(factory, adapter, options.callTimeoutMs ?? DEFAULTS.callTimeoutMs);
  const scenario = (p: LeaseContractProperty) => leaseWorkload(`lease-contract:${adapter}:${p}`, p, ttlMs, open) as Scenario<unknown, unknown>;
  return { 'mutual-exclusion': scenario('mutual-exclusion'), fencing: scenario('fencing') };
}

function smokeScenario(factory: LeaseFactory, adapter: string, timeoutMs: number, ttlMs: number): Scenario<unknown, unknown> {
  const open = opener(factory, adapter, timeoutMs);
  return defineScenario({
    name: `lease-contract:${adapter}:smoke`,
    async setup(sim) {
      const o = await open(sim);
      const s = o.port;
      const fail = (call: string, v: unknown, want: string) => new AdapterContractError(adapter, call, `adapter "${adapter}": ${call} returned ${describeValue(v)} — expected ${want}`);
      const expect = async (call: string, got: Promise<unknown>, want: unknown) => {
        const v = await got;
        if (stableJson(v) !== stableJson(want)) throw fail(call, v, describeValue(want));
      };
      const t0 = sim.now;
      sim.spawn('smoke', async () => {
        await expect(`holder(${t0})`, s.holder(sim.now), null);
        const first = await s.acquire('smoke', ttlMs, sim.now);
        if (first === null) throw fail(`acquire("smoke", ${ttlMs}, ${t0})`, first, 'a token: nobody holds the lease');
        await expect(`holder(${t0})`, s.holder(sim.now), { owner: 'smoke', token: first, expiresAt: t0 + ttlMs });
        await expect(`acquire("smoke", ${ttlMs}, ${t0}) while held`, s.acquire('smoke', ttlMs, sim.now), null);
        await expect(`renew("smoke", ${first}, ${ttlMs}, ${t0})`, s.renew('smoke', first, ttlMs, sim.now), true);
        await expect(`release("smoke", ${first})`, s.release('smoke', first), true);
        await expect(`release("smoke", ${first}) again`, s.release('smoke', first), false);
        await expect(`holder(${t0}) after release`, s.holder(sim.now), null);
        const second = await s.acquire('smoke', ttlMs, sim.now);
        if (second === null || second <= first) throw fail(`acquire("smoke", ${ttlMs}, ${t0}) after release`, second, `a token greater than ${first}`);
        await sim.sleep(ttlMs);
        await expect(`renew("smoke", ${second}, ${ttlMs}, ${t0 + ttlMs}) after expiry`, s.renew('smoke', second, ttlMs, sim.now), false);
        await expect(`holder(${t0 + ttlMs}) after expiry`, s.holder(sim.now), null);
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
 * The lease contract, run against one adapter under the simulation: three contenders, two rounds
 * each, holders that sometimes stall past the TTL on the virtual clock. Checked: **mutual
 * exclusion** over hold intervals (a hold ends at its release or its expiry) and **fencing** tokens
 * strictly increasing. A smoke run first checks every operation's answer in sequence.
 *
 * Time: a database adapter cannot see the virtual clock, so the port takes `now` and the suite
 * passes `sim.now` — a stall of 125 ms costs no real time, and every replay sees the same instants.
 * Granularity: as `verifyKvStore` — one point per call by default; return
 * `lease.on(simulatedConnection(sim, lease.connection))` to make every statement a point, which is
 * what exposes an acquire that checks and writes in two statements.
 */
export async function verifyLease(factory: LeaseFactory, options: VerifyLeaseOptions = {}): Promise<LeaseVerdict> {
  if (typeof factory !== 'function') throw new UsageError('verifyLease needs a factory function (sim) => lease', 'pass a function that returns a lease nobody holds, for each run');
  const adapter = options.name ?? 'adapter';
  const timeoutMs = options.callTimeoutMs ?? DEFAULTS.callTimeoutMs;
  return runContract({
    title: 'lease contract',
    rebuild: 'leaseContract',
    adapter,
    smoke: smokeScenario(factory, adapter, timeoutMs, options.ttlMs ?? 100),
    scenarios: leaseContract(factory, options),
    all: LEASE_CONTRACT,
    options,
  });
}
