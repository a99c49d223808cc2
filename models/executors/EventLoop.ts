import type { Actor } from '../../sim/actor.js';
import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { AsyncioFuture } from './AsyncioFuture.js';
import { AsyncioTask } from './AsyncioTask.js';
import { Handle, type Resume, type TimerHandle } from './Handle.js';
import { ReadyQueue } from './ReadyQueue.js';
import { Timekeeper } from './Timekeeper.js';
import { isWorker, LoopThread, loopThreadOf, markLoopThread } from './roles.js';
import { ThreadPool } from './ThreadPool.js';
import { loopRunInExecutor } from './runInExecutor.js';

/** The CPython minor version whose asyncio the loop reproduces (checked against 3.11.7, 3.12.1, 3.13.0). */
export type PythonVersion = '3.11' | '3.12' | '3.13';
const VERSIONS: readonly PythonVersion[] = ['3.11', '3.12', '3.13'];

export interface EventLoopOptions {
  /**
   * Which CPython's asyncio (default `'3.11'`). Where versions differ the models follow it:
   * `wait_for` (3.12 awaits in place under `timeout()`, 3.11 wraps a task), `gather` on children
   * already done (3.12 collects them at once), `Condition.wait` and `Semaphore.acquire` when the
   * woken waiter is cancelled (3.13 hands the wake-up on), `Task.uncancel` (3.13 withdraws a pending
   * cancel), `Queue.shutdown` (3.13 only).
   */
  python?: PythonVersion;
}

/**
 * An asyncio event loop with CPython's scheduling — `asyncio.BaseEventLoop` running on one thread.
 *
 * One FIFO ready queue holds plain callbacks (`call_soon`, `call_soon_threadsafe`, future
 * done-callbacks) and task steps (`Task.__step`, `Task.__wakeup`), in the order CPython queues them,
 * and the loop runs them one at a time: only the handle at the head of the queue is enabled, so the
 * loop's own order is deterministic. A task's stretch between two suspensions is one handle; the
 * task's actor runs it. Plain callbacks run on a runner actor named after the loop (spawned while
 * callbacks come up next). Timers (`call_later`, `asyncio.sleep(ms)`) move to the tail of the queue
 * once the virtual clock reaches them (`Timekeeper`).
 *
 * The nondeterminism left is CPython's: worker threads (actors that are not loop code) interleave
 * with the loop between handles, and inside a handle at any model operation the loop code performs
 * that is not an asyncio suspension (a `Cell` access, a `threading`-style `Event` or `Mutex`) — the
 * GIL can switch there, but no other loop code can run until the handle ends; a thread queueing a
 * handle while a loop step runs may land before the handles that step queues (`ReadyQueue`). A loop task that
 * blocks in such an operation (a thread primitive) blocks the whole loop, as in CPython. Loop actors
 * are `instant`: loop work takes no virtual time, so timers come due only when nothing else can run
 * (CPython runs ready handles and a runnable thread's next step in microseconds); a thread that takes
 * time says so with `sim.sleep`.
 *
 * Synchronous asyncio calls — `Future.set_result`, `Task.cancel`, `call_soon`, the `asyncio` flavours
 * of `Event.set`, `Lock.release`, `Queue.put_nowait` — are not scheduling points: they change state
 * and queue waiters' wake-ups at once. asyncio objects are not thread-safe: calling them from a
 * worker thread is a `UsageError` (use `callSoonThreadsafe`).
 *
 * Deliberately not: real I/O, loop close/stop/`run_until_complete` (a run ends when every actor
 * has), exception handlers (an exception in a callback fails the run), eager task factories (3.12;
 * refused), the debug mode, `contextvars`. Times are virtual milliseconds, not seconds.
 */
export class EventLoop {
  readonly python: PythonVersion;
  /** Object name for partial-order reduction: every loop step reads and writes the ready queue. */
  readonly obj: string;
  private readonly ready: ReadyQueue;
  private running: Handle | null = null;
  private readonly timers: Timekeeper;
  private runner: Actor | null = null;
  private executor: ThreadPool | undefined;
  private readonly runnerRole: LoopThread;

  constructor(
    readonly sim: Sim,
    readonly name = 'loop',
    options: EventLoopOptions = {},
  ) {
    const python = options.python ?? '3.11';
    if (!VERSIONS.includes(python)) {
      throw new UsageError(`EventLoop "${name}": python must be one of ${VERSIONS.join(', ')}, got ${JSON.stringify(python)}`, 'leave it out for 3.11, the version the differential tests run against');
    }
    if ((options as { eagerTasks?: unknown }).eagerTasks !== undefined) {
      throw new UsageError(`EventLoop "${name}": eager task factories (Python 3.12) are not modelled`, 'tasks start at their first turn of the loop, as with the default task factory');
    }
    this.python = python;
    this.obj = `loop:${name}`;
    this.runnerRole = new LoopThread(this);
    this.ready = new ReadyQueue(sim, name);
    this.timers = new Timekeeper(sim, this, this.runnerRole, (h) => void this.push(h));
  }

  /** True when the loop reproduces `version` or a later one. */
  since(version: PythonVersion): boolean {
    return this.python >= version;
  }

  /** `loop.time()`, in virtual ms. */
  get time(): number {
    return this.sim.now;
  }

  /** `asyncio.current_task()`: the task whose step is running, if any. */
  get currentTask(): AsyncioTask<unknown> | undefined {
    const role = loopThreadOf(this.sim.current);
    return role?.loop === this ? (role.task as AsyncioTask<unknown> | undefined) : undefined;
  }

  /** Handles waiting in the ready queue (read outside the schedule). */
  get pending(): number {
    return this.ready.length;
  }

  // ── the public asyncio surface ───────────────────────────────────────────────────────────────

  /** `loop.create_task(coro, name=name)`: the task's first step is queued behind what is ready. */
  createTask<T>(name: string, fn: () => Promise<T> | T): AsyncioTask<T> {
    this.assertLoopThread(`create_task("${name}")`, 'hand work to the loop with runCoroutineThreadsafe(loop, fn) or loop.callSoonThreadsafe(fn)');
    if (typeof fn !== 'function') throw new UsageError(`create_task("${name}") needs a function (the coroutine's body)`);
    return new AsyncioTask(this, name, fn);
  }

  /** `loop.create_future()`. */
  createFuture<T>(name = 'future'): AsyncioFuture<T> {
    return new AsyncioFuture<T>(this, this.sim.id(name));
  }

  /** `loop.call_soon(callback)` — from loop code only. */
  callSoon(callback: () => void, label = 'call_soon'): Handle {
    this.assertLoopThread(`call_soon(${label})`, 'from a thread, use loop.callSoonThreadsafe(callback)');
    return this.push(new Handle(label, callback, undefined));
  }

  /**
   * `loop.call_soon_threadsafe(callback)` — from any thread; the callback runs on the loop later. From
   * a thread it is one scheduling point (await it): appending to the ready queue is an operation on
   * shared state, and the GIL may switch to the loop just before it. From loop code it queues at once.
   */
  callSoonThreadsafe(callback: () => void, label = 'call_soon_threadsafe'): Promise<Handle> {
    if (this.onLoopThread()) return Promise.resolve(this.pushThreadsafe(callback, label));
    return this.sim.op(`${this.name}.call_soon_threadsafe`, { obj: this.obj, args: [label] }, () => this.pushThreadsafe(callback, label));
  }

  /** For models: `call_soon_threadsafe` inside an operation that is already a scheduling point. */
  pushThreadsafe(callback: () => void, label: string): Handle {
    return this.push(new Handle(label, callback, undefined));
  }

  /** True in setup and for code of this loop (tasks, callbacks). */
  onLoopThread(): boolean {
    const me = this.sim.current;
    return me === undefined || loopThreadOf(me)?.loop === this;
  }

  /** `loop.call_later(delay, callback)` with the delay in virtual ms. */
  callLater(delayMs: number, callback: () => void, label = 'call_later'): TimerHandle {
    if (!Number.isFinite(delayMs)) throw new UsageError(`call_later(${delayMs}, ${label}): the delay must be a finite number of ms`);
    this.assertLoopThread(`call_later(${label})`, 'timers belong to the loop; schedule them from a task');
    const h = this.timers.add(this.sim.now + Math.max(0, delayMs), callback, label);
    this.kick();
    return h;
  }

  /** `await asyncio.sleep(ms / 1000, result)`: 0 yields one turn of the loop (a bare `yield`). */
  async sleep<R = undefined>(ms = 0, result?: R): Promise<R> {
    if (ms <= 0) {
      const task = this.runningTask('asyncio.sleep(0)');
      this.pushStep(task, {}, `${task.name}.__step`);
      await task.suspend('asyncio.sleep(0)', () => 'its turn on the loop');
      return result as R;
    }
    const fut = this.createFuture<R>(`sleep(${ms})`);
    const h = this.callLater(ms, () => void (fut.cancelled || fut.setResult(result as R)), `sleep(${ms}) timer`);
    try {
      return await fut.wait();
    } finally {
      h.cancel();
    }
  }

  /** `loop.run_in_executor(executor, fn)`: see {@link loopRunInExecutor}. */
  runInExecutor<T>(executor: ThreadPool | null, fn: () => Promise<T> | T, name?: string): AsyncioFuture<T> {
    return loopRunInExecutor(this, executor, fn, name);
  }

  /** The loop's default `ThreadPoolExecutor`, made on first use. */
  defaultExecutor(): ThreadPool {
    return (this.executor ??= new ThreadPool(this.sim, `${this.name}.default-executor`));
  }

  // ── for the asyncio models (futures, tasks, primitives) ─────────────────────────────────────

  /** Queues a task step (`call_soon(task.__step)` or a done-callback `task.__wakeup`). */
  pushStep(task: AsyncioTask<unknown>, resume: Resume, label: string): Handle {
    return this.push(new Handle(label, undefined, task, resume));
  }

  /** The task whose step is running on this loop; a `UsageError` naming `what` otherwise. */
  runningTask(what: string): AsyncioTask<unknown> {
    const me = this.sim.current;
    const role = loopThreadOf(me);
    const task = role?.loop === this ? (role.task as AsyncioTask<unknown> | undefined) : undefined;
    if (task === undefined || this.running?.task !== task) {
      const who = me === undefined ? 'outside any actor' : role?.loop === this ? `in a callback of loop "${this.name}"` : `by actor "${me.name}", which is not a task of loop "${this.name}"`;
      throw new UsageError(`${what} ${who}`, `await asyncio operations inside a task: loop.createTask(name, fn)`);
    }
    return task;
  }

  /** Refuses `what` from a worker thread or an actor that is not code of this loop. */
  assertLoopThread(what: string, hint: string): void {
    if (this.onLoopThread()) return;
    const me = this.sim.current!;
    const kind = isWorker(me) ? 'executor thread' : 'actor';
    throw new UsageError(`${what} from ${kind} "${me.name}": asyncio objects belong to their loop's thread (CPython: not thread-safe; "no running event loop" for create_task)`, hint);
  }

  /** Whether `task`'s handle is next and the loop is free to run it. */
  isNext(task: AsyncioTask<unknown>): boolean {
    return this.running === null && this.ready.head?.task === task;
  }

  /** Starts running the handle at the head of the queue (its owner's step has begun). */
  begin(): Handle {
    const h = this.ready.shift();
    this.running = h;
    this.sim.touch(this.obj);
    return h;
  }

  /** The running handle is over: the loop may go on with the next. */
  end(): void {
    this.running = null;
    this.sim.touch(this.obj);
    this.kick();
  }

  /** Nothing ready and nothing running: the loop would block in `select`. */
  idle(): boolean {
    return this.running === null && this.ready.length === 0;
  }

  /** For deadlock reports: what stands between a ready handle and its turn. */
  describeQueue(): string {
    const running = this.running === null ? 'idle' : `running ${this.running.label}`;
    return `loop "${this.name}" (${running}; ${this.ready.length} handle(s) ready${this.timers.count ? `, ${this.timers.count} timer(s)` : ''})`;
  }

  // ── the queue and the runner ─────────────────────────────────────────────────────────────────

  private push(h: Handle): Handle {
    const me = this.sim.current;
    if (me === undefined) this.ready.push(h);
    else if (loopThreadOf(me)?.loop === this) this.ready.pushFromLoop(h, me);
    else this.ready.pushFromThread(h);
    this.sim.touch(this.obj);
    this.kick();
    return h;
  }

  /** The order of what is queued so far is final (see `ReadyQueue`). */
  settleQueue(): void {
    this.ready.settle();
  }

  /** Makes whoever owns the next handle able to take it: a new task's actor, the runner, the timekeeper. */
  private kick(): void {
    if (this.running !== null) return;
    this.ready.dropCancelled();
    const head = this.ready.head;
    head?.task?.spawnIfNew();
    if (this.runner === null && head?.callback !== undefined) {
      const runner = this.sim.spawn(this.name, () => this.runCallbacks());
      markLoopThread(runner, this.runnerRole);
      this.runner = runner;
    }
    // The timekeeper only matters once the loop waits; spawned earlier, its first step would only
    // add interleavings that change nothing.
    if (this.idle()) this.timers.wake();
  }

  /** The runner: spawned when a callback is next; runs callbacks while they keep coming up next. */
  private async runCallbacks(): Promise<void> {
    this.runCallback();
    while (this.ready.head?.callback !== undefined) {
      await this.sim.op(this.ready.head.label, { obj: this.obj, enabled: this.callbackNext, waitsFor: () => this.describeQueue() }, this.runCallback);
    }
    this.runner = null;
  }

  private readonly callbackNext = (): boolean => this.running === null && this.ready.head?.callback !== undefined;

  private readonly runCallback = (): void => {
    if (!this.callbackNext()) return;
    const h = this.begin();
    this.sim.result(h.label);
    try {
      h.callback!();
    } finally {
      this.end();
    }
  };
}
