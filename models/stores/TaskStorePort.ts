/**
 * The task store port: what a task service asks of its store (the knowledge-engine task service of
 * case B, `store.py`'s `TaskStore` Protocol). The in-memory model (`models/stores/TaskStore.ts`), the
 * SQLite adapter (`adapters/sqlite/TaskStore.ts`) and the Postgres adapter
 * (`adapters/postgres/TaskStore.ts`) all implement it, and the contract suite
 * (`adapters/verifyTaskStore.ts`) runs against any implementation.
 */

export type TaskStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const TASK_STATUSES: readonly TaskStatus[] = ['pending', 'running', 'succeeded', 'failed', 'cancelled'];

/** A row in one of these states never changes again (`TERMINAL_STATUS_VALUES` in the original). */
export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set<TaskStatus>(['succeeded', 'failed', 'cancelled']);

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** JSON-serialisable data: what rows and events carry (stored as JSON text by the real adapters). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface TaskRow {
  id: string;
  op: string;
  status: TaskStatus;
  result: Json;
  error: string | null;
}

/** An event as the caller hands it over: no sequence number yet. */
export interface NewTaskEvent {
  kind: string;
  data?: Json;
}

/** An event on a task's tape: `seq` is 1, 2, 3, … per task, assigned at append time. */
export interface TaskEvent {
  seq: number;
  kind: string;
  data: Json;
}

export interface StatusFields {
  result?: Json;
  error?: string | null;
}

export interface TaskStoreOptions {
  /**
   * Drop a non-`final` event appended after the row is terminal, returning the current max seq (the
   * fix of case B, PR #258). Default true; `false` is the `before` behaviour: append whatever comes.
   */
  dropAfterTerminal?: boolean;
  /**
   * One client's statements in flight at once: `'sent'` (the default) in the order it sent them, as
   * one connection does; `'any'`, in any order, as a pool (`pg.Pool`) spreads them over connections.
   */
  order?: 'sent' | 'any';
}

export interface TaskStorePort {
  /** Inserts a `pending` row. Throws {@link TaskExistsError} when the id is taken. */
  create(task: { id: string; op: string }): Promise<TaskRow>;
  /** The row, or null. */
  get(id: string): Promise<TaskRow | null>;
  /**
   * Moves the row to `status` and sets the given fields — unless it is already terminal, in which case
   * nothing changes. Returns whether the row changed (false for a terminal or missing row).
   */
  updateStatus(id: string, status: TaskStatus, fields?: StatusFields): Promise<boolean>;
  /**
   * Appends an event with `seq = max(seq) + 1` in one transaction under the store's write lock and
   * returns that seq. With the terminal guard, a non-`final` event for a terminal row is dropped and
   * the current max seq (0 for an empty tape) is returned. Throws {@link UnknownTaskError} for a
   * missing row.
   */
  appendEvent(id: string, event: NewTaskEvent): Promise<number>;
  /** The tape in seq order (empty for an unknown task). */
  listEvents(id: string): Promise<TaskEvent[]>;
  /** Rows in id order (code-unit order, SQL `COLLATE "C"`), only those in `statuses` when given. */
  listTasks(statuses?: readonly TaskStatus[]): Promise<TaskRow[]>;
}

export class TaskExistsError extends Error {
  constructor(readonly id: string) {
    super(`task "${id}" already exists`);
    this.name = 'TaskExistsError';
  }
}

export class UnknownTaskError extends Error {
  constructor(readonly id: string) {
    super(`no task "${id}"`);
    this.name = 'UnknownTaskError';
  }
}

/** Whether `appendEvent` drops `event` for a row in `status` (shared by every implementation). */
export function dropsEvent(options: TaskStoreOptions, status: TaskStatus, event: NewTaskEvent): boolean {
  return (options.dropAfterTerminal ?? true) && isTerminal(status) && event.kind !== 'final';
}
