import type { Sim } from '../../sim/sim.js';
import { runInExecutor } from './runInExecutor.js';

/**
 * `await asyncio.to_thread(fn)` — `fn` runs on a worker thread of the default executor (a spawned
 * actor named `name`, default `to_thread`) while the calling task awaits it (a scheduling point).
 *
 * Reproduces: the awaiter resumes only after `fn` returned, and not necessarily at once (other tasks
 * may run first); `fn`'s exception is re-raised in the awaiter and does not fail the run by itself;
 * cancelling the awaiter raises `CancelledError` in it while a started `fn` runs on to completion,
 * detached — its writes still land, possibly after the awaiter's cleanup (the classic late write);
 * a `fn` that has not started when the awaiter is cancelled never runs; a detached `fn` that raises
 * has its exception dropped silently, as CPython does (the trace records an
 * `executor.exception-dropped` event). Deliberately not: `contextvars` copying, thread identity.
 */
export function toThread<T>(sim: Sim, fn: () => Promise<T> | T, name = 'to_thread'): Promise<T> {
  return runInExecutor(sim, null, fn, name).wait();
}
