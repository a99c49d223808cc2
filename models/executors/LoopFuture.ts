import { CancelledError, UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import type { ConcurrentFuture } from './ConcurrentFuture.js';

/** The event the trace shows when a detached call's exception is dropped (see {@link LoopFuture}). */
export const DROPPED_EXCEPTION = 'executor.exception-dropped';

/**
 * An approximation of `asyncio.wrap_future(future)` for code that models its asyncio tasks as plain
 * actors, without an `EventLoop` (what `runInExecutor` / `toThread` return there). With an
 * `EventLoop`, `wrapFuture` reproduces CPython's order of callbacks instead; prefer it. Awaitable
 * (`await f`), and cancellable on its own with `cancel()`, as services do when they keep
 * `running_tasks[id] = future` and cancel it from elsewhere.
 *
 * Reproduces: the await is one scheduling point, runnable once the future is done — a thread
 * finishing only makes the awaiter runnable (CPython hands the result over with
 * `call_soon_threadsafe`; other tasks may run first). `cancel()` succeeds while the wrapper is not
 * done, makes every awaiter raise `CancelledError`, and cancels the thread's call only if no thread
 * has taken it yet (`_chain_future`'s `_call_check_cancel`); a running call goes on, detached, and
 * its writes land. Cancelling the awaiting *task* does the same (`Task.cancel` cancels the future it
 * waits on) and raises `CancelledError` in it even if the call completed meanwhile (`_must_cancel`).
 * A detached call that then raises: CPython drops the exception silently — the wrapper is already
 * cancelled, so `_copy_future_state` is skipped, and `concurrent.futures` never logs an unretrieved
 * exception (checked against CPython 3.11: no "exception was never retrieved"; had the state been
 * copied already, the asyncio future would log "Future exception was never retrieved" at garbage
 * collection — a log line, not an error). The model does not fail the run either way, and records an
 * `executor.exception-dropped` event so the trace shows it.
 *
 * Not reproduced: the FIFO ready queue (the awaiter may resume in any order with other actors — a
 * superset of CPython's schedules); the wrapper's state is copied in the worker's own step, where
 * CPython copies it one loop step later, so a `cancel()` that lands after the call returned but
 * before that copy — which in CPython still cancels the awaiter — here finds the wrapper done and
 * returns false.
 */
export class LoopFuture<T> implements PromiseLike<T> {
  private cancelledHere = false;

  constructor(
    private readonly sim: Sim,
    readonly inner: ConcurrentFuture<T>,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  get done(): boolean {
    return this.cancelledHere || this.inner.done;
  }

  get cancelled(): boolean {
    return this.cancelledHere || this.inner.cancelled;
  }

  /** `Future.cancel()`: false once done. Immediate (the caller's step), like asyncio's. */
  cancel(): boolean {
    this.sim.touch(this.inner.obj, true);
    if (this.done) return false;
    this.cancelledHere = true;
    this.sim.touch(this.inner.obj);
    if (!this.inner.cancel()) this.detach();
    return true;
  }

  /** `await future` from a task: the scheduling point described above. */
  async wait(): Promise<T> {
    const me = this.sim.current;
    if (me === undefined) throw new UsageError(`awaiting future "${this.name}" outside an actor`, 'await executor calls inside sim.spawn(...), as a task on the event loop');
    try {
      await this.sim.point(`await ${this.name}`, {
        obj: this.inner.obj,
        read: true,
        enabled: () => this.done,
        waitsFor: () => `future "${this.name}" (${this.inner.state})`,
      });
    } catch (e) {
      if (e instanceof CancelledError && !this.cancel() && !this.cancelledHere) this.detach();
      throw e;
    }
    if (this.cancelledHere) throw new CancelledError(`future "${this.name}" was cancelled`);
    return this.inner.outcome();
  }

  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null, onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): PromiseLike<R1 | R2> {
    return this.wait().then(onfulfilled, onrejected);
  }

  private detach(): void {
    const awaiter = this.sim.current?.name ?? '(outside)';
    this.inner.addDoneCallback((f) => {
      if (f.exception !== undefined) this.sim.log(DROPPED_EXCEPTION, { future: f.name, cancelledBy: awaiter, error: describe(f.exception) });
    });
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
