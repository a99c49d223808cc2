import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { LoopFuture } from './LoopFuture.js';
import { ThreadPool } from './ThreadPool.js';

/**
 * `loop.run_in_executor(executor, fn)` — runs `fn` on a worker of `executor` (`null`: the default
 * executor, an unbounded {@link ThreadPool}) and awaits it from the calling task.
 *
 * The call is submitted synchronously, before the first `await` (as `run_in_executor` submits before
 * returning its future), so a task cancelled right after calling this still leaves the call queued
 * or running. Returns the asyncio future: `await` it, or keep it and `cancel()` it from another task;
 * the semantics — cancellation, detached workers, dropped exceptions — are {@link LoopFuture}'s.
 */
export function runInExecutor<T>(sim: Sim, executor: ThreadPool | null, fn: () => Promise<T> | T, name?: string): LoopFuture<T> {
  if (sim.current === undefined) {
    throw new UsageError(`run_in_executor("${name ?? 'call'}") outside an actor`, 'call it inside sim.spawn(...): the caller is a task on the event loop that awaits the call');
  }
  const pool = executor ?? new ThreadPool(sim, 'default');
  const future = pool.submit(fn, name ?? `${pool.name}.worker`);
  return new LoopFuture(sim, future);
}
