import type { Sim } from '../../sim/sim.js';
import type { ConcurrentFuture } from './ConcurrentFuture.js';
import type { EventLoop } from './EventLoop.js';
import { LoopFuture } from './LoopFuture.js';
import { loopThreadOf } from './roles.js';
import { wrapFuture } from './wrapFuture.js';

export { DROPPED_EXCEPTION } from './LoopFuture.js';

/**
 * `await asyncio.wrap_future(future)` — how a task on the event loop awaits a thread's
 * `concurrent.futures.Future`: {@link wrapFuture} from a task of an `EventLoop`, the
 * {@link LoopFuture} approximation from a plain actor.
 */
export function awaitFuture<T>(sim: Sim, future: ConcurrentFuture<T>): Promise<T> {
  const role = loopThreadOf(sim.current);
  if (role?.task !== undefined) return wrapFuture(role.loop as EventLoop, future).wait();
  return new LoopFuture(sim, future).wait();
}
