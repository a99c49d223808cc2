import type { Sim } from '../../sim/sim.js';
import type { ConcurrentFuture } from './ConcurrentFuture.js';
import { LoopFuture } from './LoopFuture.js';

export { DROPPED_EXCEPTION } from './LoopFuture.js';

/**
 * `await asyncio.wrap_future(future)` — how a task on the event loop awaits a thread's
 * `concurrent.futures.Future`. The semantics (cancellation, detached workers, dropped exceptions)
 * are {@link LoopFuture}'s.
 */
export function awaitFuture<T>(sim: Sim, future: ConcurrentFuture<T>): Promise<T> {
  return new LoopFuture(sim, future).wait();
}
