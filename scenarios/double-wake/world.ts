import { DurableQueue, type DurableQueueOptions } from '../../models/queues/DurableQueue.js';
import { KvStore } from '../../models/stores/KvStore.js';
import type { Sim } from '../../sim/sim.js';
import { onApproval, resolveApproval } from './approval.js';
import { FENCED_LEASE_SCOPE } from './fencedLease.js';
import { functionAwaitingApproval } from './functionAwaitingApproval.js';
import { APPROVAL_SCOPE, type FaultPoint, type Frame, type Ports, type StatePort, TURN_SCOPE, type TurnRecord, type TurnStep } from './ports.js';
import { runTransition, type Serialize } from './runTransition.js';
import { LEASE_AT_SCOPE, LEASE_SCOPE, LEASE_TTL_MS } from './sessionLease.js';
import type { Workload } from './workload.js';

export type Variant = 'before' | 'after' | 'fenced';

export const SESSION = 's-1';

const SERIALIZE: Record<Variant, Serialize> = { before: 'none', after: 'lease', fenced: 'fenced' };

/** The iii state worker's scoped keys, on one KvStore (`<scope>/<key>`). */
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

export interface World {
  kv: KvStore;
  queue: DurableQueue<TurnStep>;
  /** Message ids the `on_approval` triggers got back from the queue. */
  enqueued: string[];
  calls: string[];
}

/**
 * One session parked in `function_awaiting_approval` with `calls` pending calls; one approver per
 * call resolves it in parallel; `on_approval` triggers enqueue wakes on the durable `turn-step`
 * queue (2 consumers, up to 10 attempts with 1–8 s backoff, so retries outlast the 30 s lease TTL;
 * no visibility timeout unless the scenario sets one — the seed states none); each wake runs
 * `runTransition` for the variant.
 */
export const TURN_STEP_QUEUE: DurableQueueOptions = { concurrency: 2, visibilityTimeoutMs: null, maxAttempts: 10, backoffMs: (n) => Math.min(1000 * 2 ** (n - 1), 8000) };

export function buildWorld(sim: Sim, variant: Variant, w: Workload, queueOptions: DurableQueueOptions = TURN_STEP_QUEUE): World {
  const kv = new KvStore(sim, 'state');
  const queue = new DurableQueue<TurnStep>(sim, 'turn-step', queueOptions);
  const state = statePort(kv);
  const calls = Array.from({ length: w.calls }, (_, i) => `c-${i + 1}`);
  const enqueued: string[] = [];
  const log = (kind: string, data: unknown) => sim.log(kind, data);

  const rec: TurnRecord = { session_id: SESSION, turn: 1, state: 'function_awaiting_approval', calls: calls.map((id) => ({ id, status: 'awaiting_approval' })) };
  if (w.oldPrevious) {
    // The previous transition released its lease 45 s ago: the counter is 0, the timestamp stays.
    const at = sim.now - 45_000;
    kv.preload(`${LEASE_SCOPE}/${SESSION}`, 0);
    kv.preload(`${LEASE_AT_SCOPE}/${SESSION}`, at);
    kv.preload(`${FENCED_LEASE_SCOPE}/${SESSION}`, { owner: null, token: 7, expiresAt: at + LEASE_TTL_MS });
    if (variant === 'fenced') rec.fence = 7;
  }
  kv.preload(`${TURN_SCOPE}/${SESSION}`, rec);

  const ports = (wake: number): Ports => ({
    state,
    enqueue: async (step) => void enqueued.push(await queue.enqueue(step)),
    ...effectPorts(sim),
    pause: async (at: FaultPoint) => {
      if (w.stall !== null && w.stall.wake === wake && w.stall.at === at) await sim.sleep(w.stall.ms);
      if (w.kill !== null && w.kill.wake === wake && w.kill.at === at) {
        sim.log('killed', { wake: sim.current!.name, at });
        sim.current!.kill();
        await sim.yield('killed');
      }
    },
  });

  kv.onWrite(`${APPROVAL_SCOPE}/`, (write) => onApproval(ports(0), write.key.slice(APPROVAL_SCOPE.length + 1)));
  queue.consume(async (step, delivery) => {
    // The wake's number is its delivery's place in the queue's log, written by the receive that
    // spawned this handler: a count kept here (`++wakes`) would be state no model declares, and
    // the order of two handlers' starts would then decide which one stalls behind reduction's back.
    const wake = queue.deliveries.findIndex((d) => d.actor === sim.current!.name) + 1;
    const outcome = await runTransition(ports(wake), step.session_id, 'function_awaiting_approval', functionAwaitingApproval, SERIALIZE[variant], log);
    sim.log('wake', { id: delivery.id, attempt: delivery.attempt, outcome });
  });
  for (const call of calls) sim.spawn(`approve ${call}`, () => resolveApproval(ports(0), SESSION, call, 'approve'));
  return { kv, queue, enqueued, calls };
}

/**
 * The ports every world wires the same way: a function's effect and a stream frame are scheduling
 * points that log what happened, the fenced effects log alone (they run inside the lease's
 * transaction), the clock is virtual, and the wake is the running actor.
 */
export function effectPorts(sim: Sim): Pick<Ports, 'runFunction' | 'emit' | 'fencedEffects' | 'now' | 'self'> {
  return {
    runFunction: async (session_id, call_id) => {
      await sim.point('function.run', { obj: `function:${call_id}`, args: [call_id] });
      sim.log('effect', { session_id, call_id });
    },
    emit: async (session_id, frame: Frame) => {
      await sim.point('stream.emit', { obj: `stream:${session_id}`, args: [frame] });
      sim.log(frame.type, { session_id, ...frame });
    },
    fencedEffects: {
      run: (session_id, call_id) => sim.log('effect', { session_id, call_id }),
      emit: (session_id, frame) => sim.log(frame.type, { session_id, ...frame }),
    },
    now: () => sim.now,
    self: () => sim.current!.name,
  };
}
