import { UsageError } from '../../sim/errors.js';
import type { AsyncioFuture } from '../executors/AsyncioFuture.js';
import { QueueEmpty, QueueFull } from '../executors/asyncioErrors.js';
import type { EventLoop } from '../executors/EventLoop.js';
import { AsyncioEvent } from '../sync/AsyncioEvent.js';

/** `asyncio.QueueShutDown` (Python 3.13). */
export class QueueShutDown extends Error {
  constructor(queue: string) {
    super(`queue "${queue}" is shut down`);
    this.name = 'QueueShutDown';
  }
}

/**
 * `asyncio.Queue(maxsize)`, on one {@link EventLoop} — CPython's `queues.Queue` as written. (For Go
 * channels, or a queue whose hand-offs the scheduler chooses, use `Channel`.)
 *
 * Reproduces: FIFO items; `putNowait` / `getNowait` are synchronous (no scheduling point) and wake
 * the first waiting getter / putter; `get()` on a non-empty queue takes an item without suspending,
 * even when a getter was woken for it a moment ago — that getter finds the queue empty and waits
 * again, at the back (asyncio queues let a newcomer barge); a cancelled getter that had been woken
 * passes the wake-up on; `taskDone()` / `join()`; `maxsize ≤ 0` is unbounded. 3.13's `shutdown()`
 * with the loop's `python: '3.13'`. Loop code only: from a thread, `loop.callSoonThreadsafe(() =>
 * q.putNowait(x))`.
 */
export class AsyncioQueue<T> {
  private readonly items: T[] = [];
  private readonly getters: AsyncioFuture<void>[] = [];
  private readonly putters: AsyncioFuture<void>[] = [];
  private unfinished = 0;
  private readonly finished: AsyncioEvent;
  private shutDown = false;

  constructor(
    readonly loop: EventLoop,
    readonly name: string,
    readonly maxsize = 0,
  ) {
    this.finished = new AsyncioEvent(loop, `${name}.finished`);
    this.finished.set();
  }

  /** Items waiting, oldest first (read outside the schedule). */
  get contents(): readonly T[] {
    return this.items;
  }

  qsize(): number {
    return this.items.length;
  }

  empty(): boolean {
    return this.items.length === 0;
  }

  full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }

  async put(item: T): Promise<void> {
    this.loop.assertLoopThread(`Queue "${this.name}".put()`, 'from a thread: loop.callSoonThreadsafe(() => q.putNowait(item))');
    while (this.full()) {
      if (this.shutDown) throw new QueueShutDown(this.name);
      const putter = this.loop.createFuture<void>(`${this.name}.put`);
      this.putters.push(putter);
      try {
        await putter.wait();
      } catch (e) {
        putter.cancel();
        remove(this.putters, putter);
        if (!this.full() && !putter.cancelled) this.wakeupNext(this.putters);
        throw e;
      }
    }
    this.putNowait(item);
  }

  putNowait(item: T): void {
    this.loop.assertLoopThread(`Queue "${this.name}".put_nowait()`, 'from a thread: loop.callSoonThreadsafe(() => q.putNowait(item))');
    if (this.shutDown) throw new QueueShutDown(this.name);
    if (this.full()) throw new QueueFull(this.name);
    this.items.push(item);
    this.unfinished++;
    this.finished.clear();
    this.wakeupNext(this.getters);
  }

  async get(): Promise<T> {
    this.loop.assertLoopThread(`Queue "${this.name}".get()`, 'await it from a task on the loop');
    while (this.empty()) {
      if (this.shutDown) throw new QueueShutDown(this.name);
      const getter = this.loop.createFuture<void>(`${this.name}.get`);
      this.getters.push(getter);
      try {
        await getter.wait();
      } catch (e) {
        getter.cancel();
        remove(this.getters, getter);
        if (!this.empty() && !getter.cancelled) this.wakeupNext(this.getters);
        throw e;
      }
    }
    return this.getNowait();
  }

  getNowait(): T {
    this.loop.assertLoopThread(`Queue "${this.name}".get_nowait()`, 'await get() from a task on the loop');
    if (this.empty()) {
      if (this.shutDown) throw new QueueShutDown(this.name);
      throw new QueueEmpty(this.name);
    }
    const item = this.items.shift()!;
    this.wakeupNext(this.putters);
    return item;
  }

  taskDone(): void {
    if (this.unfinished <= 0) throw new UsageError(`Queue "${this.name}".task_done() called too many times`, 'CPython raises ValueError; call it once per item taken');
    this.unfinished--;
    if (this.unfinished === 0) this.finished.set();
  }

  async join(): Promise<void> {
    if (this.unfinished > 0) await this.finished.wait();
  }

  /** `shutdown(immediate=False)` — Python 3.13 (the loop's `python: '3.13'`). */
  shutdown(immediate = false): void {
    if (!this.loop.since('3.13')) throw new UsageError(`Queue "${this.name}".shutdown() needs Python 3.13`, "construct the loop with { python: '3.13' }");
    this.shutDown = true;
    if (immediate) {
      while (!this.empty()) {
        this.items.shift();
        if (this.unfinished > 0) this.unfinished--;
      }
      if (this.unfinished === 0) this.finished.set();
    }
    for (const w of [...this.getters.splice(0), ...this.putters.splice(0)]) if (!w.done) w.setResult();
  }

  private wakeupNext(waiters: AsyncioFuture<void>[]): void {
    while (waiters.length > 0) {
      const w = waiters.shift()!;
      if (!w.done) {
        w.setResult();
        break;
      }
    }
  }
}

function remove<T>(xs: T[], x: T): void {
  const i = xs.indexOf(x);
  if (i >= 0) xs.splice(i, 1);
}
