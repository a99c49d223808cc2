/**
 * The timers of one run with installed globals (`globals.ts`): each timer is an actor that sleeps on
 * the run's virtual clock and then runs its callback as one step, so a timer firing is a scheduling
 * choice like any other. A pending timer keeps the run alive, as it keeps a Node process alive,
 * unless it is `unref()`ed.
 *
 * As in Node, a callback's return value is not waited for: an interval whose callback is async
 * ticks on time, and clearing (or refreshing) a timer stops its ticks but not the work its callbacks
 * started — that work's operations belong to the timer's actor, which stays until they settle
 * (keeping the run alive, as pending work keeps a process alive). A rejection of such work fails the
 * run as a throw from the callback does, at the timer's next tick or once its work has settled; Node
 * would report it at once as an unhandled rejection. Delays are Node's: `setTimeout(cb, 0)` waits 1 ms, as
 * does any delay below 1 ms or above 2³¹ − 1 (`setImmediate` waits none).
 *
 * Order, as Node's: timeouts and intervals fire by due time, and those due at the same instant in
 * the order they were started (a `refresh` or an interval's next tick starts again); immediates in
 * the order they were made, and one made by an actor's step or a timeout's callback before any
 * timeout that falls due after it was made (Node's check phase comes before the next timers phase;
 * from setup, a module's top level, the two race as they do in Node). A timer due before another
 * never fires after it, whatever the scheduler picks. Not reproduced: what runs between two timers
 * due at once — Node runs only the microtasks of the first callback there, the run may also
 * schedule another actor's pending operation.
 */
import type { Actor } from './actor.js';
import type { VirtualClock } from './clock.js';
import { type PromiseTimers, promiseTimers } from './virtualPromiseTimers.js';

/** What the virtual timers need from a run. */
export interface TimerHost {
  readonly clock: VirtualClock;
  /** The actor whose step is running; undefined in setup (a module's top level). */
  readonly current: Actor | undefined;
  /** An actor whose first step waits for `deadline()` (a sleep of `ms`) and then runs `fn`. */
  spawnTimer(name: string, fn: () => Promise<void>, daemon: boolean, ms: number, deadline: () => number): Actor<void>;
  /** `sim.sleep(ms)` with a deadline of its own. */
  timerSleep(ms: number, deadline: () => number): Promise<void>;
}

/** One actor of a timer: a restart (`refresh`, `ref`, `unref`) makes a new one. */
interface TimerRun {
  readonly actor: Actor<void>;
  /** Inside the callback's synchronous part. */
  inCallback: boolean;
  /** Promises the callbacks returned that have not settled. */
  outstanding: number;
}

export class VirtualTimeout {
  run: TimerRun | undefined;
  /** Bumped by every (re)start: an older run of the timer stops ticking. */
  generation = 0;
  cleared = false;
  /** An immediate's: it no longer holds timeouts back (it ran, or was cleared or made anew). */
  release: (() => void) | undefined = undefined;
  private refed = true;
  constructor(
    readonly id: number,
    /** The timers of the run that made it: a handle is cleared by its own run, whoever calls. */
    readonly owner: RunTimers,
    private readonly start: (handle: VirtualTimeout) => void,
  ) {}
  ref(): this {
    if (!this.refed && !this.cleared) {
      this.refed = true;
      this.restart();
    }
    return this;
  }
  unref(): this {
    if (this.refed && !this.cleared) {
      this.refed = false;
      this.restart();
    }
    return this;
  }
  hasRef(): boolean {
    return this.refed;
  }
  refresh(): this {
    if (!this.cleared) this.restart();
    return this;
  }
  get daemon(): boolean {
    return !this.refed;
  }
  private restart(): void {
    this.retire();
    this.start(this);
  }
  /**
   * Stops the current run's ticks. Parked in its own sleep with nothing in flight, its actor is
   * simply stopped; otherwise (a callback clearing its own timer, or async work of a callback still
   * settling) it is left to end by itself: its sleep is cut short and it waits for that work.
   */
  retire(): void {
    const run = this.run;
    if (run === undefined || run.actor.done) return;
    if (!run.inCallback && run.outstanding === 0) run.actor.kill();
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

export interface RunTimers {
  readonly fns: {
    setTimeout(cb: unknown, ms?: unknown, ...args: unknown[]): VirtualTimeout;
    setInterval(cb: unknown, ms?: unknown, ...args: unknown[]): VirtualTimeout;
    setImmediate(cb: unknown, ...args: unknown[]): VirtualTimeout;
    clearTimeout(h: unknown): void;
    clearInterval(h: unknown): void;
    clearImmediate(h: unknown): void;
  };
  readonly promises: PromiseTimers;
}

export function virtualTimers(host: TimerHost): RunTimers {
  const handles = new Map<number, VirtualTimeout>();
  let nextId = 1;
  const timeouts = new DueOrder();
  const immediates = new DueOrder();
  /**
   * When each pending immediate made by an actor's step or a timeout's callback (not by setup, not
   * by an immediate's callback) was made. Node runs those in the check phase of the loop turn that
   * made them, before it comes back to the timers phase: no timeout that falls due after one was
   * made fires before it, however much time passes. An immediate made by an immediate's callback
   * runs in the next turn, after the timers due by then.
   */
  const outerImmediates: number[] = [];
  let inImmediate = 0;
  const heldByImmediate = (at: number): boolean => {
    for (const made of outerImmediates) if (at > made) return true;
    return false;
  };
  const schedule = (kind: string, cb: unknown, ms: unknown, args: unknown[], repeat: boolean): VirtualTimeout => {
    if (typeof cb !== 'function') throw new TypeError(`${kind}: callback must be a function`);
    const delay = kind === 'setImmediate' ? 0 : nodeDelay(ms);
    const handle = new VirtualTimeout(nextId++, timers, (h) => {
      const generation = ++h.generation;
      const retired = () => h.cleared || h.generation !== generation;
      const work: Promise<void>[] = [];
      // A box, not a `let`: the rejection handlers set it from outside the loop's control flow.
      const failed: { error?: unknown; any: boolean } = { any: false };
      const due = kind === 'setImmediate' ? immediates : timeouts;
      // The wait's deadline: at once when retired (the actor then ends), never while another timer
      // must fire first, else the due time. A timer is due from when it was started, not from when
      // its actor first runs.
      const deadline = (turn: Turn) => () => (retired() ? host.clock.now : due.first() !== turn ? Infinity : kind !== 'setImmediate' && heldByImmediate(turn.at) ? Infinity : turn.at);
      let turn = due.enter(host.clock.now + delay, retired);
      // From setup — a module's top level — Node's order of the two is its famous coin toss.
      const outer = kind === 'setImmediate' && inImmediate === 0 && host.current !== undefined ? host.clock.now : undefined;
      if (outer !== undefined) outerImmediates.push(outer);
      let released = false;
      const release = () => {
        if (outer === undefined || released) return;
        released = true;
        outerImmediates.splice(outerImmediates.indexOf(outer), 1);
      };
      // A restart (ref, unref) makes the immediate anew; a clear stops it for good.
      h.release?.();
      h.release = release;
      const run: TimerRun = {
        inCallback: false,
        outstanding: 0,
        actor: host.spawnTimer(
          `${kind}#${h.id}`,
          async () => {
            // The first wait was this actor's start step; an interval waits again after each tick.
            due.leave(turn);
            release();
            for (;;) {
              if (failed.any) throw failed.error;
              if (retired()) break;
              run.inCallback = true;
              if (kind === 'setImmediate') inImmediate++;
              let returned: unknown;
              try {
                returned = (cb as (...a: unknown[]) => unknown)(...args);
              } finally {
                run.inCallback = false;
                if (kind === 'setImmediate') inImmediate--;
              }
              if (isThenable(returned)) {
                run.outstanding++;
                work.push(
                  Promise.resolve(returned).then(
                    () => void run.outstanding--,
                    (error: unknown) => {
                      run.outstanding--;
                      if (!failed.any) Object.assign(failed, { any: true, error });
                    },
                  ),
                );
              }
              if (!repeat || retired()) break;
              turn = due.enter(host.clock.now + delay, retired);
              try {
                await host.timerSleep(delay, deadline(turn));
              } finally {
                due.leave(turn);
              }
            }
            await Promise.all(work);
            if (failed.any) throw failed.error;
            if (!retired()) handles.delete(h.id);
          },
          h.daemon,
          delay,
          deadline(turn),
        ),
      };
      h.run = run;
    });
    handles.set(handle.id, handle);
    handle.refresh();
    return handle;
  };
  const clear = (h: unknown): void => {
    const handle = h instanceof VirtualTimeout ? h : handles.get(Number(h));
    if (!handle || handle.cleared) return;
    handle.cleared = true;
    handles.delete(handle.id);
    handle.release?.();
    handle.retire();
  };
  const fns: RunTimers['fns'] = {
    setTimeout: (cb, ms, ...args) => schedule('setTimeout', cb, ms, args, false),
    setInterval: (cb, ms, ...args) => schedule('setInterval', cb, ms, args, true),
    setImmediate: (cb, ...args) => schedule('setImmediate', cb, 0, args, false),
    clearTimeout: clear,
    clearInterval: clear,
    clearImmediate: clear,
  };
  const timers: RunTimers = { fns, promises: promiseTimers(fns) };
  return timers;
}

/** A timer's place in the firing order: its due time, then the order it was started in. */
interface Turn {
  readonly at: number;
  readonly seq: number;
  readonly gone: () => boolean;
}

/**
 * The pending timers of one kind, first due first (ties in start order). Every timer's deadline
 * asks for the first one at every choice, so it is kept until a timer enters, the first one leaves
 * or is cleared: removing any other cannot change which is first, and a cleared one stays cleared.
 */
class DueOrder {
  private readonly pending: Turn[] = [];
  private seq = 0;
  private next: Turn | undefined;
  private known = true;

  enter(at: number, gone: () => boolean): Turn {
    const turn = { at, seq: this.seq++, gone };
    this.pending.push(turn);
    this.known = false;
    return turn;
  }

  leave(turn: Turn): void {
    const i = this.pending.indexOf(turn);
    if (i >= 0) this.pending.splice(i, 1);
    if (turn === this.next) this.known = false;
  }

  /** The pending timer that fires next; a cleared one is no longer in the way (and is dropped). */
  first(): Turn | undefined {
    if (this.known && (this.next === undefined || !this.next.gone())) return this.next;
    let best: Turn | undefined;
    let kept = 0;
    for (const t of this.pending) {
      if (t.gone()) continue;
      this.pending[kept++] = t;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    this.pending.length = kept;
    this.next = best;
    this.known = true;
    return best;
  }
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (typeof x === 'object' || typeof x === 'function') && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/** Node's longest timer delay (2³¹ − 1 ms); a longer one fires after 1 ms, with a warning. */
const TIMEOUT_MAX = 2 ** 31 - 1;

/** The delay Node uses for `setTimeout(cb, ms)`: anything below 1 ms (0, negative, NaN) or above the maximum is 1 ms. */
function nodeDelay(ms: unknown): number {
  const n = Number(ms);
  return n >= 1 && n <= TIMEOUT_MAX ? n : 1;
}
