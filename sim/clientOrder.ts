import { UsageError } from './errors.js';
import type { PointOptions } from './sim.js';

/**
 * How a dependency serves one client's calls in flight at once: `'sent'`, in the order the client
 * made them (one connection); `'any'`, in any order (a pool, an HTTP or gRPC API that runs requests
 * side by side).
 */
export type CallOrder = 'sent' | 'any';

/** An operation's place in its client's order. */
type Ticket = object;

/** What a client order needs of the run: who is calling, and a scheduling point. */
interface Host {
  readonly current: { readonly id: number } | undefined;
  point(label: string, options?: PointOptions): Promise<void>;
}

/**
 * One connection per client: a store serves a client's commands, and returns their replies, in the
 * order the client sent them (a PostgreSQL or Redis connection, a SQLite handle, an in-memory fake
 * whose methods run in call order). The client is the calling actor. An operation issued while the
 * same actor has an earlier one pending (a `Promise.all` over two calls) becomes runnable only once
 * that one has gone; one with nothing of its actor ahead of it gets no such condition, so a client
 * that awaits each call schedules exactly as it would without this. The queues are per actor, so a
 * killed actor's tickets can stand ahead of nobody else's.
 *
 * With `order: 'any'` it is a pool instead, or an API that runs requests side by side: one client's
 * calls in flight at once are served in any order, each a scheduling point of its own.
 */
export class ClientOrder {
  /** Per actor, its operations issued and not yet past their point, in issue order. */
  private readonly queues = new Map<number, Ticket[]>();
  private readonly order: CallOrder;

  /** `where` names the model or port in the error for a bad `order` (e.g. `KvStore "kv"`). */
  constructor(
    private readonly host: Host,
    order: unknown = 'sent',
    where = 'ClientOrder',
  ) {
    if (order !== 'sent' && order !== 'any') {
      throw new UsageError(`${where}: order must be 'sent' or 'any', got ${JSON.stringify(order) ?? typeof order}`, "'sent' serves one actor's calls in the order it made them (one connection); 'any' in any order (a pool, an HTTP API)");
    }
    this.order = order;
  }

  /** `sim.point(label, options)`, in the calling actor's order. */
  point(label: string, options: PointOptions): Promise<void> {
    return this.inTurn(options.enabled, (enabled) => this.host.point(label, enabled === options.enabled ? options : { ...options, enabled }));
  }

  /**
   * Runs `reach`, which reaches one scheduling point with the `enabled` it is given (the caller's,
   * with the turn added when an earlier operation of the same actor is pending), and holds the
   * actor's turn until `reach` has settled.
   */
  inTurn<T>(enabled: (() => boolean) | undefined, reach: (enabled: (() => boolean) | undefined) => Promise<T>): Promise<T> {
    // In any order: the caller's point as it is, with no promise hop of this wrapper's.
    return this.order === 'any' ? reach(enabled) : this.queued(enabled, reach);
  }

  private async queued<T>(enabled: (() => boolean) | undefined, reach: (enabled: (() => boolean) | undefined) => Promise<T>): Promise<T> {
    const id = this.host.current?.id ?? -1;
    let queue = this.queues.get(id);
    if (queue === undefined) this.queues.set(id, (queue = []));
    const ticket: Ticket = {};
    queue.push(ticket);
    try {
      return await reach(queue.length > 1 ? turnAnd(queue, ticket, enabled) : enabled);
    } finally {
      queue.splice(queue.indexOf(ticket), 1);
    }
  }
}

function turnAnd(queue: readonly Ticket[], ticket: Ticket, enabled: (() => boolean) | undefined): () => boolean {
  return enabled === undefined ? () => queue[0] === ticket : () => queue[0] === ticket && enabled();
}
