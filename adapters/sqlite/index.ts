/**
 * interleave/adapters/sqlite — the SQLite adapters (they need better-sqlite3, so they have their own
 * entry): the task store, the key-value store, the lease, and `sqliteConnection` (a better-sqlite3
 * database as a `query(text, params)` connection).
 */
export { sqliteConnection } from './connection.js';
export { SqliteKvStore } from './KvStore.js';
export { SqliteLease } from './Lease.js';
export { SqliteTaskStore } from './TaskStore.js';
