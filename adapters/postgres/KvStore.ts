import { SqlKvStore } from '../sql/KvStore.js';

/**
 * The key-value port on Postgres: the portable SQL of {@link SqlKvStore} over one connection with
 * `query(text, params)` — a `PGlite` (tests) or a node-postgres `Client` (`DATABASE_URL`). Each
 * statement is atomic on its own (autocommit), so calls may share the connection without a queue;
 * `update` and `compareAndSet` are optimistic (`UPDATE … WHERE version = $3 RETURNING`, retried).
 * Call `migrate()` or `reset()` first.
 */
export class PostgresKvStore extends SqlKvStore {}
