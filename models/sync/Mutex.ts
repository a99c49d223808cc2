import type { Actor } from '../../sim/actor.js';
import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';

/**
 * A non-reentrant mutual-exclusion lock — `threading.Lock`, `std::sync::Mutex`, `pthread_mutex_t`.
 * (For `asyncio.Lock` on an `EventLoop`, use `AsyncioLock`: synchronous release, FIFO wake-ups
 * through the loop, no barging.)
 * Reproduces: one owner at a time; `lock` blocks while another actor holds it; when it is released,
 * which waiter gets it is a scheduler choice (threads: unspecified), or first-come-first-served with
 * `{ fair: true }` (asyncio.Lock's FIFO wake-up); unlocking a lock you do not hold is an error; a
 * cancelled waiter leaves the queue, and a cancel never interrupts a release; a killed owner never releases (the lock is lost, as with a
 * thread that dies holding it). Deadlock reports name the lock and its holder.
 *
 * Deliberately not: a release by another thread (`threading.Lock` has no owner and allows it; refused
 * here as a likely bug), reentrancy (`RLock`), timed `acquire(timeout=…)`, priority inheritance,
 * OS fairness beyond the two hand-off rules.
 */
export class Mutex {
  private holder: Actor | null = null;
  private readonly queue: Actor[] = [];
  private readonly obj: string;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    private readonly options: { fair?: boolean } = {},
  ) {
    this.obj = `mutex:${name}`;
    sim.leakProbe(() => (this.holder === null ? undefined : `Mutex "${name}" still held by ${this.describeHolder()}`));
  }

  /** The owning actor, read outside the schedule. */
  get owner(): Actor | null {
    return this.holder;
  }

  get locked(): boolean {
    return this.holder !== null;
  }

  /** For models built on the mutex: the current step reads whether it is held (for reduction). */
  readHeld(): boolean {
    this.sim.touch(this.obj, true);
    return this.holder !== null;
  }

  private describeHolder(): string {
    const h = this.holder;
    if (h === null) return 'nobody';
    if (h.state === 'killed') return `${h.name} (killed while holding it)`;
    // Typically `void m.withLock(fn)` or a lock() whose unlock is missing on some path.
    return h.done ? `${h.name} (it finished while holding it: an un-awaited withLock, or a lock without its unlock)` : h.name;
  }

  async lock(): Promise<void> {
    const me = this.sim.current;
    if (me === undefined) throw new UsageError(`Mutex "${this.name}".lock() called outside an actor`, 'lock from inside sim.spawn(...)');
    if (this.holder === me) throw new UsageError(`Mutex "${this.name}": actor "${me.name}" locked it twice`, 'the mutex is not reentrant; unlock it first');
    const fair = this.options.fair === true;
    // Joining the queue is part of the step that calls lock(): a tryLock sees it (queue.length).
    if (fair) {
      this.queue.push(me);
      this.sim.touch(this.obj);
    }
    try {
      await this.sim.point(`${this.name}.lock`, {
        obj: this.obj,
        enabled: () => this.holder === null && (!fair || this.queue[0] === me),
        waitsFor: () => `Mutex "${this.name}" held by ${this.describeHolder()}`,
      });
    } finally {
      if (fair) this.queue.splice(this.queue.indexOf(me), 1);
    }
    this.holder = me;
  }

  /** Takes the lock if it is free; never blocks. */
  async tryLock(): Promise<boolean> {
    await this.sim.point(`${this.name}.tryLock`, { obj: this.obj, unchanged: (taken) => taken === false });
    const free = this.holder === null && this.queue.length === 0;
    if (free) this.holder = this.sim.current ?? null;
    this.sim.result(free);
    return free;
  }

  async unlock(): Promise<void> {
    const me = this.sim.current;
    if (this.holder === null || this.holder !== me) {
      throw new UsageError(
        `Mutex "${this.name}": unlock by ${me ? `actor "${me.name}"` : 'code outside an actor'}, but it is held by ${this.describeHolder()}`,
        'only the owner may unlock; check the lock/unlock pairing (try/finally)',
      );
    }
    // Releasing never blocks and cannot be interrupted (asyncio's release() is synchronous; a
    // thread's unlock is atomic), so a pending cancel waits for the next point after it.
    await this.sim.point(`${this.name}.unlock`, { obj: this.obj, noCancel: true });
    this.holder = null;
  }

  /** Runs `fn` holding the lock, and releases it even when `fn` throws. */
  async withLock<T>(fn: () => Promise<T> | T): Promise<T> {
    await this.lock();
    try {
      return await fn();
    } finally {
      await this.unlock();
    }
  }
}
