import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import type { AsyncioFuture } from './AsyncioFuture.js';
import { wrapFuture } from './wrapFuture.js';
import type { EventLoop } from './EventLoop.js';
import { LoopFuture } from './LoopFuture.js';
import { loopThreadOf } from './roles.js';
import { ThreadPool } from './ThreadPool.js';

/** What `run_in_executor` returns: the loop's asyncio future, or (outside a loop model) a {@link LoopFuture}. */
export type ExecutorFuture<T> = AsyncioFuture<T> | LoopFuture<T>;

/**
 * `loop.run_in_executor(executor, fn)` — runs `fn` on a worker of `executor` (`null`: the default
 * executor, an unbounded {@link ThreadPool}) and returns the asyncio future to await or cancel.
 *
 * Called from a task of an {@link EventLoop}, this is `loop.runInExecutor`: CPython's order of
 * callbacks and wake-ups (`wrapFuture`). Called from a plain actor standing for a task without a
 * loop model, it keeps the earlier approximation — a {@link LoopFuture} whose awaiter may resume in
 * any order with other actors (a superset of CPython's schedules).
 */
export function runInExecutor<T>(sim: Sim, executor: ThreadPool | null, fn: () => Promise<T> | T, name?: string): ExecutorFuture<T> {
  if (sim.current === undefined) {
    throw new UsageError(`run_in_executor("${name ?? 'call'}") outside an actor`, 'call it inside sim.spawn(...): the caller is a task on the event loop that awaits the call');
  }
  const role = loopThreadOf(sim.current);
  if (role?.task !== undefined) return (role.loop as EventLoop).runInExecutor(executor, fn, name);
  const pool = executor ?? new ThreadPool(sim, 'default');
  const future = pool.submit(fn, name ?? `${pool.name}.worker`);
  return new LoopFuture(sim, future);
}

/**
 * `loop.run_in_executor(executor, fn)` on an {@link EventLoop}: submits `fn` to `executor` (`null`:
 * the loop's default `ThreadPoolExecutor`) at once and returns `asyncio.wrap_future` of its future.
 * Between `fn` returning and its future completing the thread takes one more scheduling point, as a
 * thread can be preempted between `_WorkItem.run`'s call and its `set_result`.
 */
export function loopRunInExecutor<T>(loop: EventLoop, executor: ThreadPool | null, fn: () => Promise<T> | T, name?: string): AsyncioFuture<T> {
  loop.assertLoopThread(`run_in_executor(${name ?? 'fn'})`, 'call it from a task on the loop');
  const pool = executor ?? loop.defaultExecutor();
  const sim = loop.sim;
  let returns = '';
  const cf = pool.submit(async () => {
    let v: T;
    try {
      v = await fn();
    } catch (e) {
      await sim.point(returns, { obj: `future:${cf.name}` });
      throw e;
    }
    await sim.point(returns, { obj: `future:${cf.name}` });
    return v;
  }, name ?? 'executor');
  returns = `${cf.name} returns`;
  return wrapFuture(loop, cf);
}
