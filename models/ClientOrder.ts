import type { PointOptions, Sim } from '../sim/sim.js';

/** An operation's place in its client's order. */
type Ticket = object;

/**
 * One connection per client: a store serves a client's commands, and returns their replies, in the
 * order the client sent them (a PostgreSQL or Redis connection, a SQLite handle). The client is the
 * calling actor. An operation issued while the same actor has an earlier one pending (a
 * `Promise.all` over two calls) becomes runnable only once that one has gone; one with nothing of its
 * actor ahead of it gets no such condition, so a client that awaits each call schedules exactly as
 * it would without this. The queues are per actor, so a killed actor's tickets can stand ahead of
 * nobody else's.
 *
 * Not reproduced: a pool that sends one client's commands on different connections (they may then
 * be served in any order).
 */
export class ClientOrder {
  /** Per actor, its operations issued and not yet past this point, in issue order. */
  private readonly queues = new Map<number, Ticket[]>();

  constructor(private readonly sim: Sim) {}

  /** `sim.point(label, options)`, in the calling actor's order. */
  async point(label: string, options: PointOptions): Promise<void> {
    const id = this.sim.current?.id ?? -1;
    let queue = this.queues.get(id);
    if (queue === undefined) this.queues.set(id, (queue = []));
    const ticket: Ticket = {};
    queue.push(ticket);
    try {
      await this.sim.point(label, queue.length > 1 ? { ...options, enabled: inTurn(queue, ticket, options.enabled) } : options);
    } finally {
      queue.splice(queue.indexOf(ticket), 1);
    }
  }
}

function inTurn(queue: readonly Ticket[], ticket: Ticket, enabled: (() => boolean) | undefined): () => boolean {
  return enabled === undefined ? () => queue[0] === ticket : () => queue[0] === ticket && enabled();
}
