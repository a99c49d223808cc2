import type { PointOptions } from './sim.js';

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
 * Not reproduced: a pool that sends one client's commands on different connections (they may then
 * be served in any order).
 */
export class ClientOrder {
  /** Per actor, its operations issued and not yet past their point, in issue order. */
  private readonly queues = new Map<number, Ticket[]>();

  constructor(private readonly host: Host) {}

  /** `sim.point(label, options)`, in the calling actor's order. */
  point(label: string, options: PointOptions): Promise<void> {
    return this.inTurn(options.enabled, (enabled) => this.host.point(label, enabled === options.enabled ? options : { ...options, enabled }));
  }

  /**
   * Runs `reach`, which reaches one scheduling point with the `enabled` it is given (the caller's,
   * with the turn added when an earlier operation of the same actor is pending), and holds the
   * actor's turn until `reach` has settled.
   */
  async inTurn<T>(enabled: (() => boolean) | undefined, reach: (enabled: (() => boolean) | undefined) => Promise<T>): Promise<T> {
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
