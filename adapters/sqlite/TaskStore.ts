import Database from 'better-sqlite3';
import {
  dropsEvent,
  type Json,
  type NewTaskEvent,
  type StatusFields,
  TaskExistsError,
  type TaskEvent,
  type TaskRow,
  type TaskStatus,
  type TaskStoreOptions,
  type TaskStorePort,
  UnknownTaskError,
} from '../../models/stores/TaskStorePort.js';
import { type RawTaskRow, toTaskRow } from '../sql/taskRow.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS tasks (
    id TEXT PRIMARY KEY, op TEXT NOT NULL, status TEXT NOT NULL, result TEXT, error TEXT
  );
  CREATE TABLE IF NOT EXISTS task_events (
    task_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT,
    PRIMARY KEY (task_id, seq)
  );`;

const TERMINAL_SQL = `('succeeded','failed','cancelled')`;


/**
 * The task store on SQLite through better-sqlite3 — the `sqlite` adapter of case B's `store.py`.
 * Every write runs in `BEGIN IMMEDIATE` (the database's write lock, taken at BEGIN so two appenders
 * cannot both read the same `max(seq)`); `appendEvent` reads `(max(seq), status)` in one statement
 * inside that transaction, as PR #258 does. Pass a path for a file database or nothing for a private
 * in-memory one; `reset()` empties the tables (a fresh world per simulated run).
 */
export class SqliteTaskStore implements TaskStorePort {
  readonly db: Database.Database;

  constructor(
    filename = ':memory:',
    private readonly options: TaskStoreOptions = {},
  ) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  /** Empties both tables. */
  reset(): void {
    this.db.exec('DELETE FROM task_events; DELETE FROM tasks;');
  }

  close(): void {
    this.db.close();
  }

  private immediate<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  async create(task: { id: string; op: string }): Promise<TaskRow> {
    return this.immediate(() => {
      try {
        this.db.prepare(`INSERT INTO tasks (id, op, status) VALUES (?, ?, 'pending')`).run(task.id, task.op);
      } catch (e) {
        if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new TaskExistsError(task.id);
        throw e;
      }
      return { id: task.id, op: task.op, status: 'pending', result: null, error: null };
    });
  }

  async get(id: string): Promise<TaskRow | null> {
    const r = this.db.prepare(`SELECT id, op, status, result, error FROM tasks WHERE id = ?`).get(id) as RawTaskRow | undefined;
    return r === undefined ? null : toTaskRow(r);
  }

  async updateStatus(id: string, status: TaskStatus, fields: StatusFields = {}): Promise<boolean> {
    return this.immediate(() => {
      const sets = ['status = @status'];
      if (fields.result !== undefined) sets.push('result = @result');
      if (fields.error !== undefined) sets.push('error = @error');
      const info = this.db
        .prepare(`UPDATE tasks SET ${sets.join(', ')} WHERE id = @id AND status NOT IN ${TERMINAL_SQL}`)
        .run({ id, status, result: fields.result === undefined ? null : JSON.stringify(fields.result), error: fields.error ?? null });
      return info.changes > 0;
    });
  }

  async appendEvent(id: string, event: NewTaskEvent): Promise<number> {
    return this.immediate(() => {
      const r = this.db
        .prepare(`SELECT (SELECT COALESCE(MAX(seq), 0) FROM task_events WHERE task_id = @id) AS max_seq, (SELECT status FROM tasks WHERE id = @id) AS status`)
        .get({ id }) as { max_seq: number; status: TaskStatus | null };
      if (r.status === null) throw new UnknownTaskError(id);
      if (dropsEvent(this.options, r.status, event)) return r.max_seq;
      const seq = r.max_seq + 1;
      this.db.prepare(`INSERT INTO task_events (task_id, seq, kind, data) VALUES (?, ?, ?, ?)`).run(id, seq, event.kind, JSON.stringify(event.data ?? null));
      return seq;
    });
  }

  async listTasks(statuses?: readonly TaskStatus[]): Promise<TaskRow[]> {
    const where = statuses === undefined ? '' : `WHERE status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`;
    const rs = this.db.prepare(`SELECT id, op, status, result, error FROM tasks ${where} ORDER BY id`).all(...(statuses ?? [])) as RawTaskRow[];
    return rs.map(toTaskRow);
  }

  async listEvents(id: string): Promise<TaskEvent[]> {
    const rs = this.db.prepare(`SELECT seq, kind, data FROM task_events WHERE task_id = ? ORDER BY seq`).all(id) as { seq: number; kind: string; data: string }[];
    return rs.map((r) => ({ seq: r.seq, kind: r.kind, data: JSON.parse(r.data) as Json }));
  }
}
