import type Database from 'better-sqlite3';
import type { SqlConnection } from '../postgres/TaskStore.js';

/**
 * A better-sqlite3 database as a {@link SqlConnection}, so SQL written once for Postgres (`$1`,
 * `$2`, … placeholders, `RETURNING`, `ON CONFLICT`) runs on SQLite too: `$n` becomes the named
 * parameter `@pn`. Each call is one statement in autocommit mode — SQLite runs it atomically.
 * better-sqlite3 is synchronous; the promise only gives both databases the same shape.
 */
export function sqliteConnection(db: Database.Database): SqlConnection {
  const cache = new Map<string, { stmt: Database.Statement; used: number[] }>();
  return {
    async query(text, params = []) {
      let c = cache.get(text);
      if (c === undefined) {
        const used = new Set<number>();
        const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
          used.add(Number(n));
          return `@p${n}`;
        });
        c = { stmt: db.prepare(sql), used: [...used] };
        cache.set(text, c);
      }
      const bound: Record<string, unknown> = {};
      for (const n of c.used) bound[`p${n}`] = params[n - 1] ?? null;
      if (c.stmt.reader) return { rows: c.stmt.all(bound) as unknown[] };
      c.stmt.run(bound);
      return { rows: [] };
    },
  };
}
