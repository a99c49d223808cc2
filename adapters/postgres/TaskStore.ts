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

/**
 * The one thing the adapter needs from a connection — what both PGlite (`new PGlite()`) and a
 * node-postgres `Client` (or a client checked out of a `Pool`) provide. It must be ONE connection:
 * BEGIN, the advisory lock and COMMIT have to travel on the same session.
 */
export interface SqlConnection {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface PostgresTaskStoreOptions extends TaskStoreOptions {
  /** Table name prefix, so several stores can share one database (default `interleave_`). */
  prefix?: string;
}


/**
 * The task store on Postgres — the `postgres` adapter of case B's `store.py`. Writers are serialised
 * by `pg_advisory_xact_lock` taken right after BEGIN (released by COMMIT/ROLLBACK), so two appenders
 * never read the same `max(seq)`; `appendEvent` reads `(max(seq), status)` in one statement under that
 * lock, as PR #258 does. Runs unchanged on PGlite (tests) and on `pg` against a real server
 * (`DATABASE_URL`). Calls from one process share the connection, so they queue here instead of
 * interleaving statements of two transactions on one session.
 */
export class PostgresTaskStore implements TaskStorePort {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly tasks: string;
  private readonly events: string;
  private readonly lockKey: string;

  constructor(
    private readonly db: SqlConnection,
    private readonly options: PostgresTaskStoreOptions = {},
  ) {
    const prefix = options.prefix ?? 'interleave_';
    if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`PostgresTaskStore: prefix ${JSON.stringify(prefix)} must be a lower-case SQL identifier`);
    this.tasks = `${prefix}tasks`;
    this.events = `${prefix}task_events`;
    this.lockKey = `${prefix}task_store`;
  }

  /** Creates the tables if needed. */
  async migrate(): Promise<void> {
    await this.db.query(`CREATE TABLE IF NOT EXISTS ${this.tasks} (id TEXT PRIMARY KEY, op TEXT NOT NULL, status TEXT NOT NULL, result TEXT, error TEXT)`);
    await this.db.query(`CREATE TABLE IF NOT EXISTS ${this.events} (task_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT, PRIMARY KEY (task_id, seq))`);
  }

  /** Creates the tables if needed and empties them (a fresh world per run). */
  async reset(): Promise<void> {
    await this.migrate();
    await this.db.query(`TRUNCATE ${this.tasks}, ${this.events}`);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial(async () => {
      await this.db.query('BEGIN');
      try {
        await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.lockKey]);
        const v = await fn();
        await this.db.query('COMMIT');
        return v;
      } catch (e) {
        await this.db.query('ROLLBACK');
        throw e;
      }
    });
  }

  async create(task: { id: string; op: string }): Promise<TaskRow> {
    return this.locked(async () => {
      const r = await this.db.query(`INSERT INTO ${this.tasks} (id, op, status) VALUES ($1, $2, 'pending') ON CONFLICT (id) DO NOTHING RETURNING id`, [task.id, task.op]);
      if (r.rows.length === 0) throw new TaskExistsError(task.id);
      return { id: task.id, op: task.op, status: 'pending' as const, result: null, error: null };
    });
  }

  async get(id: string): Promise<TaskRow | null> {
    return this.serial(async () => {
      const r = await this.db.query(`SELECT id, op, status, result, error FROM ${this.tasks} WHERE id = $1`, [id]);
      const raw = r.rows[0] as RawTaskRow | undefined;
      return raw === undefined ? null : toTaskRow(raw);
    });
  }

  async updateStatus(id: string, status: TaskStatus, fields: StatusFields = {}): Promise<boolean> {
    return this.locked(async () => {
      const params: unknown[] = [id, status];
      const sets = ['status = $2'];
      if (fields.result !== undefined) sets.push(`result = $${params.push(JSON.stringify(fields.result))}`);
      if (fields.error !== undefined) sets.push(`error = $${params.push(fields.error)}`);
      const r = await this.db.query(`UPDATE ${this.tasks} SET ${sets.join(', ')} WHERE id = $1 AND status NOT IN ('succeeded','failed','cancelled') RETURNING id`, params);
      return r.rows.length > 0;
    });
  }

  async appendEvent(id: string, event: NewTaskEvent): Promise<number> {
    return this.locked(async () => {
      const r = await this.db.query(`SELECT (SELECT COALESCE(MAX(seq), 0) FROM ${this.events} WHERE task_id = $1) AS max_seq, (SELECT status FROM ${this.tasks} WHERE id = $1) AS status`, [id]);
      const { max_seq, status } = r.rows[0] as { max_seq: number; status: TaskStatus | null };
      if (status === null) throw new UnknownTaskError(id);
      const max = Number(max_seq);
      if (dropsEvent(this.options, status, event)) return max;
      await this.db.query(`INSERT INTO ${this.events} (task_id, seq, kind, data) VALUES ($1, $2, $3, $4)`, [id, max + 1, event.kind, JSON.stringify(event.data ?? null)]);
      return max + 1;
    });
  }

  async listTasks(statuses?: readonly TaskStatus[]): Promise<TaskRow[]> {
    return this.serial(async () => {
      const r =
        statuses === undefined
          ? await this.db.query(`SELECT id, op, status, result, error FROM ${this.tasks} ORDER BY id COLLATE "C"`)
          : await this.db.query(`SELECT id, op, status, result, error FROM ${this.tasks} WHERE status = ANY($1::text[]) ORDER BY id COLLATE "C"`, [statuses]);
      return (r.rows as RawTaskRow[]).map(toTaskRow);
    });
  }

  async listEvents(id: string): Promise<TaskEvent[]> {
    return this.serial(async () => {
      const r = await this.db.query(`SELECT seq, kind, data FROM ${this.events} WHERE task_id = $1 ORDER BY seq`, [id]);
      return (r.rows as { seq: number; kind: string; data: string }[]).map((e) => ({ seq: Number(e.seq), kind: e.kind, data: JSON.parse(e.data) as Json }));
    });
  }
}
