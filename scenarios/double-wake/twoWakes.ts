import { TransientError } from '../../models/queues/TransientError.js';
import { KvStore } from '../../models/stores/KvStore.js';
import { leaseExclusion } from '../../properties/leaseExclusion.js';
import { exactlyOnce } from '../../properties/exactlyOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { functionAwaitingApproval } from './functionAwaitingApproval.js';
import { APPROVAL_SCOPE, type FaultPoint, type Ports, type StatePort, TURN_SCOPE, type TurnRecord } from './ports.js';
import { runTransition } from './runTransition.js';
import { LEASE_TTL_MS } from './sessionLease.js';
import { effectPorts, type Variant } from './world.js';

const SESSION = 's-1';

function statePort(kv: KvStore): StatePort {
  const k = (scope: string, key: string) => `${scope}/${key}`;
  return {
    get: (scope, key) => kv.get(k(scope, key)),
    set: (scope, key, value) => kv.set(k(scope, key), value),
    update: async (scope, key, ops) => {
      const r = await kv.update(k(scope, key), ops);
      return { old_value: r.old, new_value: r.new };
    },
    getVersioned: (scope, key) => kv.getVersioned(k(scope, key)),
    compareAndSet: (scope, key, version, value) => kv.compareAndSet(k(scope, key), version, value),
  };
}

/**
 * The lease protocol alone, small enough for `dfs` to exhaust: two calls already approved, two
 * wakes started directly (no triggers, no queue consumers), the first stalling longer than the TTL
 * at `stallAt`, the second retrying on `TransientError` after a fixed backoff (what the queue does,
 * without its timers and consumers). Same `runTransition`, same properties as the full scenario.
 */
export function twoWakesOneStall(variant: Variant, stallAt: FaultPoint = 'after-load') {
  const serialize = variant === 'before' ? 'none' : variant === 'after' ? 'lease' : 'fenced';
  return defineScenario({
    name: `double-wake-${variant}-two-wakes-one-stall`,
    setup(sim: Sim) {
      const kv = new KvStore(sim, 'state');
      const state = statePort(kv);
      const calls = ['c-1', 'c-2'];
      const rec: TurnRecord = { session_id: SESSION, turn: 1, state: 'function_awaiting_approval', calls: calls.map((id) => ({ id, status: 'awaiting_approval' })) };
      kv.preload(`${TURN_SCOPE}/${SESSION}`, rec);
      for (const c of calls) kv.preload(`${APPROVAL_SCOPE}/${SESSION}/${c}`, 'approve');
      const ports = (stall: boolean): Ports => ({
        state,
        enqueue: async () => {},
        ...effectPorts(sim),
        pause: async (at) => {
          if (stall && at === stallAt) await sim.sleep(LEASE_TTL_MS + 1_000);
        },
      });
      const outcomes: string[] = [];
      for (const [name, stall] of [['wake-1', true], ['wake-2', false]] as const) {
        sim.spawn(name, async () => {
          for (let attempt = 1; attempt <= 5; attempt++) {
            try {
              outcomes.push(await runTransition(ports(stall), SESSION, 'function_awaiting_approval', functionAwaitingApproval, serialize, (k, d) => sim.log(k, d)));
              return;
            } catch (e) {
              if (!(e instanceof TransientError)) throw e;
              await sim.sleep(20_000);
            }
          }
          outcomes.push('gave up');
        });
      }
      return { calls, outcomes };
    },
    invariant(_w, sim) {
      exactlyOnce(sim.events, { kind: 'effect', key: (d) => (d as { call_id: string }).call_id, what: 'side effect of call' });
      exactlyOnce(sim.events, { kind: 'turn_end', key: (d) => `turn ${(d as { turn: number }).turn}`, what: 'turn_end of' });
      leaseExclusion(sim.events);
    },
    check({ calls, outcomes }, sim) {
      if (outcomes.includes('gave up')) throw new Error(`a wake gave up: ${outcomes.join(', ')}`);
      exactlyOnce(sim.events, { kind: 'effect', key: (d) => (d as { call_id: string }).call_id, expected: calls, what: 'side effect of call' });
      exactlyOnce(sim.events, { kind: 'turn_end', key: (d) => `turn ${(d as { turn: number }).turn}`, expected: ['turn 1'], what: 'turn_end of' });
    },
  });
}
