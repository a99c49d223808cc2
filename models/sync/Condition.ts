import type { Actor } from '../../sim/actor.js';
import { CancelledError, UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import type { Mutex } from './Mutex.js';

/**
 * One parked `wait()`: it leaves the wait set when it is woken or cancelled, and once it timed out,
 * only when it has the mutex again (CPython removes a timed-out waiter after re-acquiring the lock).
 */
interface Waiter {
  actor: Actor;
  /** Woken by signal/broadcast (or spuriously): runnable from now on. */
  woken: 'signal' | 'spurious' | null;
  /** Its timeout passed: it still stands in the wait set until it re-acquires the mutex. */
  timedOut: boolean;
}

export interface ConditionOptions {
  /**
   * Spurious wake-ups (POSIX `pthread_cond_wait`, Java `Object.wait`): every `wait()` draws a
   * `sim.maybe` fault point that may wake it with no signal. Off by default, as in CPython.
   */
  spurious?: boolean;
  /** `signal` wakes the longest waiter (CPython's deque order) instead of a scheduler-chosen one. */
  fifo?: boolean;
}

/**
 * A condition variable bound to a {@link Mutex} — Python's `threading.Condition(lock)`, POSIX
 * `pthread_cond_t`. (For `asyncio.Condition` on an `EventLoop`, use `AsyncioCondition`, which follows
 * CPython's code per version.)
 *
 * Reproduces: `wait()` must be called holding the mutex; it releases the mutex and enters the wait
 * set in one atomic step (no wake-up can slip in between), then re-acquires the mutex before it
 * returns — also when it times out or is cancelled (asyncio re-acquires, then re-raises
 * `CancelledError`). `signal()` (`notify`) wakes one waiter — which one is a scheduler choice, since
 * POSIX and Python's docs leave it open (`{ fifo: true }` for CPython's actual order); `broadcast()`
 * (`notify_all`) wakes all. Both require the mutex to be held, as Python does (`RuntimeError: cannot
 * notify on un-acquired lock`) — by anyone: CPython cannot tell who holds a plain `Lock`, so a
 * notify from an actor that does not hold it passes while another actor does. A signal with nobody
 * waiting is lost — the condition has no memory, which is the lost wake-up this model exists to
 * expose. A woken waiter competes for the mutex like any
 * other actor, so the state it waited for may be gone again when it runs (why waits need a
 * predicate loop). Timed waits use the virtual clock and return `false` on timeout; a waiter that
 * timed out stays in the wait set until it has the mutex again, so a `signal()` meanwhile can be
 * spent on it (CPython 3.11–3.13 `notify` takes `_waiters[0]`, and the timed-out waiter removes
 * itself only after `_acquire_restore`): its wait still returns `false`; a cancelled waiter leaves
 * the wait set, and a waiter that was signalled but cancelled before it ran passes
 * the wake-up on to another waiter (asyncio ≥ 3.13), so one cancel never strands the others.
 * Optional spurious wake-ups. Deadlock reports name the condition and how many signals were lost.
 *
 * Deliberately not: signalling while nobody holds the mutex (allowed by POSIX, refused here as in
 * Python), waiting without holding it while another actor does (CPython then releases that actor's
 * lock; refused here, as the Mutex refuses a release by a non-owner),
 * `wait_for`'s timeout arithmetic across re-waits, priority inheritance.
 */
export class Condition {
  private readonly waiters: Waiter[] = [];
  private readonly obj: string;
  private lost = 0;
  /** Signals spent on a waiter that had timed out and not yet left (see {@link Waiter}). */
  private spent = 0;
  private signals = 0;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    readonly mutex: Mutex,
    private readonly options: ConditionOptions = {},
  ) {
    this.obj = `cond:${name}`;
  }

  /** Actors currently in the wait set (not yet woken, or timed out and not yet out), read outside the schedule. */
  get waiting(): readonly Actor[] {
    return this.waiters.filter((w) => w.woken === null).map((w) => w.actor);
  }

  /** Signals and broadcasts that found nobody waiting. */
  get lostSignals(): number {
    return this.lost;
  }

  private caller(what: string): Actor {
    const me = this.sim.current;
    if (me === undefined) throw new UsageError(`Condition "${this.name}".${what}() called outside an actor`, 'call it from inside sim.spawn(...)');
    return me;
  }

  /** `wait()` needs the caller to hold the mutex (CPython would release another holder's Lock). */
  private holderCheck(): Actor {
    const me = this.caller('wait');
    if (this.mutex.owner !== me) {
      const held = this.mutex.owner ? `held by ${this.mutex.owner.name}: CPython would release that actor's lock for it` : 'not held';
      throw new UsageError(
        `Condition "${this.name}".wait() by actor "${me.name}" without holding Mutex "${this.mutex.name}" (it is ${held})`,
        `lock Mutex "${this.mutex.name}" first, as Python's Condition requires (RuntimeError: cannot wait on un-acquired lock)`,
      );
    }
    return me;
  }

  /**
   * `notify` over a `threading.Lock` checks only that the lock is held — by anyone: Python cannot tell
   * who holds a plain Lock, so a notify from an actor that does not hold it passes while another does.
   * Read in the notify's own step.
   */
  private notifyCheck(what: string, me: Actor): void {
    if (this.mutex.owner === me || this.mutex.readHeld()) return;
    throw new UsageError(
      `Condition "${this.name}".${what}() by actor "${me.name}" while nobody holds Mutex "${this.mutex.name}"`,
      `lock Mutex "${this.mutex.name}" first, as Python's Condition requires (RuntimeError: cannot notify on un-acquired lock)`,
    );
  }

  private describeWait(): string {
    const holder = this.mutex.owner ? `; Mutex "${this.mutex.name}" held by ${this.mutex.owner.name}` : '';
    const lost =
      (this.lost > 0 ? `; ${this.lost} earlier signal(s) found nobody waiting — a lost wake-up` : '') +
      (this.spent > 0 ? `; ${this.spent} signal(s) went to a waiter whose timeout had already passed` : '');
    return `Condition "${this.name}" to be signalled (bound to Mutex "${this.mutex.name}"; ${this.signals} signal(s) sent so far${lost}${holder})`;
  }

  /**
   * Releases the mutex, waits for a signal, re-acquires the mutex. Returns `false` when `timeoutMs`
   * of virtual time passed first (`threading.Condition.wait(timeout)`), `true` otherwise.
   */
  async wait(options: { timeoutMs?: number } = {}): Promise<boolean> {
    const me = this.holderCheck();
    const timeout = options.timeoutMs;
    if (timeout !== undefined && (!Number.isFinite(timeout) || timeout < 0)) {
      throw new UsageError(`Condition "${this.name}".wait: timeoutMs must be a finite number ≥ 0, got ${timeout}`);
    }
    await this.mutex.unlock();
    // Still the unlock's step: entering the wait set is atomic with the release.
    const w: Waiter = { actor: me, woken: null, timedOut: false };
    this.waiters.push(w);
    if (this.options.spurious && this.sim.maybe(`${this.name} spurious wake-up`)) w.woken = 'spurious';
    let cancelled: unknown;
    try {
      await this.sim.point(`${this.name}.wait`, {
        obj: this.obj,
        enabled: () => w.woken !== null,
        ...(timeout !== undefined ? { deadline: this.sim.now + timeout } : {}),
        waitsFor: () => this.describeWait(),
      });
      this.sim.result(w.woken ?? 'timeout');
      w.timedOut = w.woken === null;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      cancelled = e;
      // A wake-up this waiter will never use goes to someone else (asyncio ≥ 3.13).
      if (w.woken === 'signal') {
        this.leave(w);
        this.wake(1);
      }
    } finally {
      if (!w.timedOut) this.leave(w);
    }
    // Whether a signal came before the timeout: one that reaches a timed-out waiter still standing in
    // the set is spent on it, and its wait returns false all the same (CPython's `gotit`).
    const got = !w.timedOut && w.woken !== null;
    cancelled = await this.reacquire(cancelled);
    if (w.timedOut) {
      this.leave(w);
      this.sim.touch(this.obj);
    }
    if (cancelled !== undefined) throw cancelled;
    return got;
  }

  /**
   * Waits until `predicate()` holds, re-checking after every wake-up — Python's `wait_for`, the
   * predicate loop that makes lost and stolen wake-ups harmless. Read plain state in `predicate`.
   */
  async waitFor(predicate: () => boolean, options: { timeoutMs?: number } = {}): Promise<boolean> {
    const end = options.timeoutMs === undefined ? undefined : this.sim.now + options.timeoutMs;
    while (!predicate()) {
      if (end === undefined) await this.wait();
      else {
        const left = end - this.sim.now;
        if (left <= 0 || !(await this.wait({ timeoutMs: left }))) return predicate();
      }
    }
    return true;
  }

  /** Wakes one waiter (`notify()`); a signal with nobody waiting is lost. */
  async signal(): Promise<void> {
    const me = this.caller('signal');
    await this.sim.point(`${this.name}.signal`, { obj: this.obj });
    this.notifyCheck('signal', me);
    this.sim.result(this.wake(1));
  }

  /** Wakes every waiter (`notify_all()`). */
  async broadcast(): Promise<void> {
    const me = this.caller('broadcast');
    await this.sim.point(`${this.name}.broadcast`, { obj: this.obj });
    this.notifyCheck('broadcast', me);
    this.sim.result(this.wake(Infinity));
  }

  private wake(n: number): string[] {
    this.signals++;
    const woken: string[] = [];
    for (let i = 0; i < n; i++) {
      const idle = this.waiters.filter((w) => w.woken === null);
      if (idle.length === 0) break;
      const w = this.options.fifo || n === Infinity ? idle[0]! : this.sim.pick(`${this.name} wakes`, idle);
      w.woken = 'signal';
      if (w.timedOut) this.spent++;
      woken.push(w.timedOut ? `${w.actor.name} (timed out)` : w.actor.name);
    }
    if (woken.length === 0) this.lost++;
    return woken;
  }

  private leave(w: Waiter): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /** asyncio.Condition.wait: re-acquire even if cancelled meanwhile, then re-raise the cancel. */
  private async reacquire(cancelled: unknown): Promise<unknown> {
    for (;;) {
      try {
        await this.mutex.lock();
        return cancelled;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        cancelled ??= e;
      }
    }
  }
}
