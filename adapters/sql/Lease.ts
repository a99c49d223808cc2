import type { LeaseHolder, LeasePort } from '../../models/sync/LeasePort.js';
import type { SqlConnection } from '../postgres/TaskStore.js';
import { SqlTable } from './SqlTable.js';

export interface SqlLeaseOptions {
  /** Table name prefix (default `interleave_`). */
  prefix?: string;
}

/**
 * One named lease in portable SQL (SQLite through `sqliteConnection`, Postgres through PGlite or
 * `pg`): a row `(name, owner, token, expires_at)`. `acquire` is ONE statement — an upsert whose
 * `DO UPDATE … WHERE expires_at <= now` takes the row only when the grant lapsed — so the check and
 * the write cannot be separated. The token is a counter kept in the row and bumped by every grant
 * (release keeps it), so fencing tokens only grow. Time comes in as `now` (see `LeasePort`).
 */
export class SqlLease extends SqlTable implements LeasePort {
  constructor(
    conn: SqlConnection,
    readonly name: string,
    options: SqlLeaseOptions = {},
  ) {
    super(conn, 'SqlLease', 'leases', options.prefix);
  }

  static schema(prefix = 'interleave_'): string {
    return `CREATE TABLE IF NOT EXISTS ${prefix}leases (name TEXT PRIMARY KEY, owner TEXT, token INTEGER NOT NULL, expires_at BIGINT NOT NULL)`;
  }

  protected ddl(): string {
    return SqlLease.schema(this.prefix);
  }

  async acquire(owner: string, ttlMs: number, now: number): Promise<number | null> {
    const r = await this.conn.query(
      `INSERT INTO ${this.table} (name, owner, token, expires_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, token = ${this.table}.token + 1, expires_at = excluded.expires_at
       WHERE ${this.table}.expires_at <= $4 RETURNING token`,
      [this.name, owner, now + ttlMs, now],
    );
    const row = r.rows[0] as { token: number | string } | undefined;
    return row === undefined ? null : Number(row.token);
  }

  async renew(owner: string, token: number, ttlMs: number, now: number): Promise<boolean> {
    const r = await this.conn.query(`UPDATE ${this.table} SET expires_at = $4 WHERE name = $1 AND owner = $2 AND token = $3 AND expires_at > $5 RETURNING token`, [this.name, owner, token, now + ttlMs, now]);
    return r.rows.length > 0;
  }

  async release(owner: string, token: number): Promise<boolean> {
    const r = await this.conn.query(`UPDATE ${this.table} SET owner = NULL, expires_at = 0 WHERE name = $1 AND owner = $2 AND token = $3 RETURNING token`, [this.name, owner, token]);
    return r.rows.length > 0;
  }

  async holder(now: number): Promise<LeaseHolder | null> {
    const r = await this.conn.query(`SELECT owner, token, expires_at FROM ${this.table} WHERE name = $1 AND owner IS NOT NULL AND expires_at > $2`, [this.name, now]);
    const row = r.rows[0] as { owner: string; token: number | string; expires_at: number | string } | undefined;
    return row === undefined ? null : { owner: row.owner, token: Number(row.token), expiresAt: Number(row.expires_at) };
  }
}
