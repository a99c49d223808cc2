import { loopOf } from '../../models/executors/roles.js';
import type { Sim } from '../../sim/sim.js';

export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED';

/**
 * One attribute of a Python object shared by the event loop and executor threads.
 *
 * From a worker thread every read and every store is one scheduling point: atomic on its own under
 * CPython's GIL, but a sequence of them is not (the thread can be preempted between any two). From
 * a task on the event loop, reads and stores are plain: a coroutine's code between two awaits is
 * atomic with respect to the loop's other tasks, so making each access a scheduling point would let
 * one task run inside another's stretch — orders asyncio never produces. Not modelled: a thread
 * slipping in between two accesses of one loop stretch (every loop stretch in this port touches the
 * run at most once in a way a thread can race).
 */
export class Field<T> {
  private v: T;
  private readonly obj: string;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    initial: T,
    private readonly onStore?: (value: T) => void,
  ) {
    this.v = initial;
    this.obj = `field:${name}`;
  }

  /** The value now, read outside the schedule (properties, invariants). */
  get value(): T {
    return this.v;
  }

  async get(): Promise<T> {
    if (loopOf(this.sim.current) !== undefined) this.sim.touch(this.obj, true);
    else await this.sim.point(`${this.name}`, { obj: this.obj, read: true });
    return this.v;
  }

  async set(value: T): Promise<void> {
    if (loopOf(this.sim.current) !== undefined) this.sim.touch(this.obj);
    else await this.sim.point(`${this.name} =`, { obj: this.obj, args: [value] });
    this.v = value;
    this.onStore?.(value);
  }
}

/**
 * recce's `Run` — the object the event loop and the executor thread share: `status`, `result`,
 * `error`, each a {@link Field}. Status stores are logged (`run.status`) for the history properties.
 */
export class Run {
  readonly status: Field<RunStatus>;
  readonly result: Field<unknown>;
  readonly error: Field<string | undefined>;

  constructor(
    sim: Sim,
    readonly id: string,
    readonly type: string,
    readonly checkId: string | undefined,
  ) {
    this.status = new Field<RunStatus>(sim, `${id}.status`, 'RUNNING', (status) => sim.log('run.status', { id, status }));
    this.result = new Field<unknown>(sim, `${id}.result`, undefined);
    this.error = new Field<string | undefined>(sim, `${id}.error`, undefined);
  }

  /** The fields as they are now, read outside the schedule (for properties). */
  snapshot(): { id: string; status: RunStatus; hasResult: boolean; hasError: boolean } {
    return { id: this.id, status: this.status.value, hasResult: this.result.value !== undefined, hasError: this.error.value !== undefined };
  }
}
