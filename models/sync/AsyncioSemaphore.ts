import { CancelledError, UsageError } from '../../sim/errors.js';
import type { AsyncioFuture } from '../executors/AsyncioFuture.js';
import type { EventLoop } from '../executors/EventLoop.js';

/**
 * `asyncio.Semaphore(value)` / `asyncio.BoundedSemaphore` (`{ bounded: true }`), on one
 * {@link EventLoop} — CPython's `locks.Semaphore` as written. (Threads: `Semaphore`.)
 *
 * Reproduces: `acquire()` takes a permit without suspending only when no un-cancelled waiter is
 * queued (FIFO, no barging); `release()` is synchronous: it returns a permit and hands it to the
 * first waiter not yet woken (the permit is reserved for it until it runs); a woken waiter that is
 * cancelled gives its permit back. Up to 3.12 (3.11.7, 3.12.1) it wakes the next waiter at once and
 * a waiter that got its permit wakes one more if permits are left; 3.13 re-wakes as many waiters as
 * there are permits whenever an acquire ends (`_wake_up_next` in a loop). The bounded flavour refuses
 * a release past the initial value (`ValueError` in CPython). Loop code only.
 */
export class AsyncioSemaphore {
  private permits: number;
  private waiters: AsyncioFuture<boolean>[] | null = null;

  constructor(
    readonly loop: EventLoop,
    readonly name: string,
    readonly initial = 1,
    private readonly options: { bounded?: boolean } = {},
  ) {
    if (!Number.isSafeInteger(initial) || initial < 0) throw new UsageError(`asyncio.Semaphore "${name}": the initial value must be an integer ≥ 0, got ${initial}`, 'CPython raises ValueError too');
    this.permits = initial;
  }

  /** `_value`, read outside the schedule. */
  get value(): number {
    return this.permits;
  }

  /** `locked()`: no permit can be taken without waiting. */
  get locked(): boolean {
    return this.permits === 0 || (this.waiters ?? []).some((w) => !w.cancelled);
  }

  async acquire(): Promise<true> {
    this.loop.assertLoopThread(`Semaphore "${this.name}".acquire()`, 'await it from a task on the loop');
    if (!this.locked) {
      this.permits--;
      return true;
    }
    const waiters = (this.waiters ??= []);
    const fut = this.loop.createFuture<boolean>(`${this.name}.acquire`);
    waiters.push(fut);
    const v313 = this.loop.since('3.13');
    try {
      try {
        await fut.wait();
      } finally {
        waiters.splice(waiters.indexOf(fut), 1);
      }
    } catch (e) {
      if (e instanceof CancelledError) {
        if (v313 ? fut.done && !fut.cancelled : !fut.cancelled) {
          this.permits++;
          if (!v313) this.wakeUpNext();
        }
      }
      if (v313) this.wakeWhilePermits();
      throw e;
    }
    if (v313) this.wakeWhilePermits();
    else if (this.permits > 0) this.wakeUpNext();
    return true;
  }

  release(): void {
    this.loop.assertLoopThread(`Semaphore "${this.name}".release()`, 'release it from a task on the loop');
    if (this.options.bounded && this.permits >= this.initial) throw new UsageError(`asyncio.BoundedSemaphore "${this.name}" released too many times`, 'CPython raises ValueError; pair every release with an acquire');
    this.permits++;
    this.wakeUpNext();
  }

  /** `async with sem:` */
  async withPermit<T>(fn: () => Promise<T> | T): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private wakeWhilePermits(): void {
    while (this.permits > 0) if (!this.wakeUpNext()) break;
  }

  private wakeUpNext(): boolean {
    for (const fut of this.waiters ?? []) {
      if (!fut.done) {
        this.permits--;
        fut.setResult(true);
        return true;
      }
    }
    return false;
  }
}
