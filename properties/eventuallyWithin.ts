import type { SimEvent } from '../sim/trace.js';
import { eventuallyTerminal, type EventuallyTerminalOptions } from './eventuallyTerminal.js';
import { byDataId, groupBy, PropertyViolation } from './violation.js';

export interface EventuallyWithinOptions extends EventuallyTerminalOptions {
  /** Most virtual milliseconds from the entity's start to its first terminal event. */
  withinMs: number;
  /** Kinds that start the clock (default: the entity's first event of any kind). */
  start?: readonly string[];
}

/**
 * Every entity reaches a terminal state, and does so within `withinMs` of virtual time after it
 * started — a liveness bound ("a submitted run is picked up within 30 s"). Throws
 * {@link PropertyViolation} naming the entity, how long it took, and its events.
 */
export function eventuallyWithin(events: readonly SimEvent[], options: EventuallyWithinOptions): void {
  if (!Number.isFinite(options.withinMs) || options.withinMs < 0) throw new TypeError(`eventuallyWithin: withinMs must be a finite number ≥ 0, got ${options.withinMs}`);
  eventuallyTerminal(events, options);
  const terminal = new Set(options.terminal);
  const start = options.start ? new Set(options.start) : undefined;
  for (const [id, evs] of groupBy(events, options.key ?? byDataId)) {
    const from = start ? evs.find((e) => start.has(e.kind)) : evs[0];
    if (!from) continue;
    const to = evs.find((e) => terminal.has(e.kind) && e.time >= from.time)!;
    const took = to.time - from.time;
    if (took > options.withinMs) {
      throw new PropertyViolation('eventuallyWithin', `entity ${JSON.stringify(id)} took ${took} ms from "${from.kind}" to "${to.kind}" (limit ${options.withinMs} ms):`, [from, to]);
    }
  }
}
