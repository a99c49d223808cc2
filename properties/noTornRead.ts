import type { SimEvent } from '../sim/trace.js';
import { stableJson } from '../sim/trace.js';
import { PropertyViolation } from './violation.js';

export interface NoTornReadOptions {
  /** Kind of the events that record what a reader observed (default `read`). */
  read?: string;
  /**
   * Kind of the events that record each state a writer made visible atomically (default `write`).
   * When such events exist, every observed snapshot must equal a state written at or before it.
   */
  write?: string;
  /** The snapshot an event carries (default `data`). */
  snapshot?: (e: SimEvent) => unknown;
  /** A predicate every observed snapshot must satisfy (e.g. `s => s.total === s.a + s.b`). */
  consistent?: (snapshot: never) => boolean;
  /** The initial state, as if written before the run (for reads before the first write). */
  initial?: unknown;
}

/**
 * No torn read: a reader never observes a combination of fields that no atomic state ever had.
 * Two forms, usable together: a `consistent` predicate over each observed snapshot (an invariant of
 * every atomic state), and/or the log of written states — each snapshot must be one of them
 * (compared as canonical JSON). Throws {@link PropertyViolation} with the offending read.
 */
export function noTornRead(events: readonly SimEvent[], options: NoTornReadOptions = {}): void {
  const readKind = options.read ?? 'read';
  const writeKind = options.write ?? 'write';
  const snap = options.snapshot ?? ((e: SimEvent) => e.data);
  const written = new Set<string>();
  if (options.initial !== undefined) written.add(stableJson(options.initial));
  const checkStates = options.initial !== undefined || events.some((e) => e.kind === writeKind);
  for (const e of events) {
    if (e.kind === writeKind) written.add(stableJson(snap(e)));
    if (e.kind !== readKind) continue;
    const s = snap(e);
    if (options.consistent && !options.consistent(s as never)) {
      throw new PropertyViolation('noTornRead', `${e.actor} observed ${stableJson(s)}, which breaks the consistency predicate every atomic state satisfies:`, [e]);
    }
    if (checkStates && !written.has(stableJson(s))) {
      const states = events.filter((w) => w.kind === writeKind && events.indexOf(w) < events.indexOf(e));
      throw new PropertyViolation('noTornRead', `${e.actor} observed ${stableJson(s)}, a state no writer ever made visible (states written so far below):`, [...states, e]);
    }
  }
}
