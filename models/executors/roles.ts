import type { Actor } from '../../sim/actor.js';

/**
 * Which actors are event-loop tasks and which are executor threads. asyncio's rules depend on it
 * (`create_task` needs a running loop; a blocking `Future.result()` on the loop stalls every task),
 * and the core's actors do not say; the executor models mark them here.
 */
const loopTasks = new WeakMap<Actor, string>();
const workers = new WeakSet<Actor>();

export function markLoopTask(actor: Actor, loop: string): void {
  loopTasks.set(actor, loop);
}

/** The name of the loop the actor is a task of, if it is one. */
export function loopOf(actor: Actor | undefined): string | undefined {
  return actor === undefined ? undefined : loopTasks.get(actor);
}

export function markWorker(actor: Actor): void {
  workers.add(actor);
}

export function isWorker(actor: Actor | undefined): boolean {
  return actor !== undefined && workers.has(actor);
}
