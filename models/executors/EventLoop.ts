import type { Actor } from '../../sim/actor.js';
import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { isWorker, markLoopTask } from './roles.js';

/**
 * An asyncio event loop — the thread that runs a service's tasks (`asyncio.get_running_loop()`).
 *
 * Tasks are actors: a task runs from one `await` of a model operation to the next as one atomic
 * step, exactly as a coroutine runs between two suspension points. Reproduces: `create_task` — the
 * task's body starts only at its first step, so `task.cancel()` before then means the body never
 * runs (the core's `actor.cancel()`), and a cancel later raises `CancelledError` at the task's next
 * await; `call_soon_threadsafe` — a callback a thread hands to the loop runs later, as its own step;
 * `create_task` from an executor thread is refused, as asyncio raises "no running event loop".
 *
 * Deliberately not: the FIFO ready queue. asyncio runs ready callbacks in the order they were
 * scheduled; here any runnable task may go next. That is a superset of asyncio's schedules, sound
 * for finding races; with worker threads in play (whose hand-offs arrive at arbitrary times through
 * `call_soon_threadsafe`) most of those orders are reachable in CPython too. Where an order matters
 * and asyncio guarantees it, the model enforces it explicitly (see `runCoroutineThreadsafe`). Also
 * not: loop closing/shutdown, `call_later` (use `sim.sleep`), exception handlers, eager tasks (3.12).
 */
export class EventLoop {
  constructor(
    readonly sim: Sim,
    readonly name = 'loop',
  ) {}

  /** `loop.create_task(coro)`: a task on this loop; `task.cancel()`, `await task.join()` as in asyncio. */
  createTask<T>(name: string, fn: () => Promise<T> | T): Actor<T> {
    if (isWorker(this.sim.current)) {
      throw new UsageError(
        `create_task("${name}") from executor thread "${this.sim.current!.name}": asyncio raises RuntimeError (no running event loop)`,
        'from a thread, hand work to the loop with runCoroutineThreadsafe(loop, fn) or loop.callSoonThreadsafe(fn)',
      );
    }
    return this.spawnTask(name, fn);
  }

  /** For models: a task on this loop, created on behalf of any actor (a thread's hand-off). */
  spawnTask<T>(name: string, fn: () => Promise<T> | T): Actor<T> {
    const task = this.sim.spawn(name, fn);
    markLoopTask(task as Actor, this.name);
    return task;
  }

  /**
   * `loop.call_soon_threadsafe(callback)`: `callback` runs on the loop later, in one step of its own
   * (a loop-callback actor), not in the calling thread.
   */
  callSoonThreadsafe(callback: () => void, name = 'call_soon_threadsafe'): Actor<void> {
    return this.spawnTask(name, () => callback());
  }
}
