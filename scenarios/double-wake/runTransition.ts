import { TransientError } from '../../models/queues/TransientError.js';
import { acquireFencedLease, type Fence, releaseFencedLease } from './fencedLease.js';
import type { TransitionContext } from './functionAwaitingApproval.js';
import type { Ports, TurnRecord } from './ports.js';
import { TURN_SCOPE } from './ports.js';
import { acquireSessionLease, LEASE_TTL_MS, releaseSessionLease } from './sessionLease.js';

/** `before`: no serialization; `after`: the PR's increment lease; `fenced`: CAS lease + fencing token. */
export type Serialize = 'none' | 'lease' | 'fenced';

export type TransitionOutcome = 'processed' | 'stale-skip' | 'fenced-out' | 'failed';

/** A fenced write found a newer holder's work: this wake's lease was taken over. */
class FencedOut extends Error {}

/**
 * A fenced write lost its compare-and-set. Fenced out only if the record now carries a newer token;
 * if an older holder, stalled past its TTL, wrote in between (legal: the store had not yet seen this
 * wake's token), the wake retries like a leased one, so its calls are not dropped.
 */
async function lostCas(ports: Ports, session_id: string, token: number): Promise<Error> {
  const now = (await ports.state.getVersioned(TURN_SCOPE, session_id)).value as TurnRecord | undefined;
  return (now?.fence ?? 0) > token ? new FencedOut() : new TransientError(`session ${session_id}: an older holder wrote first`);
}

type Handler = (rec: TurnRecord, ctx: TransitionContext) => Promise<TurnRecord>;

/**
 * `runTransition` (`turn-orchestrator/run-transition.ts`): load the turn record, stale-skip unless it
 * is in the expected state, run the handler on a snapshot, save. The PR gates it behind a per-session
 * lease (`serialize`); a wake that cannot get the lease throws `TransientError` and the queue retries
 * it. Any other error marks the session failed. Hold events (`lease.acquire` / `lease.release`) are
 * logged for the mutual-exclusion property.
 */
export async function runTransition(ports: Ports, session_id: string, expected: TurnRecord['state'], handler: Handler, serialize: Serialize, log: (kind: string, data: unknown) => void): Promise<TransitionOutcome> {
  const { state } = ports;
  const me = ports.self();
  let fence: Fence | null = null;
  if (serialize === 'lease') {
    if (!(await acquireSessionLease(state, ports.now, session_id))) throw new TransientError(`session ${session_id} is leased`);
    log('lease.acquire', { lease: session_id, holder: me, expiresAt: ports.now() + LEASE_TTL_MS });
  } else if (serialize === 'fenced') {
    fence = await acquireFencedLease(state, ports.now, session_id, me);
    if (fence === null) throw new TransientError(`session ${session_id} is leased`);
    log('lease.acquire', { lease: session_id, holder: me, expiresAt: fence.expiresAt, token: fence.token });
  }
  await ports.pause('after-acquire');
  try {
    const loaded = await state.getVersioned(TURN_SCOPE, session_id);
    const rec = loaded.value as TurnRecord | undefined;
    if (rec === undefined || rec.state !== expected) return 'stale-skip';
    if (fence !== null && (rec.fence ?? 0) > fence.token) return 'fenced-out';
    await ports.pause('after-load');
    const snapshot = structuredClone(rec);
    let version = loaded.version;
    const commit = async (next: TurnRecord): Promise<void> => {
      next.fence = fence!.token;
      const r = await state.compareAndSet(TURN_SCOPE, session_id, version, next);
      if (!r.ok) throw await lostCas(ports, session_id, fence!.token);
      version = r.version;
    };
    const ctx: TransitionContext =
      fence === null
        ? {
            state,
            execute: async (_rec, call) => {
              await ports.runFunction(session_id, call.id);
              await ports.emit(session_id, { type: 'function_execution_end', call_id: call.id });
            },
            finish: (r) => ports.emit(session_id, { type: 'turn_end', turn: r.turn }),
          }
        : {
            state,
            execute: async (r, call) => {
              await commit(r);
              ports.fencedEffects.run(session_id, call.id);
              ports.fencedEffects.emit(session_id, { type: 'function_execution_end', call_id: call.id });
            },
            finish: async (r) => {
              await commit(r);
              ports.fencedEffects.emit(session_id, { type: 'turn_end', turn: r.turn });
            },
          };
    let next: TurnRecord;
    try {
      next = await handler(snapshot, ctx);
    } catch (e) {
      if (e instanceof FencedOut) return 'fenced-out';
      if (e instanceof TransientError) throw e;
      await state.set(TURN_SCOPE, session_id, { ...rec, state: 'failed' });
      return 'failed';
    }
    await ports.pause('before-save');
    if (fence === null) await state.set(TURN_SCOPE, session_id, next);
    else {
      try {
        await commit(next);
      } catch (e) {
        if (e instanceof FencedOut) return 'fenced-out';
        throw e;
      }
    }
    return 'processed';
  } finally {
    await ports.pause('before-release');
    if (serialize === 'lease') {
      await releaseSessionLease(state, session_id);
      log('lease.release', { lease: session_id, holder: me });
    } else if (fence !== null) {
      if (await releaseFencedLease(state, session_id, fence)) log('lease.release', { lease: session_id, holder: me });
    }
  }
}
