import { CancelledError, UsageError } from '../../sim/errors.js';
import type { AsyncioFuture } from '../executors/AsyncioFuture.js';
import type { EventLoop } from '../executors/EventLoop.js';

/**
 * `asyncio.Lock`, on one {@link EventLoop} — CPython 3.11's `locks.Lock` as written. (For a
 * `threading.Lock` or a lock whose hand-off the scheduler chooses, use `Mutex`.)
 *
 * Reproduces: `acquire()` takes a free lock without suspending — unless tasks are queued for it, so
 * a newcomer never barges past a woken waiter; waiters queue FIFO on futures; `release()` is
 * synchronous and completes the first waiter's future (its wake-up queues; the lock stays free until
 * that waiter runs, and is then taken by it); a waiter cancelled after being woken passes the wake-up
 * on. asyncio locks have no owner: any task may release (a release of an unlocked lock is an error,
 * `RuntimeError` in CPython). Loop code only.
 */
export class AsyncioLock {
  private waiters: AsyncioFuture<boolean>[] | null = null;
  private held = false;

  constructor(
    readonly loop: EventLoop,
    readonly name: string,
  ) {
    loop.sim.leakProbe(() => (this.held ? `asyncio.Lock "${name}" still held` : undefined));
  }

  /** `locked()`: plain read. */
  get locked(): boolean {
    return this.held;
  }

  async acquire(): Promise<true> {
    this.loop.assertLoopThread(`Lock "${this.name}".acquire()`, 'await it from a task on the loop');
    if (!this.held && (this.waiters === null || this.waiters.every((w) => w.cancelled))) {
      this.held = true;
      return true;
    }
    const waiters = (this.waiters ??= []);
    const fut = this.loop.createFuture<boolean>(`${this.name}.acquire`);
    waiters.push(fut);
    try {
      try {
        await fut.wait();
      } finally {
        waiters.splice(waiters.indexOf(fut), 1);
      }
    } catch (e) {
      if (e instanceof CancelledError && !this.held) this.wakeUpFirst();
      throw e;
    }
    this.held = true;
    return true;
  }

  release(): void {
    this.loop.assertLoopThread(`Lock "${this.name}".release()`, 'release it from a task on the loop');
    if (!this.held) throw new UsageError(`asyncio.Lock "${this.name}".release(): the lock is not acquired`, 'CPython raises RuntimeError: Lock is not acquired; pair every release with an acquire');
    this.held = false;
    this.wakeUpFirst();
  }

  /** `async with lock:` */
  async withLock<T>(fn: () => Promise<T> | T): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private wakeUpFirst(): void {
    const fut = this.waiters?.[0];
    if (fut !== undefined && !fut.done) fut.setResult(true);
  }
}
