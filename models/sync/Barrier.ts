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
}

/**
 * A cyclic barrier for a fixed number of parties — Python's `threading.Barrier(parties)`. (For
 * `asyncio.Barrier` on an `EventLoop`, use `AsyncioBarrier`, CPython's state machine as written.)
 *
 * Reproduces: `wait()` blocks until `parties` actors have called it, then releases them all and
 * returns each its arrival index (0 for the first, `parties − 1` for the one that tripped it, as
 * CPython); the barrier then starts a new cycle. `abort()` breaks it: current and future waiters get
 * `BrokenBarrierError` until `reset()`; `reset()` breaks the current cycle's waiters and starts a
 * fresh one. A timed wait that expires breaks the barrier (threading); a cancelled waiter breaks it
 * too by default, or only leaves with `{ onCancel: 'leave' }` (asyncio). The order in which
 * released parties run is the scheduler's. Deadlock reports name the barrier and who has arrived.
 *
 * Deliberately not: the `action` callable, and the "draining" phase in which CPython parks new
 * arrivals until the previous cycle has left (here they simply join the next cycle — same outcome).
 */
export class Barrier {
  private cycle: Cycle = { arrived: [], released: false, broken: null };
  private brokenBy: string | null = null;
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
    await this.sim.point(`${this.name}.wait`, { obj: this.obj });
    if (this.brokenBy !== null) throw new BrokenBarrierError(this.name, this.brokenBy);
    const c = this.cycle;
    const index = c.arrived.length;
    c.arrived.push(me);
    if (index + 1 === this.parties) {
      c.released = true;
      this.cycle = { arrived: [], released: false, broken: null };
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
    this.breakCycle(this.cycle, `aborted by ${this.sim.current?.name ?? 'setup'}`);
  }

  /** Returns the barrier to its initial state; current waiters get `BrokenBarrierError`. */
  async reset(): Promise<void> {
    await this.sim.point(`${this.name}.reset`, { obj: this.obj });
    if (this.cycle.arrived.length > 0) this.cycle.broken = `reset by ${this.sim.current?.name ?? 'setup'}`;
    this.cycle = { arrived: [], released: false, broken: null };
    this.brokenBy = null;
  }

  private breakCycle(c: Cycle, reason: string): void {
    c.broken ??= reason;
    this.brokenBy ??= reason;
    if (c === this.cycle) this.cycle = { arrived: [], released: false, broken: null };
  }
}
