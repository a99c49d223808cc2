import type { StatePort } from './ports.js';
import { LEASE_TTL_MS } from './sessionLease.js';

/**
 * The correct lease: one compare-and-set of `{ owner, token, expiresAt }` (acquire and steal are the
 * same CAS, so there is no window between "I won" and "my lease is visible"), a fencing token that
 * only grows, and release by the owner only. What the PR's follow-up asked the engine for
 * (`state::acquire_lock` with TTL + owner), plus Kleppmann's fencing token.
 */
export const FENCED_LEASE_SCOPE = 'turn_fenced_lease';

export interface LeaseRecord {
  owner: string | null;
  token: number;
  expiresAt: number;
}

export interface Fence {
  owner: string;
  token: number;
  expiresAt: number;
}

export async function acquireFencedLease(state: StatePort, now: () => number, session_id: string, owner: string): Promise<Fence | null> {
  const { value, version } = await state.getVersioned(FENCED_LEASE_SCOPE, session_id);
  const cur = value as LeaseRecord | undefined;
  const t = now();
  if (cur !== undefined && cur.owner !== null && cur.expiresAt > t) return null;
  const fence: Fence = { owner, token: (cur?.token ?? 0) + 1, expiresAt: t + LEASE_TTL_MS };
  const { ok } = await state.compareAndSet(FENCED_LEASE_SCOPE, session_id, version, { owner, token: fence.token, expiresAt: fence.expiresAt } satisfies LeaseRecord);
  return ok ? fence : null;
}

/** Releases only if `fence` still owns the lease; a stale holder's release is a no-op. */
export async function releaseFencedLease(state: StatePort, session_id: string, fence: Fence): Promise<boolean> {
  const { value, version } = await state.getVersioned(FENCED_LEASE_SCOPE, session_id);
  const cur = value as LeaseRecord | undefined;
  if (cur === undefined || cur.owner !== fence.owner || cur.token !== fence.token) return false;
  return (await state.compareAndSet(FENCED_LEASE_SCOPE, session_id, version, { owner: null, token: cur.token, expiresAt: 0 } satisfies LeaseRecord)).ok;
}
