import { applyKvOps, type Json, type KvStorePort, type KvUpdateOp } from '../../models/stores/KvStorePort.js';
import { stableJson } from '../../sim/trace.js';
import type { SqlConnection } from '../postgres/TaskStore.js';
import { SqlTable } from './SqlTable.js';

export interface SqlKvStoreOptions {
  /** Table name prefix, so several stores can share one database (default `interleave_`). */
  prefix?: string;
}

/** The current row of a key: `value` is null for an absent key (never written, or deleted). */
export interface KvRow {
  value: Json | undefined;
  /** Bumped by every write, delete included; null when the key never had a row. */
  version: number | null;
}

/**
 * The key-value port in portable SQL — one code path for SQLite (`sqliteConnection`) and Postgres
 * (PGlite or a node-postgres `Client`): `$n` placeholders, `ON CONFLICT`, `RETURNING`, no explicit
 * transactions. Every statement is atomic on its own, so the atomic operations are optimistic:
 * `update` and `compareAndSet` read `(value, version)` and write with `WHERE version = <read>`,
 * retrying when another write landed in between (Redis `WATCH`/`MULTI`, an etcd `Txn` on
 * `mod_revision`). A delete keeps the row as a tombstone with a bumped version, so versions never
 * repeat (no ABA). Lock-free rather than wait-free: a retry means another caller's write succeeded.
 */
export class SqlKvStore extends SqlTable implements KvStorePort {
  constructor(
    conn: SqlConnection,
    options: SqlKvStoreOptions = {},
  ) {
    super(conn, 'SqlKvStore', 'kv', options.prefix);
  }

  /** The DDL, for callers that create tables synchronously (better-sqlite3). */
  static schema(prefix = 'interleave_'): string {
    return `CREATE TABLE IF NOT EXISTS ${prefix}kv (key TEXT PRIMARY KEY, value TEXT, version INTEGER NOT NULL)`;
  }

  protected ddl(): string {
    return SqlKvStore.schema(this.prefix);
  }

  protected async read(key: string): Promise<KvRow> {
    const r = await this.conn.query(`SELECT value, version FROM ${this.table} WHERE key = $1`, [key]);
    const row = r.rows[0] as { value: string | null; version: number | string } | undefined;
    if (row === undefined) return { value: undefined, version: null };
    return { value: row.value === null ? undefined : (JSON.parse(row.value) as Json), version: Number(row.version) };
  }

  /** Writes `value` if the key's version is still `version` (null: no row yet); whether it wrote. */
  protected async writeIf(key: string, version: number | null, value: Json): Promise<boolean> {
    const r =
      version === null
        ? await this.conn.query(`INSERT INTO ${this.table} (key, value, version) VALUES ($1, $2, 1) ON CONFLICT (key) DO NOTHING RETURNING version`, [key, JSON.stringify(value)])
        : await this.conn.query(`UPDATE ${this.table} SET value = $2, version = version + 1 WHERE key = $1 AND version = $3 RETURNING version`, [key, JSON.stringify(value), version]);
    return r.rows.length > 0;
  }

  async get(key: string): Promise<Json | undefined> {
    const r = await this.conn.query(`SELECT value FROM ${this.table} WHERE key = $1`, [key]);
    const row = r.rows[0] as { value: string | null } | undefined;
    return row === undefined || row.value === null ? undefined : (JSON.parse(row.value) as Json);
  }

  async set(key: string, value: Json): Promise<void> {
    await this.conn.query(
      `INSERT INTO ${this.table} (key, value, version) VALUES ($1, $2, 1) ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = ${this.table}.version + 1`,
      [key, JSON.stringify(value)],
    );
  }

  async delete(key: string): Promise<boolean> {
    const r = await this.conn.query(`UPDATE ${this.table} SET value = NULL, version = version + 1 WHERE key = $1 AND value IS NOT NULL RETURNING version`, [key]);
    return r.rows.length > 0;
  }

  async update(key: string, ops: readonly KvUpdateOp[]): Promise<{ old: Json | undefined; new: Json }> {
    applyKvOps(key, 0, ops);
    for (;;) {
      const { value, version } = await this.read(key);
      const next = applyKvOps(key, value, ops);
      if (await this.writeIf(key, version, next)) return { old: value, new: next };
    }
  }

  async compareAndSet(key: string, expected: Json | undefined, next: Json): Promise<boolean> {
    for (;;) {
      const { value, version } = await this.read(key);
      if (stableJson(value) !== stableJson(expected)) return false;
      if (await this.writeIf(key, version, next)) return true;
    }
  }
}
