import type { Actor } from '../../sim/actor.js';
import type { Sim } from '../../sim/sim.js';
import { TimerHandle } from './Handle.js';
import { type LoopThread, markLoopThread } from './roles.js';

/** What the timekeeper needs of its loop. */
interface TimedLoop {
  readonly name: string;
  readonly obj: string;
  idle(): boolean;
  describeQueue(): string;
}

/**
 * The loop's timers (`BaseEventLoop._scheduled`) and the `select` timeout that waits for them: a
 * daemon actor, spawned while timers are pending, that sleeps until the earliest one and then moves
 * the due timers to the ready queue in deadline order, once the loop has nothing else ready or
 * running. Like every loop actor it is `instant`, so virtual time reaches a timer only when nothing
 * at all can run — CPython runs the loop's ready work, and a runnable thread's next step, in
 * microseconds, so a timer of milliseconds never comes due in between. (A slow thread is a thread
 * that sleeps: model its time with `sim.sleep`.) A daemon: a timer nobody waits for does not keep
 * the run alive (`asyncio.run` closes the loop).
 */
export class Timekeeper {
  private readonly timers: TimerHandle[] = [];
  private seq = 0;
  private keeper: Actor | null = null;

  constructor(
    private readonly sim: Sim,
    private readonly loop: TimedLoop,
    private readonly role: LoopThread,
    private readonly push: (h: TimerHandle) => void,
  ) {}

  get count(): number {
    return this.timers.length;
  }

  add(when: number, callback: () => void, label: string): TimerHandle {
    const h = new TimerHandle(label, callback, when, this.seq++, this.drop);
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.when > h.when) i--;
    this.timers.splice(i, 0, h);
    return h;
  }

  /** Spawns the timekeeper if timers are pending and none is there. */
  wake(): void {
    if (this.keeper !== null || this.timers.length === 0) return;
    const keeper = this.sim.spawn(`${this.loop.name}.timers`, () => this.keepTime(), { daemon: true });
    markLoopThread(keeper, this.role);
    this.keeper = keeper;
  }

  private readonly drop = (h: TimerHandle): void => {
    const i = this.timers.indexOf(h);
    if (i >= 0) this.timers.splice(i, 1);
  };

  private async keepTime(): Promise<void> {
    while (this.timers.length > 0) {
      // The deadline is read at each choice: a timer added or cancelled meanwhile moves it, as
      // `select`'s timeout is recomputed from `_scheduled` on each pass of `_run_once`.
      await this.sim.op(`${this.loop.name}.select`, { obj: this.loop.obj, enabled: this.enabled, deadline: this.wakeAt, waitsFor: () => `a timer of ${this.loop.describeQueue()}` }, this.moveDue);
    }
    this.keeper = null;
  }

  private due(): boolean {
    const next = this.timers[0]?.when;
    return next !== undefined && next <= this.sim.now && this.loop.idle();
  }

  /** The earliest timer, unless it is due already (then it waits for the loop to be idle). */
  private readonly wakeAt = (): number | undefined => {
    const next = this.timers[0]?.when;
    return next !== undefined && next > this.sim.now ? next : undefined;
  };

  /** Work to do, or nothing left to wait for. */
  private readonly enabled = (): boolean => this.due() || this.timers.length === 0;

  private readonly moveDue = (): void => {
    if (!this.due()) return;
    const now = this.sim.now;
    while (this.timers.length > 0 && this.timers[0]!.when <= now) this.push(this.timers.shift()!);
  };
}
