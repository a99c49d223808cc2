import type { SimEvent } from '../sim/trace.js';
import { byDataId, type KeyOf, PropertyViolation } from './violation.js';

export interface NoTransitionAfterOptions {
  /** Kind of the events that record a status store (default `status`). */
  kind?: string;
  /** The status that must stick once stored (e.g. `CANCELLED`). */
  sticky: string;
  /** Statuses that may never be stored after it (default: any other status). */
  forbidden?: readonly string[];
  /** The status an event stores (default `data.status`). */
  status?: (e: SimEvent) => unknown;
  /** The entity an event belongs to (default `data.id`). */
  key?: KeyOf;
}

/**
 * A status that is final stays final: once an entity's status was stored as `sticky`, no later store
 * changes it to a `forbidden` one — "cancel is final" (recce's cancel_run vs a late
 * `update_run_result`). Throws {@link PropertyViolation} with the sticky store and the one that
 * overwrote it.
 */
export function noTransitionAfter(events: readonly SimEvent[], options: NoTransitionAfterOptions): void {
  const kind = options.kind ?? 'status';
  const status = options.status ?? ((e: SimEvent) => (e.data as { status?: unknown } | undefined)?.status);
  const key = options.key ?? byDataId;
  const forbidden = options.forbidden ? new Set(options.forbidden) : undefined;
  const stuck = new Map<string | number, SimEvent>();
  for (const e of events) {
    if (e.kind !== kind) continue;
    const k = key(e);
    if (k === undefined) continue;
    const s = status(e) as string;
    const first = stuck.get(k);
    if (first !== undefined && s !== options.sticky && (forbidden === undefined || forbidden.has(s))) {
      throw new PropertyViolation('noTransitionAfter', `${JSON.stringify(k)} was ${options.sticky}, then its status was overwritten with ${JSON.stringify(s)}:`, [first, e]);
    }
    if (s === options.sticky && first === undefined) stuck.set(k, e);
  }
}
