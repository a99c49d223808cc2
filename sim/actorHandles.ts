/**
 * What a handle to an actor can do to it (`Actor.join`, `cancel`, `kill`): join waits at a scheduling
 * point for the actor to finish; cancel and kill take effect at once and touch everything.
 */
import type { Actor } from './actor.js';
import { ActorKilledError, CancelledError } from './errors.js';
import { RunLoop } from './runLoop.js';
import type { PointOptions } from './sim.js';

export abstract class ActorHandles extends RunLoop {
  abstract point(label: string, options?: PointOptions): Promise<void>;

  async joinActor<T>(target: Actor<T>): Promise<T> {
    await this.point(`join ${target.name}`, {
      obj: `actor:${target.id}`,
      read: true,
      enabled: () => target.done,
      waitsFor: () => `actor "${target.name}" to finish${target.op ? ` (it waits at "${target.op.label}")` : target.done ? '' : ' (it waits on a promise)'}`,
    });
    if (target.state === 'killed') throw new ActorKilledError(target.name);
    if (target.state === 'failed' || target.state === 'cancelled') throw target.error;
    return target.value as T;
  }

  cancelActor(target: Actor, reason: unknown): boolean {
    if (!this.checkOpen(`cancel of "${target.name}"`)) return false;
    // Whether it acts depends on the target's state: the step reads it even when the target is done.
    this.touch(`actor:${target.id}`);
    if (target.done) return false;
    this.lateInFastStep(`cancel of "${target.name}"`);
    this.touch('*');
    if (target.state === 'new') {
      this.takenAway(target);
      // asyncio: a task cancelled before its first step never runs its body.
      target.state = 'cancelled';
      target.error = new CancelledError(reason);
      target.op = null;
      this.finished(target);
      return true;
    }
    target.cancelPending = true;
    target.cancelReason = reason;
    return true;
  }

  /** A kill or an early cancel takes `target`'s pending operation away: it could have run before this step. */
  private takenAway(target: Actor): void {
    if (this.footprint !== null && (target.op !== null || target.more !== null)) (this.disabled ??= []).push(target.id);
  }

  killActor(target: Actor): void {
    if (!this.checkOpen(`kill of "${target.name}"`)) return;
    this.touch(`actor:${target.id}`);
    if (target.done) return;
    this.lateInFastStep(`kill of "${target.name}"`);
    this.touch('*');
    this.takenAway(target);
    target.state = 'killed';
    target.op = null;
    target.more = null;
    this.finished(target);
  }
}
