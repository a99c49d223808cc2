import type { SimEvent } from '../sim/trace.js';
import { PropertyViolation } from './violation.js';

export interface LeaseHold {
  /** The lease (a session id, a lock name); holds of different leases never conflict. */
  lease: string;
  holder: string;
  /** Virtual time the hold lapses by itself (the TTL the holder was promised). */
  expiresAt: number;
}

export interface LeaseExclusionOptions {
  /** Event kind that starts a hold (default `lease.acquire`); its data is a {@link LeaseHold}. */
  acquire?: string;
  /** Event kind that ends one (default `lease.release`); its data names `lease` and `holder`. */
  release?: string;
}

/**
 * Mutual exclusion for leases — locks that expire. A hold runs from its acquire to its release *or
 * its expiry*, whichever comes first, so a steal after the TTL is the lease working as designed (a
 * killed holder never releases; its hold just lapses). What it catches: a second holder that got
 * the lease while another's hold was still in force — two holders inside their promised intervals.
 * The events are what `models/sync/Lease` logs; a hand-written lease logs the same. Cheap enough for
 * `invariant` (checked after every step, so the report ends at the second acquire).
 */
export function leaseExclusion(events: readonly SimEvent[], options: LeaseExclusionOptions = {}): void {
  const acquire = options.acquire ?? 'lease.acquire';
  const release = options.release ?? 'lease.release';
  const held = new Map<string, { holder: string; expiresAt: number; step: number; event: SimEvent }[]>();
  for (const e of events) {
    if (e.kind !== acquire && e.kind !== release) continue;
    const d = e.data as LeaseHold;
    let list = held.get(d.lease);
    if (list === undefined) held.set(d.lease, (list = []));
    const inForce = list.filter((h) => h.expiresAt > e.time && h.holder !== d.holder);
    if (e.kind === release) {
      held.set(d.lease, list.filter((h) => h.holder !== d.holder));
      continue;
    }
    if (inForce.length > 0) {
      const other = inForce[0]!;
      throw new PropertyViolation('leaseExclusion', `two holders of lease "${d.lease}": ${d.holder} acquired it at step ${e.step} while ${other.holder} (since step ${other.step}) still held it for another ${other.expiresAt - e.time} ms`, [other.event, e]);
    }
    held.set(d.lease, [...inForce, { holder: d.holder, expiresAt: d.expiresAt, step: e.step, event: e }]);
  }
}
