import Database from 'better-sqlite3';
import { SqlKvStore, type SqlKvStoreOptions } from '../sql/KvStore.js';
import { sqliteConnection } from './connection.js';

/**
 * The key-value port on SQLite through better-sqlite3: the portable SQL of {@link SqlKvStore} (an
 * optimistic `update`: read `(value, version)`, `UPDATE … WHERE version = ? RETURNING`, retry) over
 * {@link sqliteConnection}. Pass a path for a file database or nothing for a private in-memory one.
 */
export class SqliteKvStore extends SqlKvStore {
  readonly db: Database.Database;

  constructor(filename = ':memory:', options: SqlKvStoreOptions = {}) {
    const db = new Database(filename);
    super(sqliteConnection(db), options);
    this.db = db;
    db.pragma('journal_mode = WAL');
    db.exec(SqlKvStore.schema(options.prefix));
  }

  close(): void {
    this.db.close();
  }
}
