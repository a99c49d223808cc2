import { CancelledError, UsageError } from '../../sim/errors.js';
import { AsyncioTimeoutError } from './asyncioErrors.js';
import type { AsyncioTask } from './AsyncioTask.js';
import type { EventLoop } from './EventLoop.js';
import type { Handle } from './Handle.js';

type TimeoutState = 'created' | 'entered' | 'expiring' | 'expired' | 'exited';

/**
 * `async with asyncio.timeout(delay): body` (Python 3.11+), ported from `asyncio/timeouts.py`: on
 * entry a timer is armed (`call_at`, or `call_soon` when the deadline has passed); when it fires it
 * cancels the current task; on exit, if it fired and the `CancelledError` that escapes the body is
 * its own (`uncancel()` brings the task back to the count it had on entry), that error becomes
 * `TimeoutError`. A cancel from elsewhere still propagates as `CancelledError`. `delayMs` is virtual
 * ms; `null` never expires.
 */
export async function timeout<T>(loop: EventLoop, delayMs: number | null, body: () => Promise<T> | T): Promise<T> {
  const task = loop.currentTask;
  if (task === undefined) throw new UsageError('asyncio.timeout() outside a task', 'use it inside a task: loop.createTask(name, fn)');
  const t = new Timeout(loop, task, delayMs === null ? null : loop.time + delayMs);
  t.enter();
  let value: T;
  try {
    value = await body();
  } catch (e) {
    t.exit(e, true);
    throw e;
  }
  t.exit(undefined, false);
  return value;
}

class Timeout {
  private state: TimeoutState = 'created';
  private handle: Handle | null = null;
  private cancellingOnEntry = 0;

  constructor(
    private readonly loop: EventLoop,
    private readonly task: AsyncioTask<unknown>,
    private readonly when: number | null,
  ) {}

  enter(): void {
    this.state = 'entered';
    this.cancellingOnEntry = this.task.cancelling();
    if (this.when === null) return;
    this.handle = this.when <= this.loop.time ? this.loop.callSoon(this.onTimeout, 'Timeout._on_timeout') : this.loop.callLater(this.when - this.loop.time, this.onTimeout, 'Timeout._on_timeout');
  }

  exit(error: unknown, raised: boolean): void {
    this.handle?.cancel();
    this.handle = null;
    if (this.state === 'expiring') {
      this.state = 'expired';
      if (this.task.uncancel() <= this.cancellingOnEntry && raised && error instanceof CancelledError) throw new AsyncioTimeoutError();
    } else if (this.state === 'entered') this.state = 'exited';
  }

  private readonly onTimeout = (): void => {
    this.task.cancel();
    this.state = 'expiring';
    this.handle = null;
  };
}
