import { SqlLease } from '../sql/Lease.js';

/**
 * One named lease on Postgres: {@link SqlLease}'s single-statement upsert acquire over one
 * connection with `query(text, params)` — a `PGlite` or a node-postgres `Client`. Call `migrate()`
 * or `reset()` first.
 */
export class PostgresLease extends SqlLease {}
