import { CancelledError, UsageError } from '../../sim/errors.js';
import type { AsyncioFuture } from '../executors/AsyncioFuture.js';
import type { EventLoop } from '../executors/EventLoop.js';
import { AsyncioLock } from './AsyncioLock.js';

/**
 * `asyncio.Condition(lock)`, on one {@link EventLoop} — CPython's `locks.Condition` as written. (For
 * `threading.Condition` / `pthread_cond_t`, use `Condition`.)
 *
 * Reproduces: `wait()` must hold the lock; it releases it, queues a future, and re-acquires the lock
 * before returning — also when cancelled, then re-raises; `notify(n)` / `notifyAll()` complete the
 * oldest waiters' futures synchronously (FIFO wake-ups) and need the lock; a notify with nobody
 * waiting is lost; the woken waiter re-queues for the lock behind whoever queued first.
 * Version differences (the loop's `python` option): up to 3.12 a waiter that is notified and then
 * cancelled before it resumes swallows that notification (another waiter stays asleep); 3.13 hands
 * it on (`_notify(1)` when `wait()` raises) and re-raises the latest `CancelledError`.
 */
export class AsyncioCondition {
  readonly lock: AsyncioLock;
  private readonly waiters: AsyncioFuture<boolean>[] = [];

  constructor(
    readonly loop: EventLoop,
    readonly name: string,
    lock?: AsyncioLock,
  ) {
    this.lock = lock ?? new AsyncioLock(loop, `${name}.lock`);
  }

  get locked(): boolean {
    return this.lock.locked;
  }

  acquire(): Promise<true> {
    return this.lock.acquire();
  }

  release(): void {
    this.lock.release();
  }

  /** `async with cond:` */
  withLock<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.lock.withLock(fn);
  }

  async wait(): Promise<true> {
    if (!this.lock.locked) throw new UsageError(`asyncio.Condition "${this.name}".wait(): the lock is not acquired`, 'CPython raises RuntimeError: cannot wait on un-acquired lock; wait inside withLock');
    return this.loop.since('3.13') ? this.wait313() : this.wait311();
  }

  /** `wait_for(predicate)`: waits until `predicate()` is true, re-checking after each wake-up. */
  async waitFor<T>(predicate: () => T): Promise<T> {
    let result = predicate();
    while (!result) {
      await this.wait();
      result = predicate();
    }
    return result;
  }

  notify(n = 1): void {
    if (!this.lock.locked) throw new UsageError(`asyncio.Condition "${this.name}".notify(): the lock is not acquired`, 'CPython raises RuntimeError: cannot notify on un-acquired lock; notify inside withLock');
    this.wake(n);
  }

  notifyAll(): void {
    this.notify(this.waiters.length);
  }

  private wake(n: number): void {
    let idx = 0;
    for (const fut of this.waiters) {
      if (idx >= n) break;
      if (!fut.done) {
        idx++;
        fut.setResult(false);
      }
    }
  }

  /** 3.11 / 3.12: `try: await fut finally: re-acquire, raising a fresh CancelledError if that was cancelled`. */
  private async wait311(): Promise<true> {
    this.lock.release();
    const waited = await this.waitOnFuture(this.loop.createFuture<boolean>(`${this.name}.wait`));
    if ((await this.reacquire()) !== undefined) throw new CancelledError();
    if (waited !== undefined) throw waited.error;
    return true;
  }

  /** 3.13: the same, re-raising the latest CancelledError of the re-acquire, and passing a wake-up on when wait() raises. */
  private async wait313(): Promise<true> {
    const fut = this.loop.createFuture<boolean>(`${this.name}.wait`);
    this.lock.release();
    let raised: { error: unknown } | undefined;
    try {
      raised = await this.waitOnFuture(fut);
      const err = await this.reacquire();
      if (err !== undefined) raised = { error: err };
    } catch (e) {
      raised = { error: e };
    }
    if (raised === undefined) return true;
    this.wake(1);
    throw raised.error;
  }

  /** Queues `fut` as a waiter, awaits it and leaves the queue; what it raised, if anything. */
  private async waitOnFuture(fut: AsyncioFuture<boolean>): Promise<{ error: unknown } | undefined> {
    this.waiters.push(fut);
    try {
      await fut.wait();
      return undefined;
    } catch (e) {
      return { error: e };
    } finally {
      this.waiters.splice(this.waiters.indexOf(fut), 1);
    }
  }

  /** Re-acquires the lock however often that is cancelled; returns the last `CancelledError`, if any. */
  private async reacquire(): Promise<CancelledError | undefined> {
    let err: CancelledError | undefined;
    for (;;) {
      try {
        await this.lock.acquire();
        return err;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        err = e;
      }
    }
  }
}
