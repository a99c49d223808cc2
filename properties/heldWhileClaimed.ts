import { PropertyViolation } from './violation.js';

/** One holder's belief about a resource, and what the system says about it right now. */
export interface Claim {
  holder: string;
  resource: string;
  /** Whether the holder really still holds it (read from the model through a plain getter). */
  held: boolean;
  /** How it was lost, when known ("its descriptor was closed by the garbage collector"). */
  lostBy?: string;
}

/**
 * "A lock outlives its holder's scope": every holder that believes it holds a resource (it
 * acquired and has not released it) really does. A lock that vanished under a live holder — a
 * dropped lock object the collector closed, a lease that expired, a connection that reset — means
 * it carries on unprotected. Call it from `invariant` with the current claims.
 */
export function heldWhileClaimed(claims: Iterable<Claim>): void {
  for (const c of claims) {
    if (c.held) continue;
    throw new PropertyViolation('heldWhileClaimed', `${c.holder} believes it holds ${JSON.stringify(c.resource)}, but it no longer does${c.lostBy ? ` (${c.lostBy})` : ''}`);
  }
}
