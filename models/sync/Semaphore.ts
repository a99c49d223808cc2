import type { Actor } from '../../sim/actor.js';
import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';

export interface SemaphoreOptions {
  /**
   * `BoundedSemaphore`: releasing past the initial value is an error (Python raises
   * `ValueError: Semaphore released too many times`) instead of silently adding a permit.
   */
  bounded?: boolean;
  /** Waiters get permits first-come-first-served (asyncio.Semaphore); default: scheduler's choice. */
  fair?: boolean;
}

/**
 * A counting semaphore — Python's `threading.Semaphore` / `BoundedSemaphore`, POSIX `sem_t`. (For
 * `asyncio.Semaphore` on an `EventLoop`, use `AsyncioSemaphore`.)
 *
 * Reproduces: `acquire` takes a permit, blocking while none is left; `release` returns one and may be
 * called by any actor (semaphores have no owner, in Python as in POSIX); `tryAcquire` is
 * `acquire(blocking=False)`; a timed acquire gives up after `timeoutMs` of virtual time
 * (`acquire(timeout=…)`). Which waiter gets a released permit is a scheduler choice (threads), or
 * FIFO with `{ fair: true }` (asyncio). The bounded flavour refuses over-release. A killed actor's
 * permits are never returned (leaked, as with a thread that dies holding them). For deadlock reports
 * the model remembers who took permits (first-taken is returned first when a non-taker releases).
 *
 * Deliberately not: asyncio's `locked()` subtleties with cancelled waiters holding a "reserved"
 * wake-up, `sem_getvalue` going negative on some platforms.
 */
export class Semaphore {
  private permits: number;
  private readonly holders: Actor[] = [];
  private readonly queue: Actor[] = [];
  private readonly obj: string;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    readonly initial = 1,
    private readonly options: SemaphoreOptions = {},
  ) {
    if (!Number.isSafeInteger(initial) || initial < 0) {
      throw new UsageError(`Semaphore "${name}": the initial value must be an integer ≥ 0, got ${initial}`, 'Python raises ValueError for a negative value too');
    }
    this.permits = initial;
    this.obj = `sem:${name}`;
    sim.leakProbe(() => (this.permits < this.initial ? `${this.describe()}: ${this.initial - this.permits} permit(s) never returned` : undefined));
  }

  /** Permits left, read outside the schedule. */
  get value(): number {
    return this.permits;
  }

  /** Actors that took a permit and have not released it (one entry per permit). */
  get heldBy(): readonly Actor[] {
    return this.holders;
  }

  private describe(): string {
    const held = this.holders.map((a) => (a.state === 'killed' ? `${a.name} (killed)` : a.name));
    return `Semaphore "${this.name}" (${this.permits} permit(s) left of ${this.initial}; held by ${held.length ? held.join(', ') : 'nobody'})`;
  }

  /** Takes a permit. With `timeoutMs`, returns `false` if none came in time. */
  async acquire(options: { timeoutMs?: number } = {}): Promise<boolean> {
    const me = this.sim.current;
    if (me === undefined) throw new UsageError(`Semaphore "${this.name}".acquire() called outside an actor`, 'call it from inside sim.spawn(...)');
    const t = options.timeoutMs;
    if (t !== undefined && (!Number.isFinite(t) || t < 0)) throw new UsageError(`Semaphore "${this.name}".acquire: timeoutMs must be a finite number ≥ 0, got ${t}`);
    const fair = this.options.fair === true;
    // Joining the queue is part of the step that calls acquire(): a tryAcquire sees it (queue.length).
    if (fair) {
      this.queue.push(me);
      this.sim.touch(this.obj);
    }
    const mine = () => this.permits > 0 && (!fair || this.queue[0] === me);
    let got: boolean;
    try {
      await this.sim.point(`${this.name}.acquire`, {
        obj: this.obj,
        enabled: mine,
        ...(t !== undefined ? { deadline: this.sim.now + t } : {}),
        waitsFor: () => this.describe(),
      });
      got = mine();
    } finally {
      if (fair) this.queue.splice(this.queue.indexOf(me), 1);
    }
    if (!got) {
      this.sim.result(false);
      return false;
    }
    this.permits--;
    this.holders.push(me);
    this.sim.result(true);
    return true;
  }

  /** Takes a permit if one is free right now; never blocks. */
  async tryAcquire(): Promise<boolean> {
    const me = this.sim.current;
    await this.sim.point(`${this.name}.tryAcquire`, { obj: this.obj, unchanged: (taken) => taken === false });
    const ok = this.permits > 0 && this.queue.length === 0;
    if (ok) {
      this.permits--;
      if (me) this.holders.push(me);
    }
    this.sim.result(ok);
    return ok;
  }

  /** Returns a permit; any actor may release. The bounded flavour refuses to exceed the initial value. */
  async release(): Promise<void> {
    const me = this.sim.current;
    if (me === undefined) throw new UsageError(`Semaphore "${this.name}".release() called outside an actor`, 'call it from inside sim.spawn(...)');
    await this.sim.point(`${this.name}.release`, { obj: this.obj });
    if (this.options.bounded && this.permits >= this.initial) {
      throw new UsageError(
        `BoundedSemaphore "${this.name}" released too many times by actor "${me.name}" (already at its initial value ${this.initial})`,
        'every release must pair with an acquire; check for a double release in a finally block',
      );
    }
    this.permits++;
    const i = this.holders.indexOf(me);
    if (i >= 0) this.holders.splice(i, 1);
    else if (this.holders.length > 0) this.holders.shift();
  }

  /** Runs `fn` holding a permit and releases it even when `fn` throws (`async with sem:`). */
  async withPermit<T>(fn: () => Promise<T> | T): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      await this.release();
    }
  }
}
