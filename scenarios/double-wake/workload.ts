import fc from 'fast-check';
import type { FaultPoint } from './ports.js';
import { LEASE_TTL_MS } from './sessionLease.js';

/**
 * The workload, generated per run and shrunk with the schedule: how many calls wait for approval
 * (one approval, hence one wake, each), whether the session's previous transition is older than the
 * lease TTL, and at most one stall and one kill of the n-th wake at a named point of
 * `runTransition`. Everything shrinks toward "1 call, fresh session, no faults". (The queue's
 * visibility timeout is a scenario option, not drawn: see `doubleWake`.)
 */
export interface Workload {
  calls: number;
  oldPrevious: boolean;
  /** The `wake`-th delivery sleeps `ms` at `at` (a slow holder, a GC pause). */
  stall: { wake: number; at: FaultPoint; ms: number } | null;
  /** The `wake`-th delivery is SIGKILLed at `at` (a consumer crash while it holds the lease). */
  kill: { wake: number; at: FaultPoint } | null;
}

const faultPoint = fc.constantFrom<FaultPoint>('after-acquire', 'after-load', 'before-save', 'before-release');

// fast-check shrinks a record's fields in key order and does not revisit one it has passed, so the
// faults come before the sizes they may need (a kill or stall may force an extra call to fail).
export const workload: fc.Arbitrary<Workload> = fc.record({
  kill: fc.option(fc.record({ wake: fc.integer({ min: 1, max: 3 }), at: faultPoint }), { nil: null }),
  stall: fc.option(fc.record({ wake: fc.integer({ min: 1, max: 3 }), at: faultPoint, ms: fc.integer({ min: 1, max: 2 * LEASE_TTL_MS }) }), { nil: null }),
  calls: fc.integer({ min: 1, max: 3 }),
  oldPrevious: fc.boolean(),
});

/** The PR's own e2e test: two parallel approvals on a fresh session, no faults. */
export const prExample: Workload = { calls: 2, oldPrevious: false, stall: null, kill: null };

/** The review finding's configuration: two wakes, the previous transition older than the TTL. */
export const oldPrevious: Workload = { calls: 2, oldPrevious: true, stall: null, kill: null };

/** Two wakes, one stall longer than the TTL while the first wake holds the loaded snapshot. */
export const twoWakesOneStall: Workload = { calls: 2, oldPrevious: false, stall: { wake: 1, at: 'after-load', ms: LEASE_TTL_MS + 1_000 }, kill: null };
