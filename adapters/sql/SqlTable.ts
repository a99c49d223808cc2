import type { SqlConnection } from '../postgres/TaskStore.js';

/**
 * What the portable-SQL adapters share: one table named by a validated prefix, created by `migrate`,
 * emptied by `reset` (a fresh world per simulated run), and `on(conn)` for the same store over
 * another connection — e.g. one whose statements are scheduling points:
 * `store.on(simulatedConnection(sim, store.connection))`.
 */
export abstract class SqlTable {
  protected readonly table: string;
  protected readonly prefix: string;

  constructor(
    protected conn: SqlConnection,
    what: string,
    suffix: string,
    prefix = 'interleave_',
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`${what}: prefix ${JSON.stringify(prefix)} must be a lower-case SQL identifier`);
    this.prefix = prefix;
    this.table = `${prefix}${suffix}`;
  }

  /** The DDL of this store's table. */
  protected abstract ddl(): string;

  async migrate(): Promise<void> {
    await this.conn.query(this.ddl());
  }

  /** Creates the table if needed and empties it. */
  async reset(): Promise<void> {
    await this.migrate();
    await this.conn.query(`DELETE FROM ${this.table}`);
  }

  /** The same store (same table, same class) over another connection. */
  on(conn: SqlConnection): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this);
    copy.conn = conn;
    return copy;
  }

  get connection(): SqlConnection {
    return this.conn;
  }
}
