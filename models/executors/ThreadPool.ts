import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { ConcurrentFuture } from './ConcurrentFuture.js';
import { loopThreadOf, markWorker } from './roles.js';

export interface ThreadPoolOptions {
  /**
   * Most calls running at once (`max_workers`). Default: unbounded — asyncio's default executor has
   * `min(32, cpu + 4)` threads, more than any small scenario uses, so a queued call never waits for
   * a thread.
   */
  maxWorkers?: number;
  /**
   * Start queued calls strictly in submission order. Default false: when a thread frees up, which
   * queued call starts next is a scheduler choice (CPython dequeues FIFO, but which of several woken
   * threads reaches the call first, and so which call's first step runs first, is up to the OS).
   */
  fifo?: boolean;
}

/**
 * A pool of worker threads — Python's `concurrent.futures.ThreadPoolExecutor`, the executor behind
 * `loop.run_in_executor` and `asyncio.to_thread`.
 *
 * Reproduces: `submit(fn)` returns a {@link ConcurrentFuture} at once and the call runs later on a
 * worker (a spawned actor, so its model operations interleave with the event loop's and with other
 * workers'); at most `maxWorkers` calls run at once, the rest wait queued; a call cancelled while
 * queued never runs (`_WorkItem.run` checks `set_running_or_notify_cancel`, which costs the worker
 * one step, as it costs the thread one dequeue); a running call cannot be cancelled and runs to
 * completion; its return value or exception lands in the future and never fails the run by itself;
 * workers are not daemons — the run waits for them, as `asyncio.run` waits in
 * `shutdown_default_executor` and the interpreter joins executor threads at exit.
 *
 * Started from an `EventLoop`'s code, the worker runs concurrently with the rest of that loop step
 * (its handles may be queued before the step's later ones — see `EventLoop`), as a thread started by
 * `Thread.start()` often runs before the loop thread gets the GIL back.
 *
 * Deliberately not: thread reuse and idle-thread bookkeeping (each call gets its own actor, named
 * after the call), `shutdown(wait=False)`, `initializer`, thread names. Thread-level atomicity is the
 * GIL's: plain code between two model operations is one atomic step.
 */
export class ThreadPool {
  private active = 0;
  private readonly queue: ConcurrentFuture[] = [];
  private readonly max: number;
  private readonly obj: string;
  private closed = false;

  constructor(
    private readonly sim: Sim,
    readonly name = 'pool',
    private readonly options: ThreadPoolOptions = {},
  ) {
    const max = options.maxWorkers ?? Infinity;
    if (max !== Infinity && (!Number.isInteger(max) || max < 1)) {
      throw new UsageError(`ThreadPool "${name}": maxWorkers must be an integer ≥ 1, got ${String(max)}`, 'leave it out for an unbounded pool');
    }
    this.max = max;
    this.obj = `pool:${name}`;
  }

  /** Calls running now, read outside the schedule. */
  get running(): number {
    return this.active;
  }

  /** Calls submitted and not yet started (cancelled ones included until a worker skips them). */
  get queued(): number {
    return this.queue.length;
  }

  /** `Executor.shutdown()`: later submits are an error; queued and running calls still complete. */
  shutdown(): void {
    this.closed = true;
  }

  /**
   * `executor.submit(fn)`: queues `fn` and returns its future at once (no scheduling point). `label`
   * names the worker actor and the future (default `<pool>.worker`).
   */
  submit<T>(fn: () => Promise<T> | T, label = `${this.name}.worker`): ConcurrentFuture<T> {
    if (typeof fn !== 'function') throw new UsageError(`ThreadPool "${this.name}".submit needs a function`);
    if (this.closed) throw new UsageError(`ThreadPool "${this.name}": submit after shutdown`, 'cannot schedule new futures after shutdown (CPython raises RuntimeError); submit before shutting down');
    const future = new ConcurrentFuture<T>(this.sim, this.sim.id(label));
    // A thread started from loop code runs concurrently with the rest of that loop step, not before it.
    loopThreadOf(this.sim.current)?.loop.settleQueue?.();
    this.queue.push(future as ConcurrentFuture);
    const bounded = this.max !== Infinity;
    const worker = this.sim.spawn(label, async () => {
      if (bounded) {
        await this.sim.point(`${this.name}.take`, {
          obj: this.obj,
          enabled: () => future.cancelled || (this.active < this.max && (this.options.fifo !== true || this.firstLive() === future)),
          waitsFor: () => `a free thread in ThreadPool "${this.name}" (${this.active}/${this.max} busy)`,
        });
      }
      this.queue.splice(this.queue.indexOf(future as ConcurrentFuture), 1);
      if (!future.setRunningOrNotifyCancel()) return;
      this.active++;
      try {
        future.setResult(await fn());
      } catch (e) {
        future.setException(e);
      } finally {
        this.active--;
        this.sim.touch(this.obj);
      }
    });
    markWorker(worker);
    return future;
  }

  private firstLive(): ConcurrentFuture | undefined {
    return this.queue.find((f) => !f.cancelled);
  }
}
