import { EPOCH } from '../sim/clock.js';
import { stableJson, type SimEvent } from '../sim/trace.js';

/**
 * What every history checker throws: the property's name, what broke, and the events that show it,
 * so a failing `check`/`invariant` reads as a diagnosis rather than a bare assertion.
 */
export class PropertyViolation extends Error {
  constructor(
    readonly property: string,
    detail: string,
    readonly events: readonly SimEvent[] = [],
  ) {
    super(`${property} violated: ${detail}${events.length ? `\n${events.map((e) => `  ${showEvent(e)}`).join('\n')}` : ''}`);
    this.name = 'PropertyViolation';
  }
}

/** One event as a reviewer reads it: step, virtual time since the run began, actor, kind, data. */
export function showEvent(e: SimEvent): string {
  const data = e.data === undefined ? '' : ` ${stableJson(e.data)}`;
  return `step ${e.step} t+${e.time - EPOCH}ms ${e.actor}: ${e.kind}${data}`;
}

/** The key of an event for per-entity properties: `data.id` unless the caller says otherwise. */
export type KeyOf = (e: SimEvent) => string | number | undefined;

export const byDataId: KeyOf = (e) => {
  const d = e.data as { id?: unknown } | undefined;
  return d !== null && typeof d === 'object' && (typeof d.id === 'string' || typeof d.id === 'number') ? d.id : undefined;
};

/** Groups events by key, keeping their order; events without a key are left out. */
export function groupBy(events: readonly SimEvent[], key: KeyOf): Map<string | number, SimEvent[]> {
  const groups = new Map<string | number, SimEvent[]>();
  for (const e of events) {
    const k = key(e);
    if (k === undefined) continue;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(e);
  }
  return groups;
}

export function kindSet(kinds: string | readonly string[] | undefined): ((kind: string) => boolean) | undefined {
  if (kinds === undefined) return undefined;
  const set = new Set(typeof kinds === 'string' ? [kinds] : kinds);
  return (k) => set.has(k);
}
