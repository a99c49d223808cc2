import { CancelledError, UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { loopOf, loopThreadOf } from './roles.js';

export type FutureState = 'pending' | 'running' | 'finished' | 'cancelled';

/** Raised by {@link ConcurrentFuture.result} when its timeout passes first — `concurrent.futures.TimeoutError`. */
export class FutureTimeoutError extends Error {
  constructor(readonly future: string) {
    super(`future "${future}" did not complete in time`);
    this.name = 'TimeoutError';
  }
}

/**
 * A thread-safe future — Python's `concurrent.futures.Future`, the object `ThreadPoolExecutor.submit`
 * and `asyncio.run_coroutine_threadsafe` return.
 *
 * Reproduces: the PENDING → RUNNING → FINISHED states and CANCELLED; `cancel()` succeeds only while
 * the work has not started (a running call cannot be stopped) and is immediate (no scheduling point:
 * it is a short critical section under the future's condition lock); `result()` blocks the calling
 * actor (a thread) until the future is done — a scheduling point, with an optional timeout on the
 * virtual clock — and re-raises the work's exception, or `CancelledError` for a cancelled future;
 * done callbacks run synchronously in whichever actor completes the future, as CPython does.
 *
 * Deliberately not: `exception()` as a blocking call (the getter reads it once done),
 * `as_completed`/`wait` helpers, `set_running_or_notify_cancel` misuse errors beyond a `UsageError`
 * for double completion, the gap in `set_result` between the state change and the callbacks. concurrent.futures never logs an
 * exception nobody retrieved, so neither does this model.
 */
export class ConcurrentFuture<T = unknown> {
  private st: FutureState = 'pending';
  private v: T | undefined;
  private err: unknown;
  private failed = false;
  private readonly callbacks: Array<(f: ConcurrentFuture<T>) => void> = [];
  /** Object name for partial-order reduction: awaiting reads it, completion writes it. */
  readonly obj: string;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
  ) {
    this.obj = `future:${name}`;
  }

  get state(): FutureState {
    return this.st;
  }

  get done(): boolean {
    return this.st === 'finished' || this.st === 'cancelled';
  }

  get cancelled(): boolean {
    return this.st === 'cancelled';
  }

  /** The exception the work raised, once finished (undefined while pending or on success). */
  get exception(): unknown {
    return this.failed ? this.err : undefined;
  }

  /** True once finished with an exception (read outside the schedule). */
  get raised(): boolean {
    return this.failed;
  }

  /** The value, read outside the schedule (for checks); undefined until finished successfully. */
  get value(): T | undefined {
    return this.v;
  }

  /** `Future.cancel()`: true when the future is (now) cancelled; false once its work is running or done. */
  cancel(): boolean {
    this.settleLoop();
    this.sim.touch(this.obj, true);
    if (this.st === 'cancelled') return true;
    if (this.st !== 'pending') return false;
    this.st = 'cancelled';
    this.sim.touch(this.obj);
    this.fire();
    return true;
  }

  /** Blocks (a scheduling point) until done; returns the value or raises the work's exception. */
  async result(timeoutMs?: number): Promise<T> {
    if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs < 0)) {
      throw new UsageError(`future "${this.name}".result(${timeoutMs}): the timeout must be a finite number ≥ 0 (ms of virtual time)`, 'omit it to wait without a timeout');
    }
    const loop = loopOf(this.sim.current);
    if (loop !== undefined && !this.done) {
      throw new UsageError(
        `task "${this.sim.current!.name}" called future "${this.name}".result() on event loop "${loop}" while the future is pending`,
        'a blocking result() on the loop thread stalls every task (and deadlocks if the future needs the loop); await it with awaitFuture (asyncio.wrap_future) instead',
      );
    }
    await this.sim.point(`${this.name}.result`, {
      obj: this.obj,
      read: true,
      enabled: () => this.done,
      ...(timeoutMs !== undefined ? { deadline: this.sim.now + timeoutMs } : {}),
      waitsFor: () => `future "${this.name}" (${this.st})`,
    });
    if (!this.done) throw new FutureTimeoutError(this.name);
    return this.outcome();
  }

  /** The settled outcome, without a scheduling point: the value, or throws the error / `CancelledError`. */
  outcome(): T {
    if (this.st === 'cancelled') throw new CancelledError(`future "${this.name}" was cancelled`);
    if (this.st !== 'finished') throw new UsageError(`future "${this.name}" is ${this.st}, not done`, 'wait for it with result() (or await it through the executor) first');
    if (this.failed) throw this.err;
    this.sim.result(this.v);
    return this.v as T;
  }

  /** Runs `fn(this)` once the future is done — at once if it already is (CPython semantics). */
  addDoneCallback(fn: (f: ConcurrentFuture<T>) => void): void {
    if (this.done) fn(this);
    else this.callbacks.push(fn);
  }

  // ── for executors ────────────────────────────────────────────────────────────────────────────

  /** `set_running_or_notify_cancel()`: false when the future was cancelled while queued. */
  setRunningOrNotifyCancel(): boolean {
    this.settleLoop();
    if (this.st === 'cancelled') return false;
    if (this.st !== 'pending') throw new UsageError(`future "${this.name}" started twice`);
    this.st = 'running';
    this.sim.touch(this.obj);
    return true;
  }

  setResult(value: T): void {
    this.settle();
    this.v = value;
    this.fire();
  }

  setException(error: unknown): void {
    this.settle();
    this.err = error;
    this.failed = true;
    this.fire();
  }

  /** Loop code changing a thread's future: what the loop queued so far is queued before (see `EventLoop`). */
  private settleLoop(): void {
    loopThreadOf(this.sim.current)?.loop.settleQueue?.();
  }

  private settle(): void {
    this.settleLoop();
    if (this.done) throw new UsageError(`future "${this.name}" completed twice (it is already ${this.st})`);
    this.st = 'finished';
    this.sim.touch(this.obj);
  }

  private fire(): void {
    for (const fn of this.callbacks.splice(0)) fn(this);
  }
}
