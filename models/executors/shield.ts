import { AsyncioFuture } from './AsyncioFuture.js';
import { type Awaitable, ensureFuture } from './ensureFuture.js';
import type { EventLoop } from './EventLoop.js';

/**
 * `asyncio.shield(aw)` — CPython 3.11, as written: an outer future that follows the inner one;
 * cancelling the outer (or the task awaiting it) leaves the inner running; an inner cancelled by
 * other means cancels the outer. Returns the inner future itself when it is already done.
 */
export function shield<T>(loop: EventLoop, aw: Awaitable<T>, name = 'shield'): AsyncioFuture<T> {
  const inner = ensureFuture(loop, aw, `${name}.inner`);
  if (inner.done) return inner;
  const outer = new AsyncioFuture<T>(loop, name);
  const innerDone = (): void => {
    if (outer.cancelled) return;
    if (inner.cancelled) outer.cancel();
    else {
      const exc = inner.exception();
      if (exc !== undefined) outer.setException(exc);
      else outer.setResult(inner.result());
    }
  };
  inner.addDoneCallback(innerDone, `${name}._inner_done_callback`);
  outer.addDoneCallback(() => {
    if (!inner.done) inner.removeDoneCallback(innerDone);
  }, `${name}._outer_done_callback`);
  return outer;
}
