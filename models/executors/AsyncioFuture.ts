import { CancelledError } from '../../sim/errors.js';
import { InvalidStateError } from './asyncioErrors.js';
import type { AsyncioTask } from './AsyncioTask.js';
import type { EventLoop } from './EventLoop.js';

/** A done-callback: a plain function run as a loop callback (`key` is what was added), or a task's `__wakeup`. */
interface DoneCallback {
  key?: unknown;
  run?: () => void;
  task?: AsyncioTask<unknown>;
  label: string;
}

export type AsyncioFutureState = 'pending' | 'finished' | 'cancelled';

/**
 * `asyncio.Future`, bound to one {@link EventLoop} — CPython 3.11's `futures.Future` (the C
 * `_asyncio.Future` behaves the same).
 *
 * Reproduces: PENDING → FINISHED or CANCELLED; `set_result`, `set_exception` and `cancel(msg)` are
 * synchronous and schedule every done-callback with `call_soon`, in the order they were added (a
 * callback added to a done future is scheduled at once); `result()` raises the exception, or a
 * `CancelledError` carrying the cancel message; `await future` suspends the task only while the
 * future is pending (awaiting a done future runs straight on), and the task resumes when its
 * `__wakeup` comes up in the ready queue. Not thread-safe: calls from a worker thread are a
 * `UsageError`. Deliberately not: "exception was never retrieved" logging at garbage collection.
 */
export class AsyncioFuture<T = unknown> implements PromiseLike<T> {
  protected st: AsyncioFutureState = 'pending';
  private v: T | undefined;
  private err: unknown;
  private failed = false;
  /** The message of `cancel(msg)`, carried by the `CancelledError` this future raises. */
  cancelMessage: unknown;
  private readonly callbacks: DoneCallback[] = [];

  constructor(
    readonly loop: EventLoop,
    readonly name: string,
  ) {}

  get state(): AsyncioFutureState {
    return this.st;
  }

  get done(): boolean {
    return this.st !== 'pending';
  }

  get cancelled(): boolean {
    return this.st === 'cancelled';
  }

  /** The value, read outside the schedule (undefined unless finished successfully). */
  get value(): T | undefined {
    return this.v;
  }

  /** `result()`: the value; raises the exception, `CancelledError`, or `InvalidStateError` while pending. */
  result(): T {
    if (this.st === 'cancelled') throw this.cancelledError();
    if (this.st === 'pending') throw new InvalidStateError(`future "${this.name}": result is not ready`);
    if (this.failed) throw this.err;
    return this.v as T;
  }

  /** `exception()`: the exception, or undefined on success; raises like `result()` when cancelled or pending. */
  exception(): unknown {
    if (this.st === 'cancelled') throw this.cancelledError();
    if (this.st === 'pending') throw new InvalidStateError(`future "${this.name}": exception is not set`);
    return this.failed ? this.err : undefined;
  }

  /** `cancel(msg)`: false once done; otherwise cancels and schedules the callbacks. */
  cancel(msg?: unknown): boolean {
    return this.cancelFuture(msg);
  }

  setResult(value: T): void {
    this.resolveWith(value);
  }

  setException(error: unknown): void {
    this.rejectWith(error);
  }

  /** `add_done_callback(fn)`: `fn(future)` runs as a loop callback once done (scheduled at once if done). */
  addDoneCallback(fn: (f: AsyncioFuture<T>) => void, label = 'done callback'): void {
    this.loop.assertLoopThread(`future "${this.name}".add_done_callback`, 'asyncio futures belong to their loop');
    if (this.done) this.loop.callSoon(() => fn(this), label);
    else this.callbacks.push({ key: fn, run: () => fn(this), label });
  }

  /** `remove_done_callback(fn)`: how many were removed. */
  removeDoneCallback(fn: (f: AsyncioFuture<T>) => void): number {
    let removed = 0;
    for (let i = this.callbacks.length - 1; i >= 0; i--) {
      if (this.callbacks[i]!.key === fn) {
        this.callbacks.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** `await future` from a task of the loop. */
  async wait(): Promise<T> {
    if (!this.done) {
      const task = this.loop.runningTask(`await future "${this.name}"`);
      // Task.__step: add_done_callback(__wakeup) first, then a pending cancel cancels this future.
      this.callbacks.push({ task, label: `${task.name}.__wakeup` });
      task.awaitOn(this);
      await task.suspend(`await ${this.name}`, () => `future "${this.name}" (${this.st})`);
    }
    return this.result();
  }

  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2> {
    return this.wait().then(onfulfilled, onrejected);
  }

  /** Whether anyone will see the outcome: a callback or an awaiting task is registered. */
  protected get observed(): boolean {
    return this.callbacks.length > 0;
  }

  /** The `CancelledError` this future raises (`_make_cancelled_error`). */
  cancelledError(): CancelledError {
    return new CancelledError(this.cancelMessage);
  }

  /** `Future.cancel` itself (a task overrides `cancel` but settles through this). */
  protected cancelFuture(msg?: unknown): boolean {
    this.loop.assertLoopThread(`future "${this.name}".cancel()`, 'cancel it from the loop: loop.callSoonThreadsafe(() => future.cancel())');
    if (this.st !== 'pending') return false;
    this.st = 'cancelled';
    this.cancelMessage = msg;
    this.scheduleCallbacks();
    return true;
  }

  protected resolveWith(value: T): void {
    this.settle('set_result');
    this.v = value;
    this.scheduleCallbacks();
  }

  protected rejectWith(error: unknown): void {
    this.settle('set_exception');
    this.err = error;
    this.failed = true;
    this.scheduleCallbacks();
  }

  private settle(what: string): void {
    this.loop.assertLoopThread(`future "${this.name}".${what}()`, 'set it from the loop: loop.callSoonThreadsafe(() => ...)');
    if (this.st !== 'pending') throw new InvalidStateError(`future "${this.name}".${what}(): it is already ${this.st}`);
    this.st = 'finished';
  }

  private scheduleCallbacks(): void {
    for (const cb of this.callbacks.splice(0)) {
      if (cb.task !== undefined) this.loop.pushStep(cb.task, { future: this as unknown as AsyncioFuture<unknown> }, cb.label);
      else this.loop.callSoon(cb.run!, cb.label);
    }
  }
}
