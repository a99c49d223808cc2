import { CancelledError, UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import type { ConcurrentFuture } from './ConcurrentFuture.js';

/** The event the trace shows when a detached call's exception is dropped (see {@link awaitFuture}). */
export const DROPPED_EXCEPTION = 'executor.exception-dropped';

/**
 * `await asyncio.wrap_future(future)` — how a task on the event loop awaits a thread's
 * `concurrent.futures.Future` (what `run_in_executor` and `to_thread` do).
 *
 * The await is one scheduling point, runnable once the future is done: a thread finishing does not
 * resume the awaiter, it only makes it runnable (CPython hands the result over with
 * `call_soon_threadsafe`; other tasks may run first). Cancelling the awaiting task raises
 * `CancelledError` in it at that point — even when the future completed meanwhile (`Task.cancel`
 * sets `_must_cancel`) — and cancels the future, which stops the call only if it has not started
 * (`_chain_future`'s `_call_check_cancel`); a running call goes on, detached, and its writes land.
 *
 * A detached call that then raises: asyncio drops the exception silently — the wrapping asyncio
 * future is already cancelled, so `_copy_future_state` is skipped, and `concurrent.futures` never
 * logs an unretrieved exception (checked against CPython 3.11: no "exception was never retrieved").
 * The model does the same — it does not fail the run — and records a `executor.exception-dropped`
 * event so the trace shows it.
 */
export async function awaitFuture<T>(sim: Sim, future: ConcurrentFuture<T>): Promise<T> {
  const me = sim.current;
  if (me === undefined) throw new UsageError(`awaiting future "${future.name}" outside an actor`, 'await executor calls inside sim.spawn(...), as a task on the event loop');
  try {
    await sim.point(`await ${future.name}`, {
      obj: future.obj,
      read: true,
      enabled: () => future.done,
      waitsFor: () => `future "${future.name}" (${future.state})`,
    });
  } catch (e) {
    if (e instanceof CancelledError && !future.cancel()) {
      future.addDoneCallback((f) => {
        if (f.exception !== undefined) sim.log(DROPPED_EXCEPTION, { future: f.name, awaiter: me.name, error: describe(f.exception) });
      });
    }
    throw e;
  }
  return future.outcome();
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
