import type { Actor } from '../../sim/actor.js';

/**
 * Which actors are event-loop code and which are executor threads. asyncio's rules depend on it
 * (`create_task` needs a running loop; a blocking `Future.result()` on the loop stalls every task;
 * asyncio objects are not thread-safe), and the core's actors do not say; the executor models
 * record it in the actor's opaque `role`.
 */
/** What models other than the loop's need of it (an `EventLoop`; kept loose so this file imports nothing). */
export interface LoopLike {
  readonly name: string;
  /** Loop code is about to do something threads can see: queue order is settled up to here. */
  settleQueue?(): void;
}

export class LoopThread {
  constructor(
    /** The loop this actor runs on. */
    readonly loop: LoopLike,
    /** The asyncio task whose steps the actor runs; undefined for the loop's callback runner. */
    readonly task?: object,
  ) {}
}
const WORKER = Symbol('executor thread');

/** Legacy: an actor standing for an asyncio task without a loop model (see `LoopFuture`). */
export function markLoopTask(actor: Actor, loop: string): void {
  actor.role = new LoopThread({ name: loop });
}

/**
 * Marks an actor as code of an event loop. It is also `instant`: the loop's work takes microseconds
 * in CPython, so virtual time does not pass while only loop code can run (no stall), and its own
 * deadlines (the loop's timers) are reached only when nothing can run.
 */
export function markLoopThread(actor: Actor, role: LoopThread): void {
  actor.role = role;
  actor.instant = true;
}

/** The loop thread role of the actor, if it runs event-loop code. */
export function loopThreadOf(actor: Actor | undefined): LoopThread | undefined {
  const role = actor?.role;
  return role instanceof LoopThread ? role : undefined;
}

/** The name of the loop the actor is a task of, if it is one. */
export function loopOf(actor: Actor | undefined): string | undefined {
  return loopThreadOf(actor)?.loop.name;
}

export function markWorker(actor: Actor): void {
  actor.role = WORKER;
}

export function isWorker(actor: Actor | undefined): boolean {
  return actor !== undefined && actor.role === WORKER;
}
