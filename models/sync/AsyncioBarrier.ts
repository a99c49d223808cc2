import { UsageError } from '../../sim/errors.js';
import type { EventLoop } from '../executors/EventLoop.js';
import { AsyncioCondition } from './AsyncioCondition.js';
import { BrokenBarrierError } from './Barrier.js';

type BarrierState = 'filling' | 'draining' | 'resetting' | 'broken';

/**
 * `asyncio.Barrier(parties)` (Python 3.11+), on one {@link EventLoop} — CPython's `locks.Barrier` as
 * written, on an {@link AsyncioCondition}: the filling / draining / resetting / broken states, so a
 * task that arrives while the previous cycle drains waits for it to empty; `wait()` returns the
 * arrival index; `abort()` breaks it (waiters and later callers get `BrokenBarrierError`) until
 * `reset()`, which breaks the current waiters and refills. A cancelled waiter just leaves (its
 * count is taken back). (Threads: `Barrier`.)
 */
export class AsyncioBarrier {
  private readonly cond: AsyncioCondition;
  private state: BarrierState = 'filling';
  private count = 0;

  constructor(
    readonly loop: EventLoop,
    readonly name: string,
    readonly parties: number,
  ) {
    if (!Number.isSafeInteger(parties) || parties < 1) throw new UsageError(`asyncio.Barrier "${name}": parties must be an integer ≥ 1, got ${parties}`, 'CPython raises ValueError: parties must be > 0');
    this.cond = new AsyncioCondition(loop, `${name}.cond`);
  }

  get broken(): boolean {
    return this.state === 'broken';
  }

  /** `n_waiting`. */
  get waiting(): number {
    return this.state === 'filling' ? this.count : 0;
  }

  wait(): Promise<number> {
    return this.cond.withLock(async () => {
      await this.block();
      try {
        const index = this.count;
        this.count++;
        if (index + 1 === this.parties) this.release();
        else await this.waitCycle();
        return index;
      } finally {
        this.count--;
        this.exit();
      }
    });
  }

  reset(): Promise<void> {
    return this.cond.withLock(() => {
      if (this.count > 0) this.state = 'resetting';
      else this.state = 'filling';
      this.cond.notifyAll();
    });
  }

  abort(): Promise<void> {
    return this.cond.withLock(() => {
      this.state = 'broken';
      this.cond.notifyAll();
    });
  }

  private async block(): Promise<void> {
    await this.cond.waitFor(() => this.state !== 'draining' && this.state !== 'resetting');
    if (this.state === 'broken') throw new BrokenBarrierError(this.name, 'Barrier aborted');
  }

  private release(): void {
    this.state = 'draining';
    this.cond.notifyAll();
  }

  private async waitCycle(): Promise<void> {
    await this.cond.waitFor(() => this.state !== 'filling');
    if (this.state === 'broken' || this.state === 'resetting') throw new BrokenBarrierError(this.name, 'Abort or reset of barrier');
  }

  private exit(): void {
    if (this.count === 0) {
      if (this.state === 'resetting' || this.state === 'draining') this.state = 'filling';
      this.cond.notifyAll();
    }
  }
}
