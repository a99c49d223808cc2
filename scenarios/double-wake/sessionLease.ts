import type { StatePort } from './ports.js';

/**
 * The PR's per-session lease (`state-runtime/session-lease.ts`), on the only atomic primitive the
 * state worker exposes: `state::update` increment. Ported as written — including what the review
 * found: the winner bumps the holder count *before* it publishes `lease_at`, so a contender that
 * bumps in between reads the previous transition's `lease_at`, judges it expired, resets and wins
 * too.
 */
export const LEASE_SCOPE = 'turn_lease';
export const LEASE_AT_SCOPE = 'turn_lease_at';
export const LEASE_TTL_MS = 30_000;

async function bumpHolders(state: StatePort, session_id: string): Promise<number> {
  const { old_value } = await state.update(LEASE_SCOPE, session_id, [{ type: 'increment', by: 1 }]);
  return typeof old_value === 'number' ? old_value : 0;
}

export async function acquireSessionLease(state: StatePort, now: () => number, session_id: string): Promise<boolean> {
  if ((await bumpHolders(state, session_id)) === 0) {
    await state.set(LEASE_AT_SCOPE, session_id, now());
    return true;
  }
  // Contended — recover a lease abandoned by a crashed holder.
  const acquiredAt = await state.get(LEASE_AT_SCOPE, session_id);
  if (typeof acquiredAt === 'number' && now() - acquiredAt > LEASE_TTL_MS) {
    await state.set(LEASE_SCOPE, session_id, 0);
    if ((await bumpHolders(state, session_id)) === 0) {
      await state.set(LEASE_AT_SCOPE, session_id, now());
      return true;
    }
  }
  return false;
}

export async function releaseSessionLease(state: StatePort, session_id: string): Promise<void> {
  await state.set(LEASE_SCOPE, session_id, 0);
}
