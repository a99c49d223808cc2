import Database from 'better-sqlite3';
import { SqlLease, type SqlLeaseOptions } from '../sql/Lease.js';
import { sqliteConnection } from './connection.js';

/**
 * One named lease on SQLite through better-sqlite3: {@link SqlLease}'s single-statement upsert
 * acquire over {@link sqliteConnection}. Several `SqliteLease`s on one file database are several
 * processes contending for the same row.
 */
export class SqliteLease extends SqlLease {
  readonly db: Database.Database;

  constructor(name: string, filename = ':memory:', options: SqlLeaseOptions = {}) {
    const db = new Database(filename);
    super(sqliteConnection(db), name, options);
    this.db = db;
    db.pragma('journal_mode = WAL');
    db.exec(SqlLease.schema(options.prefix));
  }

  close(): void {
    this.db.close();
  }
}
