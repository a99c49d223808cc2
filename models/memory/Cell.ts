import type { Sim } from '../../sim/sim.js';

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

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    initial: T,
  ) {
    this.v = initial;
    this.obj = `cell:${name}`;
  }

  /** The current value, read outside the schedule (for invariants, checks and setup). */
  get value(): T {
    return this.v;
  }

  async get(): Promise<T> {
    await this.sim.point(`${this.name}.get`, { obj: this.obj, read: true });
    this.sim.result(this.v);
    return this.v;
  }

  async set(value: T): Promise<void> {
    await this.sim.point(`${this.name}.set`, { obj: this.obj, args: [value] });
    this.v = value;
  }

  /** Atomic read-modify-write; returns the new value. */
  async update(fn: (old: T) => T): Promise<T> {
    await this.sim.point(`${this.name}.update`, { obj: this.obj });
    const old = this.v;
    this.v = fn(old);
    this.sim.result({ old, new: this.v });
    return this.v;
  }

  /** Atomic compare-and-set; returns whether it swapped. */
  async compareAndSet(expected: T, next: T): Promise<boolean> {
    await this.sim.point(`${this.name}.cas`, { obj: this.obj, args: [expected, next] });
    const swapped = Object.is(this.v, expected);
    if (swapped) this.v = next;
    this.sim.result(swapped);
    return swapped;
  }
}
