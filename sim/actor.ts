import type { PointOptions } from './sim.js';

export type ActorState = 'new' | 'started' | 'done' | 'failed' | 'cancelled' | 'killed';

/** An operation an actor is parked on, waiting for the scheduler to pick it. */
export interface PendingOp extends PointOptions {
  label: string;
  /** The actor that registered it. */
  actor: Actor;
  /**
   * Its identity at schedule choices (`ChoicePoint.actors`): the actor's id for the actor's first
   * pending operation; a second operation in flight at the same time (a tracked run's `Promise.all`)
   * gets an identity of its own, stable across replays of the same prefix — see {@link opKey}.
   */
  key: number;
  /** `sim.op`: the operation's effect, run when the scheduler picks it; its value resumes the actor. */
  effect?: (() => unknown) | undefined;
  resolve(value?: unknown): void;
  reject(error: unknown): void;
}

/** What an actor's handle needs from its run; the run implements it. */
export interface ActorHost {
  joinActor<T>(actor: Actor<T>): Promise<T>;
  cancelActor(actor: Actor, reason: unknown): boolean;
  killActor(actor: Actor): void;
}

/**
 * A simulated task: an async function the scheduler runs one step at a time. `cancel()` follows
 * asyncio's `Task.cancel`; `kill()` follows SIGKILL (no `finally` runs).
 */
export class Actor<T = unknown> {
  state: ActorState = 'new';
  /** The operation the actor is parked on (null while running or once finished). */
  op: PendingOp | null = null;
  /** The object `op` points to between steps, reused so a step allocates no operation record. */
  readonly slot: PendingOp;
  /**
   * Tracked runs: further operations in flight at once (un-awaited calls, `Promise.all`), in the
   * order they were made. Each is its own option at schedule choices.
   */
  more: PendingOp[] | null = null;
  /** Operations this actor has registered so far (for the identities of concurrent ones). */
  opCount = 0;
  /** Tracked runs: the async-context frame its code runs in. */
  frame: unknown = undefined;
  /** Spin steps (yield, sleep(0)) since another actor last took a step that may change state, for fair scheduling. */
  spins = 0;
  /** The run's count of state-changing steps when this actor's spin streak began. */
  streakBase = 0;
  /** State-changing steps this actor took itself during its streak. */
  ownChanges = 0;
  /** Fair scheduling: the step from which this spinning actor waits for every other runnable one. */
  fairFrom = -1;
  /** Index of the last step this actor took (-1 before its first). */
  lastStep = -1;
  /** Fair scheduling: clock advances taken while this actor could run, since its last step. */
  passedOver = 0;
  cancelPending = false;
  cancelReason: unknown = undefined;
  value: T | undefined = undefined;
  error: unknown = undefined;
  /** Steps this actor has taken (for the step-limit distribution). */
  steps = 0;
  /** Label of the last scheduling point the actor reached (for escape messages). */
  lastPoint = 'start';
  /**
   * What a model made of this actor (an asyncio task, an executor thread, …), for model rules that
   * depend on it. Opaque to the core. A field rather than a model-side WeakMap: ephemeron tables
   * cost every young-generation GC, and an exploration creates actors by the million.
   */
  role: unknown = undefined;
  /**
   * Set by a model whose actors stand for code that runs in microseconds next to everything else (an
   * event loop's tasks and callbacks): the actor's steps take no virtual time. While only instant
   * actors can run, no stall is offered; an instant actor's own deadline is never a stall target and
   * is reached only when nothing can run.
   */
  instant = false;

  constructor(
    private readonly host: ActorHost,
    readonly id: number,
    readonly name: string,
    readonly daemon: boolean,
  ) {
    this.slot = { label: '', actor: this as Actor, key: id, resolve: () => {}, reject: () => {} };
  }

  /** True once the actor finished, failed, was cancelled or was killed. */
  get done(): boolean {
    return this.state !== 'new' && this.state !== 'started';
  }

  /** Waits (a scheduling point) until the actor is done; returns its value or throws its error. */
  join(): Promise<T> {
    return this.host.joinActor(this);
  }

  /** Delivers `CancelledError` at the actor's next scheduling point; false when already done. */
  cancel(reason?: unknown): boolean {
    return this.host.cancelActor(this, reason);
  }

  /**
   * Stops the actor for good where it is parked; nothing after that point runs (no `finally`). An
   * actor that kills itself — or its own process — runs on to its next scheduling point and stops
   * there, so end such a step with a scheduling point (`await sim.yield()`).
   */
  kill(): void {
    this.host.killActor(this);
  }
}

/** Identities of concurrent operations: the actor id plus a multiple of this (ids stay below it). */
export const OP_STRIDE = 1 << 20;

/** The identity of an actor's `n`-th operation when another one of its operations is in flight. */
export function opKey(actor: number, n: number): number {
  return actor + OP_STRIDE * n;
}

/** The actor behind an option identity of a schedule choice. */
export function actorOfKey(key: number): number {
  return key < 0 ? key : key % OP_STRIDE;
}

/** What a pending operation touches, for reduction: no object, or `*`, means everything. */
export function touchOf(op: PendingOp): string {
  return op.obj === undefined || op.obj === '*' ? '*' : (op.read ? 'r:' : 'w:') + op.obj;
}

/** The instant a point becomes runnable by time, read now when the model passed a function. */
export function deadlineOf(o: PointOptions): number | undefined {
  const d = o.deadline;
  return typeof d === 'function' ? d() : d;
}
