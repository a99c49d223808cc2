import type { Sim } from '../../sim/sim.js';

export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED';

/**
 * One attribute of a Python object shared by the event loop and executor threads: every read and
 * every store is one scheduling point, from either side. Each is atomic on its own under CPython's
 * GIL, but a sequence of them is not — a thread can be preempted between any two of its accesses,
 * and the GIL can pass to a thread between two accesses of one loop step (no other *loop* code runs
 * there: the `EventLoop` holds the loop until the step's next `await`).
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

  get(): Promise<T> {
    return this.sim.op(this.name, { obj: this.obj, read: true }, () => this.v);
  }

  set(value: T): Promise<void> {
    return this.sim.op(`${this.name} =`, { obj: this.obj, args: [value] }, () => {
      this.v = value;
      this.onStore?.(value);
    });
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

/**
 * recce's own `Task` object for a run (`recce/tasks/core.py`), what `running_tasks[run_id]` holds:
 * `cancel()` only sets `is_cancelled`, which a task's `execute` may poll (`check_cancel()`). It does
 * not touch the asyncio future, so the tool awaiting the run is never interrupted.
 */
export class RecceTask {
  readonly isCancelled: Field<boolean>;

  constructor(sim: Sim, runId: string) {
    this.isCancelled = new Field(sim, `${runId}.task.is_cancelled`, false);
  }

  cancel(): Promise<void> {
    return this.isCancelled.set(true);
  }
}
