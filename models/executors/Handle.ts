import type { AsyncioFuture } from './AsyncioFuture.js';
import type { AsyncioTask } from './AsyncioTask.js';

/** How a task is resumed: `__step(exc)` (a new task, a bare yield) or `__wakeup(future)`. */
export type Resume = { readonly exc?: unknown; readonly future?: AsyncioFuture<unknown> };

/**
 * An entry of the event loop's ready queue — `asyncio.Handle`: a plain callback, or a step of a task
 * (`Task.__step` / `Task.__wakeup`, which the task's own actor runs). `cancel()` makes the loop skip
 * it when it comes up, as CPython's `_run_once` skips cancelled handles.
 */
export class Handle {
  cancelled = false;
  /**
   * Queued by the loop step in progress (or the last one): a thread running concurrently with that
   * step could have queued its own handle before this one (see `EventLoop`).
   */
  open = false;

  constructor(
    readonly label: string,
    readonly callback: (() => void) | undefined,
    readonly task: AsyncioTask<unknown> | undefined,
    readonly resume: Resume = {},
  ) {}

  cancel(): void {
    this.cancelled = true;
  }
}

/** `asyncio.TimerHandle`: a callback due at `when` (virtual ms), moved to the ready queue once due. */
export class TimerHandle extends Handle {
  constructor(
    label: string,
    callback: () => void,
    readonly when: number,
    readonly seq: number,
    private readonly onCancel: (h: TimerHandle) => void,
  ) {
    super(label, callback, undefined);
  }

  override cancel(): void {
    if (this.cancelled) return;
    super.cancel();
    this.onCancel(this);
  }
}
