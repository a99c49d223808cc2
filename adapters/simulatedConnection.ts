import type { Sim } from '../sim/sim.js';
import type { SqlConnection } from './postgres/TaskStore.js';

/**
 * A database connection as the simulation sees it: every statement one scheduling point through
 * `sim.external`. An adapter built on it exposes the gaps *between* its statements, so a contract
 * suite finds an operation that is two statements where it should be one (a read-then-write update,
 * a check-then-write lease) — at the default granularity, one point per adapter call, such an
 * operation would look atomic. Statements name one object per database (`sql:<name>`): any two may
 * conflict. Use it only with autocommit statements: two actors' BEGIN … COMMIT on one shared
 * connection would interleave inside one transaction, which no real pool does.
 */
export function simulatedConnection(sim: Sim, conn: SqlConnection, name = 'db'): SqlConnection {
  return {
    query: (text, params) =>
      sim.external(`sql.${(/^\s*(\w+)/.exec(text)?.[1] ?? 'query').toLowerCase()}`, () => conn.query(text, params), {
        obj: `sql:${name}`,
        args: params === undefined ? [text] : [text, params],
      }),
  };
}
