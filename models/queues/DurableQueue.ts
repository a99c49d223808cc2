import type { Actor } from '../../sim/actor.js';
import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { TransientError } from './TransientError.js';

/**
 * A durable work queue with competing consumers — Amazon SQS (visibility timeout, receive count,
 * redrive to a dead-letter queue), BullMQ/Sidekiq (concurrency, retry with backoff), the `Enqueue`
 * trigger action of a Motia/iii backend (case D's `turn-step` queue).
 *
 * Reproduces:
 * - at-least-once delivery: a message stays stored until its handler succeeds (the ack);
 * - no per-key ordering: when several messages are visible, which one a free consumer takes is a
 *   scheduler choice (`sim.pick`, shrinking toward the oldest);
 * - a consumer concurrency limit (`concurrency` handlers at most at once);
 * - retry with backoff on `TransientError`, on the virtual clock;
 * - the visibility timeout: a delivery makes the message invisible for `visibilityTimeoutMs`; a
 *   handler slower than that does not stop the clock, so the message becomes visible again and a
 *   free consumer gets a duplicate delivery while the first handler still runs. The waiting consumer
 *   parks with that deadline, so "time passes while the handler is slow" is a scheduler choice;
 * - the lost ack: a handler actor that is killed (consumer crash) never acks; the message comes back
 *   after its visibility timeout — or at once with `visibilityTimeoutMs: null` (no timeout: a live
 *   handler's message is never redelivered);
 * - a dead-letter queue: a message received more than `maxAttempts` times, failing transiently on its
 *   last attempt, or failing with any other error goes to `deadLetters` (and a `queue.dead-letter`
 *   event) — never a silent drop. `pending` lists what is neither acked nor dead-lettered.
 *
 * Deliberately not: FIFO groups / per-key ordering (the point is that there are none), delayed
 * enqueue, a crash of the consumer between a successful handler and its ack (the ack is taken in the
 * step that observes the handler's end), message size limits, purge.
 */

export interface DurableQueueOptions {
  /** Most handlers running at once (default 1). */
  concurrency?: number;
  /**
   * How long a delivered message stays invisible (default 30 000 ms). `null`: no visibility timeout —
   * a message in flight stays invisible until its handler settles, and a killed handler's message is
   * redelivered at once (a broker requeueing what a dead consumer held: AMQP on channel close).
   */
  visibilityTimeoutMs?: number | null;
  /** Deliveries before the message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Delay before redelivery after the `attempt`-th delivery failed transiently (default 1 s · 2^(attempt−1), at most 30 s). */
  backoffMs?: (attempt: number) => number;
}

export interface Delivery {
  /** Message id (`<queue>-1`, …). */
  id: string;
  /** 1 for the first delivery of this message, 2 for the second, … */
  attempt: number;
}

export interface DeadLetter<T> {
  id: string;
  body: T;
  attempts: number;
  reason: string;
}

interface Stored<T> {
  id: string;
  body: T;
  deliveries: number;
  visibleAt: number;
}

export type QueueHandler<T> = (body: T, delivery: Delivery) => unknown;

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export class DurableQueue<T> {
  private readonly stored = new Map<string, Stored<T>>();
  private readonly dead: DeadLetter<T>[] = [];
  private readonly ackedIds: string[] = [];
  private readonly log: (Delivery & { actor: string; at: number })[] = [];
  private handler: QueueHandler<T> | undefined;
  private workers = 0;
  private readonly running = new Map<string, Actor>();
  private readonly obj: string;
  private readonly concurrency: number;
  private readonly visibilityTimeoutMs: number | null;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    options: DurableQueueOptions = {},
  ) {
    this.obj = `queue:${name}`;
    this.concurrency = options.concurrency ?? 1;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs === null ? null : (options.visibilityTimeoutMs ?? 30_000);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? ((n) => Math.min(1000 * 2 ** (n - 1), 30_000));
    const positive = (k: string, v: number, min: number) => {
      if (!Number.isInteger(v) || v < min) throw new UsageError(`DurableQueue "${name}": ${k} must be an integer ≥ ${min}, got ${v}`);
    };
    positive('concurrency', this.concurrency, 1);
    if (this.visibilityTimeoutMs !== null) positive('visibilityTimeoutMs', this.visibilityTimeoutMs, 1);
    positive('maxAttempts', this.maxAttempts, 1);
  }

  // ── plain getters: outside the schedule ──────────────────────────────────────────────────

  /** Messages dead-lettered so far, with why. */
  get deadLetters(): readonly DeadLetter<T>[] {
    return this.dead;
  }

  /** Ids of messages whose handler succeeded. */
  get acked(): readonly string[] {
    return this.ackedIds;
  }

  /** Messages neither acked nor dead-lettered (waiting, backing off, or in flight). */
  get pending(): readonly { id: string; body: T; deliveries: number }[] {
    return [...this.stored.values()].map((m) => ({ id: m.id, body: m.body, deliveries: m.deliveries }));
  }

  /** Every delivery so far: message id, attempt, the handler actor's name and the time. */
  get deliveries(): readonly (Delivery & { actor: string; at: number })[] {
    return this.log;
  }

  /** Handler actors running now, by message id of their delivery. */
  get inFlight(): ReadonlyMap<string, Actor> {
    return this.running;
  }

  // ── operations ──────────────────────────────────────────────────────────────────────────

  /** Subscribes the handler; consumers start as messages arrive. Call once, in setup. */
  consume(handler: QueueHandler<T>): void {
    if (typeof handler !== 'function') throw new UsageError(`DurableQueue "${this.name}".consume needs a handler function`);
    if (this.handler !== undefined) throw new UsageError(`DurableQueue "${this.name}" already has a consumer`, 'one handler per queue; dispatch on the message body inside it');
    this.handler = handler;
    this.startWorkers();
  }

  /** Stores a message (one scheduling point); returns its id. */
  async enqueue(body: T): Promise<string> {
    await this.sim.point(`${this.name}.enqueue`, { obj: this.obj, args: [body] });
    const id = this.sim.id(this.name);
    this.stored.set(id, { id, body: structuredClone(body), deliveries: 0, visibleAt: this.sim.now });
    this.sim.result(id);
    this.startWorkers();
    return id;
  }

  /** Waits until every message is acked or dead-lettered. */
  async drained(): Promise<void> {
    await this.sim.point(`${this.name}.drained`, { obj: this.obj, read: true, enabled: () => this.stored.size === 0, waitsFor: () => this.describeWait() });
  }

  // ── consumers ───────────────────────────────────────────────────────────────────────────

  private startWorkers(): void {
    if (this.handler === undefined) return;
    // A full set of consumers while anything is stored: an idle one is what picks up a message whose
    // visibility timeout lapsed while another consumer is still busy with it.
    const want = this.stored.size > 0 ? this.concurrency : 0;
    while (this.workers < want) {
      this.workers++;
      this.sim.spawn(`${this.name}/consumer`, () => this.consumer());
    }
  }

  private visible(): Stored<T>[] {
    const now = this.sim.now;
    return [...this.stored.values()].filter((m) => m.visibleAt <= now);
  }

  /** When the next stored message becomes visible: a waiting consumer's deadline, read at each choice. */
  private readonly nextVisible = (): number | undefined => {
    let t = Infinity;
    for (const m of this.stored.values()) if (m.visibleAt < t) t = m.visibleAt;
    return t === Infinity ? undefined : t;
  };

  private describeWait(): string {
    const now = this.sim.now;
    const parts = [...this.stored.values()].map((m) => {
      const h = this.running.get(m.id);
      return `${m.id} ${h ? `in flight (${h.name}${h.state === 'killed' ? ', killed' : ''})` : m.visibleAt > now ? `invisible for ${m.visibleAt - now} ms` : 'visible'}`;
    });
    return `DurableQueue "${this.name}" (${parts.length ? parts.join(', ') : 'empty'}; ${this.dead.length} dead-lettered)`;
  }

  private async consumer(): Promise<void> {
    const handler = this.handler!;
    for (;;) {
      await this.sim.point(`${this.name}.receive`, {
        obj: this.obj,
        enabled: () => this.stored.size === 0 || this.visible().length > 0,
        deadline: this.nextVisible,
        waitsFor: () => this.describeWait(),
      });
      if (this.stored.size === 0) {
        this.workers--;
        return;
      }
      const visible = this.visible();
      if (visible.length === 0) continue;
      const m = this.sim.pick(`${this.name} takes`, visible);
      m.deliveries++;
      if (m.deliveries > this.maxAttempts) {
        this.deadLetter(m, `received ${this.maxAttempts} times without an ack (visibility timeouts or lost acks)`, m.deliveries - 1);
        continue;
      }
      const attempt = m.deliveries;
      m.visibleAt = this.visibilityTimeoutMs === null ? Infinity : this.sim.now + this.visibilityTimeoutMs;
      const delivery: Delivery = { id: m.id, attempt };
      const body = structuredClone(m.body);
      const actor = this.sim.spawn(`${this.name}:${m.id}`, async () => {
        try {
          await handler(body, delivery);
          return { ok: true as const };
        } catch (error) {
          return { ok: false as const, error };
        }
      });
      this.running.set(m.id, actor);
      this.log.push({ ...delivery, actor: actor.name, at: this.sim.now });
      this.sim.result({ id: m.id, attempt, handler: actor.name });
      await this.sim.point(`${this.name}.await ${actor.name}`, {
        obj: `actor:${actor.id}`,
        read: true,
        enabled: () => actor.done,
        waitsFor: () => `handler ${actor.name} of DurableQueue "${this.name}" message ${m.id} (attempt ${attempt})${actor.op ? `, which waits at "${actor.op.label}"` : ''}`,
      });
      if (this.running.get(m.id) === actor) this.running.delete(m.id);
      this.settle(m, attempt, actor);
    }
  }

  private settle(m: Stored<T>, attempt: number, actor: Actor): void {
    this.sim.touch(this.obj);
    const current = this.stored.get(m.id) === m;
    if (actor.state === 'killed') {
      // Lost ack: the message comes back when its visibility timeout lapses (at once without one).
      if (this.visibilityTimeoutMs === null && current) m.visibleAt = this.sim.now;
      this.sim.result('lost ack (handler killed)');
      return;
    }
    const outcome = actor.value as { ok: true } | { ok: false; error: unknown };
    if (outcome.ok) {
      if (current) {
        this.stored.delete(m.id);
        this.ackedIds.push(m.id);
      }
      this.sim.result(current ? 'ack' : 'ack of a message already settled');
      return;
    }
    if (!current || m.deliveries !== attempt) {
      // A newer delivery owns the message now; this failure only concerns the stale one.
      this.sim.result(`stale failure ignored: ${describe(outcome.error)}`);
      return;
    }
    if (outcome.error instanceof TransientError) {
      if (attempt >= this.maxAttempts) {
        this.deadLetter(m, `failed transiently on all ${attempt} attempts: ${describe(outcome.error)}`, attempt);
        return;
      }
      const delay = this.backoffMs(attempt);
      m.visibleAt = this.sim.now + delay;
      this.sim.result(`retry in ${delay} ms`);
      return;
    }
    this.deadLetter(m, `handler threw ${describe(outcome.error)}`, attempt);
  }

  private deadLetter(m: Stored<T>, reason: string, attempts: number): void {
    this.stored.delete(m.id);
    const d = { id: m.id, body: m.body, attempts, reason };
    this.dead.push(d);
    this.sim.result(`dead-letter: ${reason}`);
    this.sim.log('queue.dead-letter', { queue: this.name, ...d });
  }
}
