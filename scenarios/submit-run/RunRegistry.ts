import type { EventLoop } from '../../models/executors/EventLoop.js';
import type { ExecutorFuture } from '../../models/executors/runInExecutor.js';
import { runCoroutineThreadsafe } from '../../models/executors/runCoroutineThreadsafe.js';
import { runInExecutor } from '../../models/executors/runInExecutor.js';
import type { ThreadPool } from '../../models/executors/ThreadPool.js';
import type { Mutex } from '../../models/sync/Mutex.js';
import type { Sim } from '../../sim/sim.js';
import { RecceTask, Run } from './Run.js';

/** The historical versions of `update_run_result` / `cancel_run` (case A), oldest first. */
export type Variant = 'before' | 'before-awaiting' | 'after' | 'locked';
export const VARIANTS: readonly Variant[] = ['before', 'before-awaiting', 'after', 'locked'];

/** What the run registry needs from the world: the loop, the thread pool, the work itself, a lock. */
export interface RunPorts {
  sim: Sim;
  loop: EventLoop;
  /** `loop.run_in_executor(executor, fn)`; `null` is asyncio's default executor. */
  executor: ThreadPool | null;
  /** The run's work (`task.execute()`), on the worker thread. */
  execute(run: Run, params: unknown): Promise<unknown> | unknown;
  /** `locked` only: the `threading.Lock` that `update_run_result` and `cancel_run` share. */
  statusLock?: Mutex;
}

function message(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s === 'None' ? `${e}` : s;
}

/**
 * Port of recce's `recce/apis/run_func.py` (`submit_run`, `update_run_result`, `cancel_run`) and the
 * run registry it keeps, written against ports. `variant` selects the history:
 *
 * - `before` — `update_run_result` is a coroutine; `fn` hands it to the loop with
 *   `run_coroutine_threadsafe` and returns at once. Success writes `result` then `status = FINISHED`
 *   unconditionally; only the failure path respects `CANCELLED`. The coroutine has no `await`, so
 *   CPython's FIFO queue runs all of it before the awaiting tool resumes (its first step is queued
 *   ahead of the future's `_set_state`, which the thread queues only when `fn` returns).
 * - `before-awaiting` — the same coroutine with one `await` before its writes (a persistence write,
 *   a log flush): the tool's wake-up now usually runs first, and sees `RUNNING`.
 * - `after` (PR #1342) — `update_run_result` is a plain function called inside `fn` before it
 *   returns; it writes `status` before `result`/`error`, and both paths skip the status store when
 *   they read `CANCELLED` — check-then-assign, the window the PR's docstring admits.
 * - `locked` — the status transition is one atomic step under a lock that `cancel_run` shares.
 *
 * `cancel_run` cancels the run's own task object (`running_tasks[id]`, a {@link RecceTask}), which
 * only sets its `is_cancelled` flag, and stores `CANCELLED`.
 */
export class RunRegistry {
  readonly runs = new Map<string, Run>();
  /** `running_tasks`: each run's own task object, which `cancel_run` cancels. */
  readonly runningTasks = new Map<string, RecceTask>();

  constructor(
    private readonly ports: RunPorts,
    readonly variant: Variant,
  ) {
    if (variant === 'locked' && !ports.statusLock) throw new Error('the locked variant needs ports.statusLock');
  }

  /** `submit_run(type, params, check_id)`: registers a RUNNING run and starts its work on the pool. */
  submitRun(type: string, params: unknown, checkId?: string): { run: Run; future: ExecutorFuture<unknown> } {
    const { sim, loop } = this.ports;
    const run = new Run(sim, sim.id('run'), type, checkId);
    this.runs.set(run.id, run);
    this.runningTasks.set(run.id, new RecceTask(sim, run.id));
    sim.touch('registry');
    sim.log('run.submitted', { id: run.id, checkId, params });

    // Runs on the executor thread.
    const fn = async (): Promise<unknown> => {
      let result: unknown;
      let error: unknown;
      let failed = false;
      try {
        result = await this.ports.execute(run, params);
      } catch (e) {
        failed = true;
        error = e;
      }
      sim.log('run.outcome', { id: run.id, ok: !failed });
      if (this.variant === 'before' || this.variant === 'before-awaiting') {
        await runCoroutineThreadsafe(loop, () => this.updateRunResultAsync(run, result, failed ? error : undefined), `update_run_result(${run.id})`);
      } else {
        await this.updateRunResult(run, result, failed ? error : undefined);
      }
      if (failed) throw error;
      return result;
    };

    const future = runInExecutor(sim, this.ports.executor, fn, `fn(${run.id})`);
    return { run, future };
  }

  /** `before`: `async def update_run_result`, run on the loop some time after `fn` returned. */
  private async updateRunResultAsync(run: Run, result: unknown, error: unknown): Promise<void> {
    if (this.variant === 'before-awaiting') await this.ports.loop.sleep(0);
    if (error !== undefined) {
      await run.error.set(message(error));
      if ((await run.status.get()) !== 'CANCELLED') await run.status.set('FAILED');
    } else {
      await run.result.set(result);
      await run.status.set('FINISHED');
    }
  }

  /** `after` / `locked`: `def update_run_result`, called on the worker thread inside `fn`. */
  private async updateRunResult(run: Run, result: unknown, error: unknown): Promise<void> {
    const next = error !== undefined ? 'FAILED' : 'FINISHED';
    if (this.variant === 'locked') {
      await this.ports.statusLock!.withLock(async () => {
        if ((await run.status.get()) !== 'CANCELLED') await run.status.set(next);
      });
    } else if ((await run.status.get()) !== 'CANCELLED') {
      // The admitted window: cancel_run may store CANCELLED between this read and the store below.
      await run.status.set(next);
    }
    if (error !== undefined) await run.error.set(message(error));
    else await run.result.set(result);
  }

  /** `cancel_run(run_id)`, on the loop: flag the run's task (the worker may poll it), mark the run. */
  async cancelRun(runId: string): Promise<void> {
    const { sim } = this.ports;
    const run = this.runs.get(runId);
    if (run === undefined) throw new Error(`run ${runId} not found`);
    await this.runningTasks.get(runId)?.cancel();
    if (this.variant === 'locked') {
      await this.ports.statusLock!.withLock(async () => {
        if ((await run.status.get()) === 'RUNNING') {
          await run.status.set('CANCELLED');
          sim.log('run.cancelled', { id: runId, via: 'status' });
        }
      });
    } else {
      await run.status.set('CANCELLED');
      sim.log('run.cancelled', { id: runId, via: 'status' });
    }
  }
}
