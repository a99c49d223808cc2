import type { Actor } from '../../sim/actor.js';
import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { ClientOrder } from '../../sim/clientOrder.js';
import {
  dropsEvent,
  isTerminal,
  type Json,
  type NewTaskEvent,
  type StatusFields,
  TASK_STATUSES,
  TaskExistsError,
  type TaskEvent,
  type TaskRow,
  type TaskStatus,
  type TaskStoreOptions,
  type TaskStorePort,
  UnknownTaskError,
} from './TaskStorePort.js';

interface Tables {
  rows: Map<string, TaskRow>;
  tapes: Map<string, TaskEvent[]>;
}

/** The operations of {@link TaskStorePort}, run inside an open transaction. */
export type TaskTransaction = TaskStorePort;

function clone(t: Tables): Tables {
  const tapes = new Map<string, TaskEvent[]>();
  for (const [id, tape] of t.tapes) tapes.set(id, tape.slice());
  return { rows: new Map(t.rows), tapes };
}

function copyJson(v: Json | undefined): Json {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json);
}

/**
 * A transactional task table with an append-only event tape per task — the store of a task service
 * backed by SQLite (one database file, writers serialised by `BEGIN IMMEDIATE`, readers in WAL mode)
 * or Postgres (writers serialised by `pg_advisory_xact_lock`), as in case B's `store.py`.
 *
 * Reproduces: `create`/`get`/`updateStatus`/`appendEvent`/`listEvents` of {@link TaskStorePort}, each
 * one scheduling point and one atomic statement-level transaction (obj per task id, so calls on
 * different tasks commute), plus `listTasks` (for boot-time cleanup); `updateStatus` never changes a terminal row; `appendEvent` stamps
 * `seq = max(seq) + 1` and, with `dropAfterTerminal` (the default, PR #258), drops a non-`final` event
 * for a terminal row and returns the current max seq; multi-statement `transaction(fn)`: the store's
 * write lock is held from BEGIN to COMMIT, so transactions are critical sections; reads inside one
 * see its own writes, everybody else sees committed state only; a throw (or `CancelledError`) rolls
 * back; a writer that finds the lock held blocks (deadlock reports name the lock and its holder); an
 * actor killed inside a transaction loses its connection, so its transaction rolls back and the lock
 * is freed (SQLite and Postgres both do this when the client process dies). One client's statements
 * in flight at once (`Promise.all([store.updateStatus(…), store.appendEvent(…)])`, inside a
 * transaction or not) are served in the order it sent them, as one connection does
 * (`sim/clientOrder.ts`).
 *
 * Deliberately not: MVCC snapshot anomalies — with writers serialised, the only thing a reader can
 * observe is "before" or "after" a committed transaction (Postgres READ COMMITTED per statement);
 * repeatable-read snapshots, write skew between concurrent non-locking writers, SQLITE_BUSY and
 * busy timeouts (a blocked writer waits forever instead of failing after `busy_timeout`),
 * deadlock detection inside the database, and anything SQL beyond these five operations. (A pool
 * that sends one client's statements on different connections is `{ order: 'any' }`.)
 */
export class TaskStore implements TaskStorePort {
  private committed: Tables = { rows: new Map(), tapes: new Map() };
  private holder: Actor | null = null;
  private pending: Tables | null = null;
  private readonly lockObj: string;
  /** The set of rows: `create` writes it, `listTasks` reads it (and every row it returns). */
  private readonly rowsObj: string;
  /** Each client's statements, served in the order it sent them. */
  private readonly statements: ClientOrder;

  constructor(
    private readonly sim: Sim,
    readonly name = 'tasks',
    private readonly options: TaskStoreOptions = {},
  ) {
    this.lockObj = `taskstore:${name}:lock`;
    this.rowsObj = `taskstore:${name}:rows`;
    this.statements = new ClientOrder(sim, options.order ?? 'sent', `TaskStore "${name}"`);
    // A killed holder is no leak: its connection died and the database rolled back (see above).
    sim.leakProbe(() => {
      const h = this.holder;
      if (h === null || h.state === 'killed') return undefined;
      return `TaskStore "${name}" write lock still held by ${h.name}: a transaction that neither committed nor rolled back`;
    });
  }

  // ── plain getters for invariants and checks (no scheduling point) ─────────────────────────────

  /** The committed row, read outside the schedule. */
  row(id: string): TaskRow | undefined {
    return this.committed.rows.get(id);
  }

  /** Every committed row, in creation order. */
  get rows(): readonly TaskRow[] {
    return [...this.committed.rows.values()];
  }

  /** The committed tape of a task, read outside the schedule. */
  tape(id: string): readonly TaskEvent[] {
    return this.committed.tapes.get(id) ?? [];
  }

  /** The actor holding the write lock (inside a transaction), if any. */
  get lockHolder(): Actor | null {
    return this.holder;
  }

  // ── the port: each call is its own transaction ────────────────────────────────────────────────

  async create(task: { id: string; op: string }): Promise<TaskRow> {
    await this.write('create', task.id, [task]);
    return this.commitOne(() => this.doCreate(this.committed, task));
  }

  async get(id: string): Promise<TaskRow | null> {
    await this.statements.point(`${this.name}.get`, { obj: this.obj(id), read: true, args: [id] });
    return this.answer(this.doGet(this.committed, id));
  }

  async updateStatus(id: string, status: TaskStatus, fields: StatusFields = {}): Promise<boolean> {
    this.checkStatus(status);
    await this.write('updateStatus', id, [id, status, fields]);
    return this.commitOne(() => this.doUpdate(this.committed, id, status, fields));
  }

  async appendEvent(id: string, event: NewTaskEvent): Promise<number> {
    await this.write('appendEvent', id, [id, event]);
    return this.commitOne(() => this.doAppend(this.committed, id, event));
  }

  async listEvents(id: string): Promise<TaskEvent[]> {
    await this.statements.point(`${this.name}.listEvents`, { obj: this.obj(id), read: true, args: [id] });
    return this.answer(this.doList(this.committed, id));
  }

  async listTasks(statuses?: readonly TaskStatus[]): Promise<TaskRow[]> {
    await this.statements.point(`${this.name}.listTasks`, { obj: this.rowsObj, read: true, args: statuses === undefined ? [] : [statuses] });
    return this.answer(this.doListTasks(this.committed, statuses));
  }

  // ── multi-statement transactions ──────────────────────────────────────────────────────────────

  /**
   * Runs `fn` as one transaction: BEGIN takes the write lock (a scheduling point that blocks while
   * another actor holds it), every `tx` call is a scheduling point that sees the transaction's own
   * writes, COMMIT publishes them. A throw rolls back and is re-thrown.
   */
  async transaction<T>(fn: (tx: TaskTransaction) => Promise<T>): Promise<T> {
    const me = this.sim.current;
    if (me === undefined) throw new UsageError(`TaskStore "${this.name}".transaction() called outside an actor`, 'run transactions from inside sim.spawn(...)');
    if (this.holder === me) throw new UsageError(`TaskStore "${this.name}": actor "${me.name}" began a transaction inside its own open transaction`, 'neither SQLite nor Postgres nests BEGIN; use the tx handle you already have');
    await this.sim.point(`${this.name}.begin`, {
      obj: this.lockObj,
      enabled: () => this.lockFree(),
      waitsFor: () => this.describeLock(me),
    });
    this.reclaim();
    this.holder = me;
    this.pending = clone(this.committed);
    let open = true;
    // What COMMIT publishes: its step writes every object the transaction wrote (for reduction).
    const written = new Set<string>();
    const inTx = async <R>(label: string, id: string | null, args: readonly unknown[], read: boolean, body: (t: Tables) => R): Promise<R> => {
      if (!open) throw new UsageError(`TaskStore "${this.name}": tx.${label} after the transaction ended`, 'use the tx handle only inside the transaction callback');
      const obj = id === null ? this.rowsObj : this.obj(id);
      if (!read) written.add(obj);
      if (label === 'create') written.add(this.rowsObj);
      await this.statements.point(`${this.name}.tx.${label}`, { obj, read, args });
      if (this.holder !== me || this.pending === null) throw new UsageError(`TaskStore "${this.name}": tx.${label} from an actor that does not hold the transaction`, 'a tx handle belongs to the actor that opened it');
      return this.answer(body(this.pending));
    };
    const tx: TaskTransaction = {
      create: (task) => inTx('create', task.id, [task], false, (t) => this.doCreate(t, task)),
      get: (id) => inTx('get', id, [id], true, (t) => this.doGet(t, id)),
      updateStatus: (id, status, fields = {}) => {
        this.checkStatus(status);
        return inTx('updateStatus', id, [id, status, fields], false, (t) => this.doUpdate(t, id, status, fields));
      },
      appendEvent: (id, event) => inTx('appendEvent', id, [id, event], false, (t) => this.doAppend(t, id, event)),
      listEvents: (id) => inTx('listEvents', id, [id], true, (t) => this.doList(t, id)),
      listTasks: (statuses) => inTx('listTasks', null, statuses === undefined ? [] : [statuses], true, (t) => this.doListTasks(t, statuses)),
    };
    try {
      const value = await fn(tx);
      await this.sim.point(`${this.name}.commit`, { obj: this.lockObj });
      if (this.holder === me && this.pending !== null) this.committed = this.pending;
      for (const obj of written) this.sim.touch(obj);
      return value;
    } finally {
      open = false;
      if (this.holder === me) {
        this.holder = null;
        this.pending = null;
        this.sim.touch(this.lockObj);
      }
    }
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────

  private obj(id: string): string {
    return `taskstore:${this.name}:task:${id}`;
  }

  private checkStatus(status: TaskStatus): void {
    if (!TASK_STATUSES.includes(status)) throw new UsageError(`TaskStore "${this.name}".updateStatus: unknown status ${JSON.stringify(status)}`, `use one of ${TASK_STATUSES.join(', ')}`);
  }

  /** A killed holder's connection is gone: the database rolled its transaction back. */
  private lockFree(): boolean {
    return this.holder === null || this.holder.state === 'killed';
  }

  private reclaim(): void {
    if (this.holder !== null && this.holder.state === 'killed') {
      this.holder = null;
      this.pending = null;
    }
  }

  private describeLock(waiter: Actor | undefined): string {
    const h = this.holder;
    const who = h === null ? 'nobody' : h === waiter ? `${h.name} itself (a store call outside its own open transaction)` : h.name;
    return `TaskStore "${this.name}" write lock (BEGIN IMMEDIATE / pg_advisory_xact_lock) held by ${who}`;
  }

  /** A statement outside a transaction: waits for the write lock, takes and releases it in one step. */
  private async write(label: string, id: string, args: readonly unknown[]): Promise<void> {
    const me = this.sim.current;
    await this.statements.point(`${this.name}.${label}`, {
      obj: this.obj(id),
      args,
      enabled: () => this.lockFree(),
      waitsFor: () => this.describeLock(me),
    });
    this.reclaim();
    this.sim.touch(this.lockObj, true);
  }

  private commitOne<R>(body: () => R): R {
    return this.answer(body());
  }

  private answer<R>(value: R): R {
    this.sim.result(value);
    return value;
  }

  private doCreate(t: Tables, task: { id: string; op: string }): TaskRow {
    this.sim.touch(this.rowsObj);
    if (t.rows.has(task.id)) throw new TaskExistsError(task.id);
    const row: TaskRow = { id: task.id, op: task.op, status: 'pending', result: null, error: null };
    t.rows.set(task.id, row);
    t.tapes.set(task.id, []);
    return { ...row };
  }

  private doGet(t: Tables, id: string): TaskRow | null {
    const row = t.rows.get(id);
    return row === undefined ? null : { ...row };
  }

  private doUpdate(t: Tables, id: string, status: TaskStatus, fields: StatusFields): boolean {
    const row = t.rows.get(id);
    if (row === undefined || isTerminal(row.status)) return false;
    const next: TaskRow = { ...row, status };
    if (fields.result !== undefined) next.result = copyJson(fields.result);
    if (fields.error !== undefined) next.error = fields.error;
    t.rows.set(id, next);
    return true;
  }

  private doAppend(t: Tables, id: string, event: NewTaskEvent): number {
    const row = t.rows.get(id);
    if (row === undefined) throw new UnknownTaskError(id);
    const tape = t.tapes.get(id) ?? [];
    const max = tape.length === 0 ? 0 : tape[tape.length - 1]!.seq;
    if (dropsEvent(this.options, row.status, event)) return max;
    tape.push({ seq: max + 1, kind: event.kind, data: copyJson(event.data) });
    t.tapes.set(id, tape);
    return max + 1;
  }

  private doListTasks(t: Tables, statuses: readonly TaskStatus[] | undefined): TaskRow[] {
    const ids = [...t.rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const id of ids) this.sim.touch(this.obj(id), true);
    return ids.map((id) => ({ ...t.rows.get(id)! })).filter((r) => statuses === undefined || statuses.includes(r.status));
  }

  private doList(t: Tables, id: string): TaskEvent[] {
    return (t.tapes.get(id) ?? []).map((e) => ({ ...e }));
  }
}
