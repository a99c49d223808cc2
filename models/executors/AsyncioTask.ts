import type { Actor } from '../../sim/actor.js';
import { CancelledError, UsageError } from '../../sim/errors.js';
import { AsyncioFuture } from './AsyncioFuture.js';
import type { EventLoop } from './EventLoop.js';
import type { Handle } from './Handle.js';
import { LoopThread, markLoopThread } from './roles.js';

/**
 * `asyncio.Task` — a coroutine (here an async function) driven by its {@link EventLoop}, CPython
 * 3.11's `Task.__step` / `__wakeup` / `cancel` ported as written.
 *
 * The task's body runs on an actor of its own, spawned when its first `__step` reaches the head of
 * the ready queue; each stretch between two suspensions is one handle of the queue. Reproduces:
 * `create_task` queues the first step behind whatever is ready; `cancel(msg)` is synchronous — it
 * cancels the future the task waits on (which queues the task's wake-up; a task waited on is
 * cancelled in turn, and so on down the chain) or, when the task waits on nothing (not started, or
 * its wake-up is already queued), sets `_must_cancel`, so the next step throws `CancelledError`
 * instead of resuming — a task cancelled before its first step never runs its body, and one whose
 * awaited future completed meanwhile is cancelled anyway; a body that swallows the `CancelledError`
 * goes on (and a task that awaited it gets its value); `cancelling()` / `uncancel()` count requests.
 * The task's outcome is a future's: awaiting tasks are woken through done-callbacks.
 *
 * An exception that escapes the body with nothing registered to receive it (no awaiter, no
 * callback) fails the run as the task's actor's error — CPython only logs "Task exception was never
 * retrieved" when the task is collected, so a task awaited only after it failed is reported here.
 */
export class AsyncioTask<T = unknown> extends AsyncioFuture<T> {
  /** `_must_cancel`: the next step throws `CancelledError` into the body. */
  mustCancel = false;
  /** `_fut_waiter`: the future the suspended body awaits. */
  private futWaiter: AsyncioFuture<unknown> | null = null;
  private cancelsRequested = 0;
  private cancelledExc: CancelledError | undefined;
  /** The actor running the body; null until the first step comes up. */
  actor: Actor | null = null;

  constructor(
    loop: EventLoop,
    name: string,
    private readonly fn: () => Promise<T> | T,
  ) {
    super(loop, name);
    loop.pushStep(this as AsyncioTask<unknown>, {}, `${name}.__step`);
  }

  /** `Task.cancel(msg)`: see the class comment. False once the task is done. */
  override cancel(msg?: unknown): boolean {
    this.loop.assertLoopThread(`task "${this.name}".cancel()`, 'cancel it from the loop: loop.callSoonThreadsafe(() => task.cancel())');
    if (this.done) return false;
    this.cancelsRequested++;
    if (this.futWaiter !== null && this.futWaiter.cancel(msg)) return true;
    this.mustCancel = true;
    this.cancelMessage = msg;
    return true;
  }

  /** `Task.cancelling()`: cancellation requests not yet `uncancel()`ed. */
  cancelling(): number {
    return this.cancelsRequested;
  }

  /** `Task.uncancel()`: one request less; returns how many remain. 3.13: at none left, a pending cancel is withdrawn too. */
  uncancel(): number {
    if (this.cancelsRequested > 0) {
      this.cancelsRequested--;
      if (this.cancelsRequested === 0 && this.loop.since('3.13')) this.mustCancel = false;
    }
    return this.cancelsRequested;
  }

  override cancelledError(): CancelledError {
    return this.cancelledExc ?? super.cancelledError();
  }

  // ── for the loop and the models ─────────────────────────────────────────────────────────────

  /** Spawns the actor once the first step is at the head of the ready queue. */
  spawnIfNew(): void {
    if (this.actor !== null) return;
    const actor = this.loop.sim.spawn(this.name, () => this.run());
    markLoopThread(actor, new LoopThread(this.loop, this));
    this.actor = actor;
  }

  /** The body yields `future` (`__step`'s blocking branch): remember it; a pending cancel cancels it. */
  awaitOn(future: AsyncioFuture<unknown>): void {
    this.futWaiter = future;
    if (this.mustCancel && future.cancel(this.cancelMessage)) this.mustCancel = false;
  }

  /**
   * Ends the running step (the body is suspended; its wake-up is queued or registered) and parks
   * until that wake-up is at the head of the ready queue. Throws what `__step` would throw in.
   */
  suspend(label: string, waitsFor: () => string): Promise<void> {
    this.loop.end();
    return this.loop.sim.op(label, { obj: this.loop.obj, enabled: this.next, waitsFor: () => `${waitsFor()} — ${this.loop.describeQueue()}` }, this.resume);
  }

  private readonly next = (): boolean => this.loop.isNext(this as AsyncioTask<unknown>);

  private readonly resume = (): void => {
    const exc = this.stepException(this.loop.begin());
    if (exc !== undefined) throw exc;
  };

  /** `__wakeup(future)` + the head of `__step(exc)`: what to throw into the body, if anything. */
  private stepException(h: Handle): unknown {
    let exc = h.resume.exc;
    const f = h.resume.future;
    if (f !== undefined) {
      try {
        f.result();
      } catch (e) {
        exc = e;
      }
    }
    if (this.mustCancel) {
      if (!(exc instanceof CancelledError)) exc = this.cancelledError();
      this.mustCancel = false;
    }
    this.futWaiter = null;
    return exc;
  }

  private async run(): Promise<void> {
    // Spawned when its first step was next; a thread's handle may have been queued before it since.
    if (!this.next()) await this.loop.sim.op(`${this.name}.__step`, { obj: this.loop.obj, enabled: this.next, waitsFor: () => this.loop.describeQueue() }, () => undefined);
    // A CancelledError thrown into a coroutine that never started ends it without running its body.
    const first = this.stepException(this.loop.begin());
    if (first !== undefined) return this.finish(first, true);
    let value: T;
    try {
      value = await this.fn();
    } catch (e) {
      return this.finish(e, true);
    }
    this.finish(value, false);
  }

  /** The body returned or raised: settle the task's future and end the step. */
  private finish(outcome: unknown, raised: boolean): void {
    let unobserved: unknown;
    if (!raised) {
      if (this.mustCancel) {
        this.mustCancel = false;
        this.cancelFuture(this.cancelMessage);
      } else this.resolveWith(outcome as T);
    } else if (outcome instanceof CancelledError) {
      this.cancelledExc = outcome;
      this.cancelFuture();
    } else {
      if (!this.observed) unobserved = outcome;
      this.rejectWith(outcome);
    }
    this.loop.end();
    if (unobserved !== undefined) throw unobserved;
  }

  /** Refused, as in CPython ("Task does not support set_result operation"): a task settles through its body. */
  override setResult(): void {
    throw new UsageError(`task "${this.name}".setResult(): a task does not support set_result`, 'return from its body instead, or use loop.createFuture()');
  }

  /** Refused, as in CPython: a task's exception is what its body raises. */
  override setException(): void {
    throw new UsageError(`task "${this.name}".setException(): a task does not support set_exception`, 'raise in its body instead, or use loop.createFuture()');
  }
}
