import type { SimEvent } from '../sim/trace.js';
import { byDataId, groupBy, type KeyOf, kindSet, PropertyViolation } from './violation.js';

export interface LastEventIsOptions {
  /** The kind that must come last, exactly once per entity (e.g. `final`). */
  last: string;
  /** The kinds that count (default: every kind). Events of other kinds may follow `last`. */
  kinds?: readonly string[];
  /** The entity an event belongs to (default `data.id`); events without one are ignored. */
  key?: KeyOf;
  /** Entities that must have events at all (an entity with none fails: its `last` never came). */
  entities?: readonly (string | number)[];
}

/**
 * For each entity, among its events of the counted kinds, the last one is `last` and there is
 * exactly one `last` — "nothing is appended after `final`" (a consumer that waits for
 * `events[-1].kind == "final"` relies on it). Throws {@link PropertyViolation} naming the entity and
 * its offending events.
 */
export function lastEventIs(events: readonly SimEvent[], options: LastEventIsOptions): void {
  const counted = kindSet(options.kinds);
  const relevant = counted ? events.filter((e) => counted(e.kind) || e.kind === options.last) : events;
  const groups = groupBy(relevant, options.key ?? byDataId);
  for (const id of options.entities ?? []) {
    if (!groups.has(id)) throw new PropertyViolation('lastEventIs', `entity ${JSON.stringify(id)} has no events: its "${options.last}" never came`);
  }
  for (const [id, evs] of groups) {
    const lasts = evs.filter((e) => e.kind === options.last);
    if (lasts.length === 0) throw new PropertyViolation('lastEventIs', `entity ${JSON.stringify(id)} has no "${options.last}" event; its events:`, evs);
    if (lasts.length > 1) throw new PropertyViolation('lastEventIs', `entity ${JSON.stringify(id)} has ${lasts.length} "${options.last}" events (exactly one expected):`, lasts);
    const tail = evs[evs.length - 1]!;
    if (tail.kind !== options.last) {
      const after = evs.slice(evs.indexOf(lasts[0]!));
      throw new PropertyViolation('lastEventIs', `entity ${JSON.stringify(id)}: "${tail.kind}" came after "${options.last}":`, after);
    }
  }
}
