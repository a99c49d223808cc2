import type { AsyncioFuture } from '../executors/AsyncioFuture.js';
import type { EventLoop } from '../executors/EventLoop.js';

/**
 * `asyncio.Event`, on one {@link EventLoop} — CPython 3.11's `locks.Event` as written. (For a
 * `threading.Event`, whose every call is a scheduling point of a thread, use `Event`.)
 *
 * Reproduces: `set()` and `clear()` are synchronous, not scheduling points: `set()` completes every
 * waiter's future at once, in the order they began waiting, so their wake-ups queue in that order;
 * a waiter woken by a `set()` returns `true` even if `clear()` ran before it resumed, and sees the
 * flag as it is then (`set(); clear()` wakes everyone, who then read `false`); `wait()` on a set
 * event returns without suspending. Loop code only (asyncio objects are not thread-safe; from a
 * thread use `loop.callSoonThreadsafe(() => ev.set())`).
 */
export class AsyncioEvent {
  private flag = false;
  private readonly waiters: AsyncioFuture<boolean>[] = [];

  constructor(
    readonly loop: EventLoop,
    readonly name: string,
  ) {}

  /** `is_set()`: plain read, no scheduling point. */
  isSet(): boolean {
    return this.flag;
  }

  set(): void {
    this.loop.assertLoopThread(`Event "${this.name}".set()`, 'from a thread: loop.callSoonThreadsafe(() => ev.set())');
    if (this.flag) return;
    this.flag = true;
    for (const fut of this.waiters) if (!fut.done) fut.setResult(true);
  }

  clear(): void {
    this.loop.assertLoopThread(`Event "${this.name}".clear()`, 'from a thread: loop.callSoonThreadsafe(() => ev.clear())');
    this.flag = false;
  }

  async wait(): Promise<true> {
    this.loop.assertLoopThread(`Event "${this.name}".wait()`, 'await it from a task on the loop');
    if (this.flag) return true;
    const fut = this.loop.createFuture<boolean>(`${this.name}.wait`);
    this.waiters.push(fut);
    try {
      await fut.wait();
      return true;
    } finally {
      this.waiters.splice(this.waiters.indexOf(fut), 1);
    }
  }
}
