import type { SimEvent } from '../sim/trace.js';
import { byDataId, groupBy, type KeyOf, PropertyViolation } from './violation.js';

export interface EventuallyTerminalOptions {
  /** Kinds that end an entity's life (e.g. `done`, `failed`, `cancelled`). */
  terminal: readonly string[];
  /** The entity an event belongs to (default `data.id`). */
  key?: KeyOf;
  /** Entities that must reach a terminal state even if they logged nothing. */
  entities?: readonly (string | number)[];
}

/**
 * Every entity that appears in the history (and every one listed in `entities`) reaches a terminal
 * state by the end of the run — no task stranded in `running`. Throws {@link PropertyViolation}
 * naming the first stranded entity and its events.
 */
export function eventuallyTerminal(events: readonly SimEvent[], options: EventuallyTerminalOptions): void {
  const terminal = new Set(options.terminal);
  const groups = groupBy(events, options.key ?? byDataId);
  for (const id of options.entities ?? []) {
    if (!groups.has(id)) throw new PropertyViolation('eventuallyTerminal', `entity ${JSON.stringify(id)} never reached ${[...terminal].join('/')}: it has no events at all`);
  }
  for (const [id, evs] of groups) {
    if (!evs.some((e) => terminal.has(e.kind))) {
      throw new PropertyViolation('eventuallyTerminal', `entity ${JSON.stringify(id)} never reached ${[...terminal].join('/')}; its events:`, evs);
    }
  }
}
