/**
 * Virtual time. `sim.now` starts at a fixed epoch and moves only when the scheduler moves it: when
 * nothing is runnable it jumps to the next deadline, and a stall (a chosen option) jumps there while
 * actors are still runnable. Nothing here reads the real clock.
 */

/** 2024-01-01T00:00:00.000Z — every run starts here, so traces never depend on the wall clock. */
export const EPOCH = Date.UTC(2024, 0, 1);

export class VirtualClock {
  now = EPOCH;
  private listeners: Array<(now: number) => void> = [];

  /** Move time forward to `t` (never backwards) and tell the listeners (installed globals). */
  advanceTo(t: number): void {
    if (t <= this.now) return;
    this.now = t;
    for (const l of this.listeners) l(t);
  }

  onAdvance(listener: (now: number) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}
