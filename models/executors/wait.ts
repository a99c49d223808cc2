import { UsageError } from '../../sim/errors.js';
import type { AsyncioFuture } from './AsyncioFuture.js';
import type { EventLoop } from './EventLoop.js';

export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';

/**
 * `done, pending = await asyncio.wait(fs, timeout=…, return_when=…)` — CPython 3.11's `_wait`: a
 * private waiter released by the children's done-callbacks (or a timer, in virtual ms) — even when
 * every child is done already, the caller waits for their callbacks' turn; the children are neither
 * cancelled on timeout nor when the caller is cancelled. Results come in the order of `fs`.
 */
export async function wait(loop: EventLoop, fs: readonly AsyncioFuture<unknown>[], options: { timeoutMs?: number; returnWhen?: ReturnWhen } = {}): Promise<{ done: AsyncioFuture<unknown>[]; pending: AsyncioFuture<unknown>[] }> {
  const returnWhen = options.returnWhen ?? 'ALL_COMPLETED';
  if (fs.length === 0) throw new UsageError('asyncio.wait() of no futures', 'CPython raises ValueError: Set of Tasks/Futures is empty');
  const waiter = loop.createFuture<void>('wait.waiter');
  const timer = options.timeoutMs === undefined ? undefined : loop.callLater(options.timeoutMs, () => void (waiter.done || waiter.setResult()), 'wait _release_waiter (timeout)');
  let counter = fs.length;
  const onCompletion = (f: AsyncioFuture<unknown>): void => {
    counter--;
    if (counter <= 0 || returnWhen === 'FIRST_COMPLETED' || (returnWhen === 'FIRST_EXCEPTION' && !f.cancelled && f.exception() !== undefined)) {
      timer?.cancel();
      if (!waiter.done) waiter.setResult();
    }
  };
  for (const f of fs) f.addDoneCallback(onCompletion, 'wait._on_completion');
  try {
    await waiter.wait();
  } finally {
    timer?.cancel();
    for (const f of fs) f.removeDoneCallback(onCompletion);
  }
  return { done: fs.filter((f) => f.done), pending: fs.filter((f) => !f.done) };
}
