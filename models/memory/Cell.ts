import type { PointOptions, Sim } from '../../sim/sim.js';

/**
 * A racy shared variable — a field of an object shared between threads, or an attribute shared
 * between an event loop and a worker thread under CPython's GIL: each `get`, `set` and `update` is
 * atomic on its own and is one scheduling point, but a `get` followed by a `set` is not (the classic
 * lost update). `update(fn)` is an atomic read-modify-write, like a compare-and-swap loop that wins.
 * `value` reads without a scheduling point, for invariants and checks.
 */
export class Cell<T> {
  private v: T;
  private readonly obj: string;
  // Labels and point options are built once: a Cell operation is on every benchmark's hot path.
  private readonly getLabel: string;
  private readonly getPoint: PointOptions;
  private readonly read = (): T => this.v;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    initial: T,
  ) {
    this.v = initial;
    this.obj = `cell:${name}`;
    this.getLabel = `${name}.get`;
    this.getPoint = { obj: this.obj, read: true };
  }

  /** The current value, read outside the schedule (for invariants, checks and setup). */
  get value(): T {
    return this.v;
  }

  get(): Promise<T> {
    return this.sim.op(this.getLabel, this.getPoint, this.read);
  }

  set(value: T): Promise<void> {
    return this.sim.op(`${this.name}.set`, { obj: this.obj, args: [value] }, () => {
      this.v = value;
    });
  }

  /** Atomic read-modify-write; returns the new value. */
  update(fn: (old: T) => T): Promise<T> {
    return this.sim.op(`${this.name}.update`, { obj: this.obj }, () => {
      const old = this.v;
      this.v = fn(old);
      this.sim.result({ old, new: this.v });
      return this.v;
    });
  }

  /** Atomic compare-and-set; returns whether it swapped. */
  compareAndSet(expected: T, next: T): Promise<boolean> {
    return this.sim.op(`${this.name}.cas`, { obj: this.obj, args: [expected, next], unchanged: failed }, () => {
      const swapped = Object.is(this.v, expected);
      if (swapped) this.v = next;
      return swapped;
    });
  }
}

/** A compare-and-set that did not swap changed nothing (fair scheduling: `PointOptions.unchanged`). */
const failed = (swapped: unknown): boolean => swapped === false;
