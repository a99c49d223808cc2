import { CancelledError } from '../../sim/errors.js';
import { ConcurrentFuture } from './ConcurrentFuture.js';
import type { EventLoop } from './EventLoop.js';

/**
 * `asyncio.run_coroutine_threadsafe(coro, loop)` — from a worker thread, schedule `fn` onto the
 * event loop and get a `concurrent.futures.Future` for its result. The caller does not wait: `fn`
 * runs later as a task on the loop (its first step is its own scheduling point), and the future
 * resolves when that task finishes — unless the thread blocks on `future.result()`.
 *
 * Reproduces CPython 3.11's `_chain_future`: the task's value or exception lands in the future (its
 * exception is thereby retrieved: it does not fail the run); a cancelled task cancels the future;
 * `future.cancel()` from the thread succeeds while the task is unfinished and cancels the task
 * through `call_soon_threadsafe(task.cancel)` — a later loop step, and never before the task's first
 * step (the loop's FIFO queue runs the task's `__step` first, so the body always starts); a result
 * arriving for a cancelled future is dropped.
 *
 * Not reproduced: the separate loop hop between the thread's call and the task's creation (the
 * task's first step stands for both), and `loop.is_closed()` handling.
 */
export function runCoroutineThreadsafe<T>(loop: EventLoop, fn: () => Promise<T> | T, name = 'run_coroutine_threadsafe'): ConcurrentFuture<T> {
  const sim = loop.sim;
  const future = new ConcurrentFuture<T>(sim, sim.id(name));
  const task = loop.spawnTask(name, async () => {
    try {
      const v = await fn();
      if (future.setRunningOrNotifyCancel()) future.setResult(v);
      return v;
    } catch (e) {
      if (e instanceof CancelledError) {
        future.cancel();
        throw e;
      }
      if (future.setRunningOrNotifyCancel()) future.setException(e);
      return undefined;
    }
  });
  future.addDoneCallback((f) => {
    if (!f.cancelled || task.done) return;
    // _call_check_cancel → source_loop.call_soon_threadsafe(source.cancel)
    // (queued behind the task's first __step, so it never lands before the body starts).
    loop.spawnTask(`cancel ${task.name}`, async () => {
      await sim.point(`${loop.name}.call_soon_threadsafe(${task.name}.cancel)`, { obj: `actor:${task.id}`, enabled: () => task.state !== 'new' });
      task.cancel();
    });
  });
  return future;
}
