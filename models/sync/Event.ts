import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';

/**
 * A one-bit broadcast flag shared by threads — Python's `threading.Event`, with every call a
 * scheduling point (each is a GIL-atomic operation another thread may precede). For asyncio code on
 * an `EventLoop`, use `AsyncioEvent`: there `set()` and `clear()` are synchronous, not scheduling
 * points, and waiters wake in FIFO order through the loop.
 *
 * Reproduces: `wait()` checks the flag at its own scheduling point (CPython takes the event's lock
 * first, so a `clear()` between an `isSet()` and the `wait()` makes the wait block); set, it returns
 * at once, otherwise it blocks until a `set()`; `set()` wakes *every* waiter, and a waiter woken by
 * a `set()` returns even if `clear()` ran before it was scheduled (CPython's `notify_all` releases
 * each waiter, so a set-then-clear pulse still wakes everyone who was waiting); `clear()` only
 * affects later waits; `isSet()` is a racy read.
 * The order in which woken waiters run is the scheduler's. A timed wait (`threading.Event.wait(t)`)
 * returns the flag after `timeoutMs` of virtual time. Deadlock reports name the event.
 *
 * Deliberately not: `threading.Event.wait()`'s spurious-free guarantee under signals (no signals to
 * threads), the Condition it is built on.
 */
export class Event {
  private flag = false;
  /** Bumped by every `set()`: a waiter that saw a later generation was woken, whatever the flag is now. */
  private generation = 0;
  private readonly obj: string;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
  ) {
    this.obj = `event:${name}`;
  }

  /** The flag, read outside the schedule (for invariants and checks). */
  get value(): boolean {
    return this.flag;
  }

  /** Waits until the event is set. Returns `true`, or the flag (`false`) when `timeoutMs` passed first. */
  async wait(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (this.sim.current === undefined) throw new UsageError(`Event "${this.name}".wait() called outside an actor`, 'call it from inside sim.spawn(...)');
    const t = options.timeoutMs;
    if (t !== undefined && (!Number.isFinite(t) || t < 0)) throw new UsageError(`Event "${this.name}".wait: timeoutMs must be a finite number ≥ 0, got ${t}`);
    // threading.Event.wait() checks the flag under the event's lock when it runs: its own step, which
    // another thread's clear() may precede. Not set: the same step enters the wait (atomic with the
    // check), and a set() after it wakes this waiter.
    await this.sim.point(`${this.name}.wait`, { obj: this.obj, read: true });
    if (this.flag) {
      this.sim.result(true);
      return true;
    }
    const gen = this.generation;
    await this.sim.point(`${this.name}.wait`, {
      obj: this.obj,
      read: true,
      enabled: () => this.generation > gen,
      ...(t !== undefined ? { deadline: this.sim.now + t } : {}),
      waitsFor: () => `Event "${this.name}" to be set (never set since this wait began; it has been set ${this.generation} time(s) in all)`,
    });
    const woke = this.generation > gen;
    this.sim.result(woke);
    return woke;
  }

  /** Sets the flag and wakes every waiter. */
  async set(): Promise<void> {
    await this.sim.point(`${this.name}.set`, { obj: this.obj });
    if (this.flag) return;
    this.flag = true;
    this.generation++;
  }

  /** Resets the flag; waiters already woken still return. */
  async clear(): Promise<void> {
    await this.sim.point(`${this.name}.clear`, { obj: this.obj });
    this.flag = false;
  }

  /** `is_set()`: a racy read of the flag, one scheduling point. */
  async isSet(): Promise<boolean> {
    await this.sim.point(`${this.name}.isSet`, { obj: this.obj, read: true });
    this.sim.result(this.flag);
    return this.flag;
  }
}
