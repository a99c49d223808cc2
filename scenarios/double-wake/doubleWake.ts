import { exactlyOnce } from '../../properties/exactlyOnce.js';
import { leaseExclusion } from '../../properties/leaseExclusion.js';
import { progress } from '../../properties/progress.js';
import type { DurableQueueOptions } from '../../models/queues/DurableQueue.js';
import type { SimEvent } from '../../sim/trace.js';
import { defineScenario } from '../../sim/scenario.js';
import { buildWorld, TURN_STEP_QUEUE, type Variant, type World } from './world.js';
import { type Workload, workload } from './workload.js';

/** Case D's three properties, in the case file's words. */
export type Property = 'exactly-once' | 'mutual-exclusion' | 'progress';

export const PROPERTIES: readonly Property[] = ['exactly-once', 'mutual-exclusion', 'progress'];

const callOf = (d: unknown) => (d as { call_id: string }).call_id;
const turnOf = (d: unknown) => `turn ${(d as { turn: number }).turn}`;

/** At most once, checked after every step so a duplicate is reported where it happens. */
function atMostOnce(events: readonly SimEvent[]): void {
  exactlyOnce(events, { kind: 'effect', key: callOf, what: 'side effect of call' });
  exactlyOnce(events, { kind: 'function_execution_end', key: callOf, what: 'function_execution_end of call' });
  exactlyOnce(events, { kind: 'turn_end', key: turnOf, what: 'turn_end of' });
}

/** And at least once by the end — unless a wake was dead-lettered, which `progress` makes visible. */
function atLeastOnce(world: World, events: readonly SimEvent[]): void {
  const excused = () => world.queue.deadLetters.length > 0;
  exactlyOnce(events, { kind: 'effect', key: callOf, expected: world.calls, excused, what: 'side effect of call' });
  exactlyOnce(events, { kind: 'turn_end', key: turnOf, expected: ['turn 1'], excused, what: 'turn_end of' });
}

/**
 * Case D, "double-wake": two approvals, two wakes, one parked turn. `variant` picks the historical
 * version of `runTransition`; `properties` the checks (all three by default; the registry runs one
 * per row so a `passes` row is not failed by another property). `visibilityTimeoutMs` is the
 * `turn-step` queue's (default `null`: none, a live queue that redelivers only what a crashed
 * consumer held — the seed states no timeout, so a repro must not depend on one); a number makes a
 * handler slower than it get a duplicate delivery, a bug path of its own.
 */
export function doubleWake(variant: Variant, properties: readonly Property[] = PROPERTIES, options: { queue?: DurableQueueOptions; name?: string; visibilityTimeoutMs?: number | null } = {}) {
  const on = new Set(properties);
  const visibility = options.visibilityTimeoutMs ?? null;
  const suffix = (properties.length === PROPERTIES.length ? '' : `-${properties.join('_')}`) + (visibility === null ? '' : `-visibility-${visibility / 1000}s`);
  const queue: DurableQueueOptions = { ...TURN_STEP_QUEUE, visibilityTimeoutMs: visibility, ...options.queue };
  return defineScenario<World, Workload>({
    name: options.name ?? `double-wake-${variant}${suffix}`,
    params: workload,
    setup: (sim, w) => buildWorld(sim, variant, w, queue),
    invariant(_world, sim) {
      if (on.has('exactly-once')) atMostOnce(sim.events);
      if (on.has('mutual-exclusion')) leaseExclusion(sim.events);
    },
    check(world, sim) {
      if (on.has('exactly-once')) atLeastOnce(world, sim.events);
      if (on.has('progress')) progress(world.queue, { enqueued: world.enqueued });
    },
  });
}
