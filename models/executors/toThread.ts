import type { Sim } from '../../sim/sim.js';
import { runInExecutor } from './runInExecutor.js';

/**
 * `await asyncio.to_thread(fn)` — `fn` runs on a worker thread of the default executor (a spawned
 * actor named `name`, default `to_thread`) while the calling task awaits it.
 *
 * Reproduces: the awaiter resumes only after `fn` returned, through the loop (see `wrapFuture` when
 * called from a task of an `EventLoop`); `fn`'s exception is re-raised in the awaiter and does not
 * fail the run by itself; cancelling the awaiter raises `CancelledError` in it while a started `fn`
 * runs on to completion, detached — its writes still land, possibly after the awaiter's cleanup
 * (the classic late write); a `fn` no thread has started when the cancel reaches it never runs.
 * Deliberately not: `contextvars` copying, thread identity.
 */
export function toThread<T>(sim: Sim, fn: () => Promise<T> | T, name = 'to_thread'): Promise<T> {
  return runInExecutor(sim, null, fn, name).wait();
}
