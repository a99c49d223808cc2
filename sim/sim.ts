import type { Actor } from './actor.js';
import type { Port, PortOptions } from './port.js';
import type { SimEvent } from './trace.js';

/** Options of a scheduling point — how models tell the scheduler what an operation waits for. */
export interface PointOptions {
  /** Arguments shown in the trace. */
  args?: readonly unknown[];
  /**
   * The shared object the operation touches, for partial-order reduction and the wait-for listing.
   * Operations on different objects commute. Omit it, or pass `'*'`, for "touches everything"
   * (always safe).
   */
  obj?: string;
  /** The operation only reads `obj`: it commutes with other reads of it. */
  read?: boolean;
  /** Blocked until this returns true (a lock that is free, an event that is set, …). */
  enabled?: () => boolean;
  /**
   * Runnable once virtual time reaches this instant (a sleep, a timed wait's timeout). A function
   * when the instant is the model's state (when a lease expires, when a message becomes visible):
   * the scheduler reads it at every choice, so it stays current, and computing it is no part of
   * the step that reaches the point — whose footprint would not declare that read.
   */
  deadline?: number | (() => number | undefined);
  /** For deadlock reports: what the blocked actor waits for and who holds it. */
  waitsFor?: () => string;
  /** The actor yields: the next choice continues round-robin after it instead of with it. */
  yields?: boolean;
  /**
   * The operation only waits its turn (a spin-wait's yield, a zero sleep): past a bound of such steps
   * in a row, fair scheduling holds the actor back until every other runnable actor had a step.
   */
  spin?: boolean;
  /**
   * For fair scheduling: the step changed nothing when this returns true of the effect's value
   * (`sim.op`) or of the result the model recorded with `sim.result` (`sim.point`) — a failed
   * compare-and-set, a `tryLock` that found the lock held — so it ends no other actor's spin streak.
   */
  unchanged?: (value: unknown) => boolean;
  /**
   * Not a cancellation point: a pending cancel waits for the next point that is. For operations
   * that cannot be interrupted in the real system (releasing a lock, setting an event).
   */
  noCancel?: boolean;
}

/** What `sim.external` declares of its scheduling point (see {@link PointOptions}). */
export type ExternalOptions = Pick<PointOptions, 'obj' | 'args' | 'read' | 'enabled'>;

/** What `setup`, actors and models see. One `Sim` is one run: it is never shared between runs. */
export interface Sim {
  /** Starts an actor. Its body begins only when the scheduler first picks it. */
  spawn<T>(name: string, fn: () => Promise<T> | T, options?: { daemon?: boolean }): Actor<T>;
  /** A scheduling point that does nothing: lets others run. */
  yield(label?: string): Promise<void>;
  /** Sleeps `ms` of virtual time. */
  sleep(ms: number): Promise<void>;
  /** Virtual time in ms since the Unix epoch; starts at {@link EPOCH} each run. */
  readonly now: number;
  /** A data choice among `options`; shrinks toward the first. */
  pick<T>(label: string, options: readonly T[]): T;
  /** A fault point: shrinks toward `false`. */
  maybe(label: string): boolean;
  /** A data choice in [min, max]; shrinks toward `min`. */
  int(label: string, min: number, max: number): number;
  /** A deterministic id: `prefix-1`, `prefix-2`, … */
  id(prefix?: string): string;
  /** Records a user event for history properties (`properties/`). */
  log(kind: string, data?: unknown): void;
  /** Events logged so far in this run. */
  readonly events: readonly SimEvent[];
  /** A scheduling point whose body awaits real async work while no other actor runs. */
  external<T>(label: string, fn: () => Promise<T> | T, options?: ExternalOptions): Promise<T>;
  /**
   * A real dependency (a DB client, an SDK object, a fake) whose every method call is one scheduling
   * point, the call atomic at its step and recorded with its arguments and result.
   */
  port<T extends object>(name: string, obj: T, options?: PortOptions): Port<T>;
  /** Swaps Date, performance.now and the timer functions for virtual ones until the run ends. */
  installGlobals(): void;
  /** Every actor spawned in this run, in creation order. */
  readonly actors: readonly Actor[];
  /** The actor whose step is running, if any. */
  readonly current: Actor | undefined;

  /** For models: a scheduling point. Resolves when the scheduler picks this actor's operation. */
  point(label: string, options?: PointOptions): Promise<void>;
  /**
   * For models: a scheduling point with its effect. When the scheduler picks the operation, `effect`
   * runs atomically at the start of the step (with `sim.current` set to the caller) and the caller
   * resumes with its value, which the trace records as the result. Cheaper than an async method
   * around `point`, and the same semantics. If `effect` throws, the caller gets the error.
   */
  op<T>(label: string, options: PointOptions | undefined, effect: () => T): Promise<T>;
  /** For models: the result of the operation the current step resumed, shown in the trace. */
  result(value: unknown): void;
  /**
   * For models: a probe run after a run that passed when `leakCheck` is on; return a description of
   * a resource still held (`Mutex "m" still held by A`), or undefined.
   */
  leakProbe(probe: () => string | undefined): void;
  /** For models: marks the current step as touching `obj` (beyond its scheduling point). */
  touch(obj: string, read?: boolean): void;
}

export { EPOCH } from './clock.js';
