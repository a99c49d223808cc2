import type { Actor } from '../../sim/actor.js';
import { CancelledError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { toThread } from '../../models/executors/toThread.js';
import type { Json, TaskRow, TaskStatus, TaskStorePort } from '../../models/stores/TaskStorePort.js';
import { Reporter } from './Reporter.js';

/** The work a task does; it reports progress and returns the task's result. */
export type Runner = (reporter: Reporter) => Promise<Json>;

interface Running {
  actor: Actor;
  /** The cancel token the runner may poll (`token.cancelled`). */
  token: { cancelled: boolean };
}

/**
 * The task service's manager, ported from case B (`TaskManager` of the knowledge-engine task
 * service, PR #258) as its maintainers wrote it against the store port. Every store call runs on a
 * worker thread (`asyncio.to_thread`); `_run` is an asyncio task (an actor), so `cancel` is
 * `Task.cancel`: `CancelledError` at `_run`'s next await — and a cancel that lands before `_run`'s
 * first step means its body never runs.
 */
export class TaskManager {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly sim: Sim,
    private readonly store: TaskStorePort,
  ) {}

  /** Inserts a PENDING row, starts `_run` as a task, returns the row. */
  async submit(op: string, runner: Runner): Promise<TaskRow> {
    const id = this.sim.id('task');
    const row = await toThread(this.sim, () => this.store.create({ id, op }), `${id} create`);
    const token = { cancelled: false };
    const actor = this.sim.spawn(`run ${id}`, () => this.run(id, runner));
    this.running.set(id, { actor, token });
    return row;
  }

  /** Flips the token and cancels the task; false when the task is unknown or already done. */
  cancel(id: string): boolean {
    const r = this.running.get(id);
    if (r === undefined) return false;
    r.token.cancelled = true;
    return r.actor.cancel('cancel requested');
  }

  /** Server boot: every PENDING/RUNNING row left by the previous process fails with a `final`. */
  async restartCleanup(): Promise<void> {
    const rows = await toThread(this.sim, () => this.store.listTasks(['pending', 'running']), 'restart list');
    for (const row of rows) {
      const changed = await this.setStatus(row.id, 'failed', { error: 'server_restart' });
      if (changed) await this.emit(row.id, 'final', { status: 'failed', error: 'server_restart' });
    }
  }

  /** `_run`: terminal status is always committed before its `final` is appended. */
  private async run(id: string, runner: Runner): Promise<void> {
    try {
      await this.setStatus(id, 'running');
      await this.emit(id, 'task_started');
      const result = await runner(new Reporter(this.sim, this.store, id));
      await this.setStatus(id, 'succeeded', { result });
      await this.emit(id, 'final', { status: 'succeeded' });
    } catch (e) {
      if (e instanceof CancelledError) {
        await this.setStatus(id, 'cancelled');
        // A run that committed SUCCEEDED first owns the final.
        const row = await toThread(this.sim, () => this.store.get(id), `${id} get`);
        if (row?.status === 'cancelled') await this.emit(id, 'final', { status: 'cancelled' });
        throw e;
      }
      await this.setStatus(id, 'failed', { error: e instanceof Error ? e.message : String(e) });
      await this.emit(id, 'final', { status: 'failed' });
    } finally {
      this.running.delete(id);
    }
  }

  private setStatus(id: string, status: TaskStatus, fields?: { result?: Json; error?: string }): Promise<boolean> {
    return toThread(this.sim, () => this.store.updateStatus(id, status, fields), `${id} ${status}`);
  }

  private emit(id: string, kind: string, data: Json = null): Promise<number> {
    return toThread(this.sim, () => this.store.appendEvent(id, { kind, data }), `${id} ${kind}`);
  }
}
