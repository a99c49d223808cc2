import type { Actor } from '../../sim/actor.js';
import type { Sim } from '../../sim/sim.js';
import type { Handle } from './Handle.js';

/**
 * The event loop's ready queue (`BaseEventLoop._ready`, a deque appended to by the loop and, through
 * `call_soon_threadsafe`, by other threads) — FIFO, with one subtlety threads bring.
 *
 * CPython's loop thread can be preempted anywhere, so a thread running concurrently with a loop step
 * may append its handle before some of the handles that step appends (a worker started by `submit`
 * often finishes while the loop is still inside `Thread.start()`). The model runs a loop step
 * atomically, so it keeps that step's handles *open*: a thread that appends before the loop moves on
 * chooses (a data choice, shrinking toward the end of the queue) whether its handle lands after them
 * or before one of them. The choice is sound because open handles close as soon as the loop does
 * anything else a thread could have seen: its next step (`shift`), a model operation of the same step
 * (the owner takes a step: a GIL switch point), starting a thread or completing a thread's future
 * (`settle`, called by those models). A thread's handles keep their own order.
 */
export class ReadyQueue {
  private readonly handles: Handle[] = [];
  /** The loop actor whose step queued the open handles, and its step count then. */
  private openOwner: Actor | null = null;
  private openSteps = 0;
  private openCount = 0;

  constructor(
    private readonly sim: Sim,
    private readonly loop: string,
  ) {}

  get length(): number {
    return this.handles.length;
  }

  get head(): Handle | undefined {
    return this.handles[0];
  }

  /** Appends where nothing can race it (setup). */
  push(h: Handle): void {
    this.handles.push(h);
  }

  /** Appends from loop code running as `me`: the handle stays open until the loop moves on. */
  pushFromLoop(h: Handle, me: Actor): void {
    if (this.openOwner !== me || this.openSteps !== me.steps) {
      this.settle();
      this.openOwner = me;
      this.openSteps = me.steps;
    }
    h.open = true;
    this.openCount++;
    this.handles.push(h);
  }

  /** Appends from a thread: at the end, or before one of the open handles. */
  pushFromThread(h: Handle): void {
    if (this.openOwner !== null && this.openOwner.steps !== this.openSteps) this.settle();
    if (this.openCount === 0) {
      this.handles.push(h);
      return;
    }
    const before: number[] = [];
    for (let i = 0; i < this.handles.length; i++) if (this.handles[i]!.open) before.push(i);
    const at = this.sim.pick(`${this.loop}: ${h.label} queued before`, [-1, ...before]);
    if (at < 0) {
      // Landing last, after every open handle: those are now queued before it, for good.
      this.settle();
      this.handles.push(h);
      return;
    }
    for (let i = 0; i < at; i++) {
      if (this.handles[i]!.open) this.openCount--;
      this.handles[i]!.open = false;
    }
    this.handles.splice(at, 0, h);
  }

  /** The order of what is queued so far is final. */
  settle(): void {
    if (this.openCount > 0) for (const h of this.handles) h.open = false;
    this.openCount = 0;
    this.openOwner = null;
  }

  /** Takes the head (the loop's next step begins: the order so far is final). */
  shift(): Handle {
    this.settle();
    return this.handles.shift()!;
  }

  /** `_run_once` skips cancelled handles without running them. */
  dropCancelled(): void {
    while (this.handles.length > 0 && this.handles[0]!.cancelled) this.handles.shift();
  }
}
