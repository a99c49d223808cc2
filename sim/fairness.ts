/**
 * Fair scheduling (Coyote's fair schedules, Loom's yield): an actor that yielded (or slept 0) more
 * than {@link SPIN_BOUND} times while no other actor took a step that may change state (a step
 * other than a read, a spin or a failed compare-and-set: other pollers polling do not count) is not offered its next yield
 * before every other runnable actor has had a step, so a correct polling loop finishes under any
 * strategy and `step-limit` means a real livelock. Likewise time stops passing for an actor the
 * clock has passed over {@link CLOCK_BOUND} times. The loop keeps the counts (`Actor.spins`,
 * `Actor.fairFrom`, `Actor.passedOver`); this filters the runnable operations.
 */
import type { PendingOp } from './actor.js';

/** Spin steps an actor may take while no other actor changes anything, before it is held back. */
export const SPIN_BOUND = 32;

/**
 * Clock advances a runnable actor may be passed over for before time stops passing until it has
 * had a step. Letting time pass while an actor can run stands for that actor's operation being slow
 * (a lease expiring under a slow write, a heartbeat ticking meanwhile); an operation slower than
 * this many timer firings is not one a real event loop leaves waiting, and without a bound a
 * strategy that keeps choosing the clock over it (POS's fixed priorities) fires periodic timers
 * until the step limit and reports a livelock the program does not have.
 */
export const CLOCK_BOUND = 100;

/** Whether an actor of `runnable[0..count)` has been passed over by the clock too often. */
export function holdBackClock(runnable: readonly PendingOp[], count: number): boolean {
  for (let i = 0; i < count; i++) if (runnable[i]!.actor.passedOver >= CLOCK_BOUND) return true;
  return false;
}

/** Drops held-back spinners' yields from `runnable[0..count)`; returns the new count. */
export function holdBackSpinners(runnable: PendingOp[], count: number): number {
  let j = 0;
  for (let i = 0; i < count; i++) {
    const op = runnable[i]!;
    const a = op.actor;
    let held = false;
    if (a.fairFrom >= 0 && op.spin === true) {
      for (let x = 0; x < count; x++) {
        const other = runnable[x]!.actor;
        if (other !== a && other.lastStep < a.fairFrom) {
          held = true;
          break;
        }
      }
    }
    if (!held) runnable[j++] = op;
  }
  // Everyone else had a turn, or nobody else can run: the spinners go on.
  return j === 0 ? count : j;
}
