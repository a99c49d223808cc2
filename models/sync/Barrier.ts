import type { Actor } from '../../sim/actor.js';
import { CancelledError, UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';

/** `threading.BrokenBarrierError` / `asyncio.BrokenBarrierError`. */
export class BrokenBarrierError extends Error {
  constructor(
    readonly barrier: string,
    reason: string,
  ) {
    super(`Barrier "${barrier}" is broken: ${reason}`);
    this.name = 'BrokenBarrierError';
  }
}

export interface BarrierOptions {
  /**
   * What a waiter that is cancelled (or times out) does. `'break'` (default): the barrier breaks
   * and every other waiter gets `BrokenBarrierError` — `threading.Barrier`'s rule for a wait that
   * times out, so the others never wait for a party that gave up. `'leave'`: it just frees its slot
   * — `asyncio.Barrier`'s behaviour on cancellation.
   */
  onCancel?: 'break' | 'leave';
}

interface Cycle {
  arrived: Actor[];
  released: boolean;
  broken: string | null;
  /** Released waiters that have not yet passed (CPython's draining: `_count` back to 0). */
  left: number;
}

const fresh = (): Cycle => ({ arrived: [], released: false, broken: null, left: 0 });

/**
 * A cyclic barrier for a fixed number of parties — Python's `threading.Barrier(parties)`. (For
 * `asyncio.Barrier` on an `EventLoop`, use `AsyncioBarrier`, CPython's state machine as written.)
 *
 * Reproduces: `wait()` blocks until `parties` actors have called it, then releases them all and
 * returns each its arrival index (0 for the first, `parties − 1` for the one that tripped it, as
 * CPython); the barrier then drains: until every released waiter has passed, new arrivals wait
 * (CPython's `_enter`), and an `abort()` meanwhile makes the released waiters that have not yet run
 * raise `BrokenBarrierError` (they re-check the state when they wake). `abort()` breaks it: current
 * and future waiters get `BrokenBarrierError` until `reset()`; `reset()` breaks the current cycle's
 * waiters and starts a fresh one (during draining it leaves the released waiters alone, as CPython).
 * A timed wait that expires breaks the barrier (threading); a cancelled waiter breaks it too by
 * default, or only leaves with `{ onCancel: 'leave' }` (asyncio). The order in which
 * released parties run is the scheduler's. Deadlock reports name the barrier and who has arrived.
 *
 * Deliberately not: the `action` callable.
 */
export class Barrier {
  private cycle: Cycle = fresh();
  private brokenBy: string | null = null;
  /** The last cycle released, while some of its waiters have not passed yet. */
  private draining: Cycle | null = null;
  private readonly obj: string;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    readonly parties: number,
    private readonly options: BarrierOptions = {},
  ) {
    if (!Number.isSafeInteger(parties) || parties < 1) throw new UsageError(`Barrier "${name}": parties must be an integer ≥ 1, got ${parties}`, 'Python raises ValueError for parties < 1');
    this.obj = `barrier:${name}`;
  }

  /** Whether the barrier is broken (read outside the schedule). */
  get broken(): boolean {
    return this.brokenBy !== null;
  }

  /** Parties waiting in the current cycle (`n_waiting`). */
  get waiting(): number {
    return this.cycle.arrived.length;
  }

  private describe(c: Cycle): string {
    return `Barrier "${this.name}" (${c.arrived.length} of ${this.parties} parties arrived: ${c.arrived.map((a) => a.name).join(', ') || 'none'})`;
  }

  /** Waits for all parties; returns this party's arrival index. */
  async wait(options: { timeoutMs?: number } = {}): Promise<number> {
    const me = this.sim.current;
    if (me === undefined) throw new UsageError(`Barrier "${this.name}".wait() called outside an actor`, 'call it from inside sim.spawn(...)');
    const t = options.timeoutMs;
    if (t !== undefined && (!Number.isFinite(t) || t < 0)) throw new UsageError(`Barrier "${this.name}".wait: timeoutMs must be a finite number ≥ 0, got ${t}`);
    await this.sim.point(`${this.name}.wait`, {
      obj: this.obj,
      enabled: () => this.draining === null || this.brokenBy !== null,
      waitsFor: () => `Barrier "${this.name}" to drain (${this.draining?.left ?? 0} released part(ies) not yet passed)`,
    });
    if (this.brokenBy !== null) throw new BrokenBarrierError(this.name, this.brokenBy);
    const c = this.cycle;
    const index = c.arrived.length;
    c.arrived.push(me);
    if (index + 1 === this.parties) {
      c.released = true;
      c.left = index;
      if (index > 0) this.draining = c;
      this.cycle = fresh();
      this.sim.result(index);
      return index;
    }
    try {
      await this.sim.point(`${this.name}.pass`, {
        obj: this.obj,
        enabled: () => c.released || c.broken !== null,
        ...(t !== undefined ? { deadline: this.sim.now + t } : {}),
        waitsFor: () => this.describe(c),
      });
    } catch (e) {
      if (e instanceof CancelledError && !c.released && c.broken === null) {
        if (this.options.onCancel === 'leave') c.arrived.splice(c.arrived.indexOf(me), 1);
        else this.breakCycle(c, `actor "${me.name}" was cancelled while waiting`);
      }
      throw e;
    } finally {
      if (c.released && --c.left === 0 && this.draining === c) this.draining = null;
    }
    if (c.broken !== null) throw new BrokenBarrierError(this.name, c.broken);
    if (!c.released) {
      this.breakCycle(c, `actor "${me.name}" timed out after ${t} ms`);
      throw new BrokenBarrierError(this.name, c.broken!);
    }
    this.sim.result(index);
    return index;
  }

  /** Breaks the barrier: waiters and later callers get `BrokenBarrierError` until `reset()`. */
  async abort(): Promise<void> {
    await this.sim.point(`${this.name}.abort`, { obj: this.obj });
    const reason = `aborted by ${this.sim.current?.name ?? 'setup'}`;
    // Released waiters that have not run yet see the broken state when they wake (CPython's _wait).
    if (this.draining !== null) this.draining.broken ??= reason;
    this.breakCycle(this.cycle, reason);
  }

  /** Returns the barrier to its initial state; current waiters get `BrokenBarrierError`. */
  async reset(): Promise<void> {
    await this.sim.point(`${this.name}.reset`, { obj: this.obj });
    if (this.cycle.arrived.length > 0) this.cycle.broken = `reset by ${this.sim.current?.name ?? 'setup'}`;
    this.cycle = fresh();
    this.brokenBy = null;
  }

  private breakCycle(c: Cycle, reason: string): void {
    c.broken ??= reason;
    this.brokenBy ??= reason;
    if (c === this.cycle) this.cycle = fresh();
  }
}
