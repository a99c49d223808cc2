import { AsyncioFuture } from './AsyncioFuture.js';
import type { ConcurrentFuture } from './ConcurrentFuture.js';
import type { EventLoop } from './EventLoop.js';

/**
 * `asyncio.wrap_future(future, loop=loop)` — an asyncio future that follows a thread's
 * `concurrent.futures.Future`, as CPython 3.11's `_chain_future` links them:
 *
 * - when the concurrent future completes (in the thread that completes it, or wherever it is
 *   cancelled), `_call_set_state` hands `_set_state` to the loop with `call_soon_threadsafe`; that
 *   callback copies the outcome into the asyncio future unless it was cancelled meanwhile — so the
 *   asyncio future is still pending for a while after the thread returned, and a `cancel()` in that
 *   gap succeeds and cancels the awaiter;
 * - when the asyncio future is cancelled, its `_call_check_cancel` done-callback (a loop callback,
 *   queued ahead of the awaiter's wake-up) cancels the concurrent future, which only succeeds while
 *   no thread has started the call: a started call runs on, detached.
 */
export function wrapFuture<T>(loop: EventLoop, source: ConcurrentFuture<T>): AsyncioFuture<T> {
  loop.assertLoopThread(`wrap_future(${source.name})`, 'wrap a concurrent future from a task on the loop');
  const dest = new AsyncioFuture<T>(loop, source.name);
  dest.addDoneCallback(() => {
    if (dest.cancelled) source.cancel();
  }, `_call_check_cancel(${source.name})`);
  source.addDoneCallback(() => {
    loop.pushThreadsafe(() => copyState(source, dest), `_set_state(${source.name})`);
  });
  return dest;
}

/** `_copy_future_state(source, dest)`. */
function copyState<T>(source: ConcurrentFuture<T>, dest: AsyncioFuture<T>): void {
  if (dest.cancelled) return;
  if (source.cancelled) dest.cancel();
  else if (source.raised) dest.setException(source.exception);
  else dest.setResult(source.value as T);
}
