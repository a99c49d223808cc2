import { CancelledError } from '../../sim/errors.js';
import { AsyncioTimeoutError } from './asyncioErrors.js';
import type { AsyncioFuture } from './AsyncioFuture.js';
import { type Awaitable, awaitInline, ensureFuture } from './ensureFuture.js';
import type { EventLoop } from './EventLoop.js';
import { timeout } from './timeout.js';

/**
 * `await asyncio.wait_for(aw, timeout)` with the timeout in virtual ms (`null`: none).
 *
 * CPython 3.11 (`python: '3.11'`, the default): the awaitable becomes a task; the caller waits on a
 * private waiter released by the task's completion or by a `call_later` timer; on timeout it cancels
 * the task and waits for it to finish (`_cancel_and_wait`) before raising `TimeoutError` — or
 * returning the value if the task swallowed the cancel; if the caller is cancelled it cancels the
 * task the same way and re-raises. 3.12+: `async with timeout(t): return await aw` — a coroutine
 * then runs inline in the caller's task, with no task and no extra loop turns of its own.
 */
export async function waitFor<T>(loop: EventLoop, aw: Awaitable<T>, timeoutMs: number | null, name = 'wait_for'): Promise<T> {
  if (timeoutMs !== null && timeoutMs <= 0) {
    const fut = ensureFuture(loop, aw, name);
    if (fut.done) return fut.result();
    await cancelAndWait(loop, fut);
    return resultOrTimeout(fut);
  }
  if (loop.since('3.12')) return timeout(loop, timeoutMs, () => awaitInline(aw));
  if (timeoutMs === null) return awaitInline(aw);
  const waiter = loop.createFuture<void>(`${name}.waiter`);
  const release = (): void => void (waiter.done || waiter.setResult());
  const timer = loop.callLater(timeoutMs, release, `${name} _release_waiter (timeout)`);
  const fut = ensureFuture(loop, aw, name);
  fut.addDoneCallback(release, `${name} _release_waiter`);
  try {
    try {
      await waiter.wait();
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      if (fut.done) return fut.result();
      fut.removeDoneCallback(release);
      await cancelAndWait(loop, fut);
      throw e;
    }
    if (fut.done) return fut.result();
    fut.removeDoneCallback(release);
    await cancelAndWait(loop, fut);
    return resultOrTimeout(fut);
  } finally {
    timer.cancel();
  }
}

function resultOrTimeout<T>(fut: AsyncioFuture<T>): T {
  try {
    return fut.result();
  } catch (e) {
    if (e instanceof CancelledError) throw new AsyncioTimeoutError();
    throw e;
  }
}

/** `_cancel_and_wait(fut)`: cancel it and wait on a private waiter until it is done. */
async function cancelAndWait(loop: EventLoop, fut: AsyncioFuture<unknown>): Promise<void> {
  const waiter = loop.createFuture<void>('_cancel_and_wait.waiter');
  const release = (): void => void (waiter.done || waiter.setResult());
  fut.addDoneCallback(release, '_cancel_and_wait _release_waiter');
  try {
    fut.cancel();
    await waiter.wait();
  } finally {
    fut.removeDoneCallback(release);
  }
}
