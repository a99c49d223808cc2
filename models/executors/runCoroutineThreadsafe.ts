import type { AsyncioTask } from './AsyncioTask.js';
import { ConcurrentFuture } from './ConcurrentFuture.js';
import type { EventLoop } from './EventLoop.js';

/**
 * `asyncio.run_coroutine_threadsafe(coro, loop)` — from a worker thread, hand `fn` to the event loop
 * and get a `concurrent.futures.Future` for its result; the thread does not wait unless it calls
 * `future.result()`. Awaiting the call is the thread's scheduling point for `call_soon_threadsafe`
 * (the GIL may switch to the loop just before it); the future comes back right after.
 *
 * CPython 3.11, as written: the call queues a callback with `call_soon_threadsafe`; when the loop
 * runs it, the callback creates the task (`ensure_future`, whose first step queues behind whatever
 * is ready by then) and chains it to the future (`_chain_future`). The task's outcome is copied into
 * the future by a done-callback (its exception is retrieved there: no "never retrieved"); a
 * cancelled task cancels the future; `future.cancel()` from the thread cancels the task through
 * `call_soon_threadsafe(task.cancel)` — queued behind the task's first step, so the body always
 * starts — and a result arriving for a cancelled future is dropped.
 */
export async function runCoroutineThreadsafe<T>(loop: EventLoop, fn: () => Promise<T> | T, name = 'run_coroutine_threadsafe'): Promise<ConcurrentFuture<T>> {
  const future = new ConcurrentFuture<T>(loop.sim, loop.sim.id(name));
  await loop.callSoonThreadsafe(() => {
    const task = loop.createTask(name, fn);
    future.addDoneCallback((f) => {
      if (f.cancelled) loop.pushThreadsafe(() => void task.cancel(), `${name}.cancel`);
    });
    task.addDoneCallback(() => setConcurrentState(future, task), `_call_set_state(${future.name})`);
  }, `run_coroutine_threadsafe(${name})`);
  return future;
}

/** `_set_concurrent_future_state(concurrent, source)`. */
function setConcurrentState<T>(future: ConcurrentFuture<T>, task: AsyncioTask<T>): void {
  if (task.cancelled) future.cancel();
  if (!future.setRunningOrNotifyCancel()) return;
  const error = task.exception();
  if (error !== undefined) future.setException(error);
  else future.setResult(task.result());
}
