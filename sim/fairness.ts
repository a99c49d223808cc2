/**
 * Fair scheduling (Coyote's fair schedules, Loom's yield): an actor that yielded (or slept 0) more
 * than {@link SPIN_BOUND} times while no other actor took a step that may change state (a step
 * other than a read, a spin or a failed compare-and-set: other pollers polling do not count) is not offered its next yield
 * before every other runnable actor has had a step, so a correct polling loop finishes under any
 * strategy and `step-limit` means a real livelock. The loop keeps the counts (`Actor.spins`,
 * `Actor.fairFrom`); this filters the runnable operations.
 */
import type { PendingOp } from './actor.js';

/** Spin steps an actor may take while no other actor changes anything, before it is held back. */
export const SPIN_BOUND = 32;

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
