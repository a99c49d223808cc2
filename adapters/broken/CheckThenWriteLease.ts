import { SqlLease } from '../sql/Lease.js';

/**
 * DELIBERATELY BROKEN — the classic lease bug: `acquire` reads the row to check that the grant
 * lapsed, then writes the new owner (and `token + 1` from what it read) in a second statement. Two
 * contenders can both see "free" and both write: two holders at once, and both get the same fencing
 * token. Kept to show that the contract suite catches it (statements as scheduling points).
 */
export class CheckThenWriteLease extends SqlLease {
  override async acquire(owner: string, ttlMs: number, now: number): Promise<number | null> {
    const r = await this.conn.query(`SELECT token, expires_at FROM ${this.table} WHERE name = $1`, [this.name]);
    const row = r.rows[0] as { token: number | string; expires_at: number | string } | undefined;
    if (row !== undefined && Number(row.expires_at) > now) return null;
    const token = (row === undefined ? 0 : Number(row.token)) + 1;
    await this.conn.query(
      `INSERT INTO ${this.table} (name, owner, token, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, token = excluded.token, expires_at = excluded.expires_at`,
      [this.name, owner, token, now + ttlMs],
    );
    return token;
  }
}
