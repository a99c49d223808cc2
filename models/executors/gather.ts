import { CancelledError } from '../../sim/errors.js';
import { AsyncioFuture } from './AsyncioFuture.js';
import { type Awaitable, ensureFuture } from './ensureFuture.js';
import type { EventLoop } from './EventLoop.js';

/**
 * `_GatheringFuture`: cancelling it cancels the children — like `Task.cancel`, it does not mark
 * itself cancelled; the outcome follows once the children are done.
 */
class GatheringFuture<T> extends AsyncioFuture<T> {
  cancelRequested = false;

  constructor(
    loop: EventLoop,
    name: string,
    private readonly children: readonly AsyncioFuture<unknown>[],
  ) {
    super(loop, name);
  }

  override cancel(msg?: unknown): boolean {
    if (this.done) return false;
    let ret = false;
    for (const child of this.children) if (child.cancel(msg)) ret = true;
    if (ret) this.cancelRequested = true;
    return ret;
  }
}

/**
 * `asyncio.gather(*aws, return_exceptions=False)` — CPython 3.11 (3.12 with the loop option), as
 * written: coroutines become tasks at once; each child's done-callback counts it in; without
 * `returnExceptions` the first failure (a cancelled child counts as one) settles the outer future
 * and the other children run on; with it, results and exceptions are collected in order.
 * Cancelling the outer future cancels every child not yet done; the outer future then ends with a
 * `CancelledError` once all children have finished. 3.12: children already done when `gather` is
 * called are counted in at once rather than through a scheduled callback.
 */
export function gather<T extends unknown[]>(loop: EventLoop, aws: { [K in keyof T]: Awaitable<T[K]> }, options: { returnExceptions?: boolean; name?: string } = {}): AsyncioFuture<T> {
  const name = options.name ?? 'gather';
  const returnExceptions = options.returnExceptions === true;
  const children: AsyncioFuture<unknown>[] = [];
  const seen = new Map<unknown, AsyncioFuture<unknown>>();
  const doneAlready: AsyncioFuture<unknown>[] = [];
  let nfinished = 0;
  // `outer` is created after the children, as in CPython (bpo-46672): a callback never sees it unset.
  const holder: { outer?: GatheringFuture<T> } = {};
  const doneCallback = (fut: AsyncioFuture<unknown>): void => {
    nfinished++;
    const outer = holder.outer;
    if (outer === undefined || outer.done) return;
    if (!returnExceptions) {
      if (fut.cancelled) return outer.setException(fut.cancelledError());
      const exc = fut.exception();
      if (exc !== undefined) return outer.setException(exc);
    }
    if (nfinished === seen.size) {
      const results = children.map((c) => (c.cancelled ? new CancelledError(c.cancelMessage ?? '') : (c.exception() ?? c.result())));
      if (outer.cancelRequested) outer.setException(fut.cancelledError());
      else outer.setResult(results as T);
    }
  };
  (aws as readonly Awaitable<unknown>[]).forEach((aw, i) => {
    let fut = seen.get(aw);
    if (fut === undefined) {
      fut = ensureFuture(loop, aw, `${name}[${i}]`);
      seen.set(aw, fut);
      if (loop.since('3.12') && fut.done) doneAlready.push(fut);
      else fut.addDoneCallback(doneCallback, `${name}._done_callback`);
    }
    children.push(fut);
  });
  const outer = new GatheringFuture<T>(loop, name, children);
  holder.outer = outer;
  if (children.length === 0) outer.setResult([] as unknown as T);
  for (const fut of doneAlready) doneCallback(fut);
  return outer;
}
