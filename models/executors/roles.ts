import type { Actor } from '../../sim/actor.js';

/**
 * Which actors are event-loop tasks and which are executor threads. asyncio's rules depend on it
 * (`create_task` needs a running loop; a blocking `Future.result()` on the loop stalls every task),
 * and the core's actors do not say; the executor models record it in the actor's opaque `role`.
 */
class LoopTask {
  constructor(readonly loop: string) {}
}
const WORKER = Symbol('executor thread');

export function markLoopTask(actor: Actor, loop: string): void {
  actor.role = new LoopTask(loop);
}

/** The name of the loop the actor is a task of, if it is one. */
export function loopOf(actor: Actor | undefined): string | undefined {
  const role = actor?.role;
  return role instanceof LoopTask ? role.loop : undefined;
}

export function markWorker(actor: Actor): void {
  actor.role = WORKER;
}

export function isWorker(actor: Actor | undefined): boolean {
  return actor !== undefined && actor.role === WORKER;
}
