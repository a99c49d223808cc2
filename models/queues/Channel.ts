import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';

/** What `recv` returns: a value, or `ok: false` once the channel is closed and drained (Go's `v, ok := <-ch`). */
export type Received<T> = { ok: true; value: T } | { ok: false };

export interface ChannelOptions {
  /**
   * Buffer size: `Infinity` (default) is unbounded like `asyncio.Queue()`; `n ≥ 1` blocks senders
   * while `n` items wait; `0` is Go's unbuffered channel (a send completes only once received).
   */
  capacity?: number;
}

interface Slot<T> {
  value: T;
  taken: boolean;
}

/**
 * A FIFO channel between actors — Go channels (`make(chan T, n)`, `close`, `v, ok := <-ch`), or a
 * `queue.Queue(maxsize)` between threads. (For `asyncio.Queue` on an `EventLoop`, use `AsyncioQueue`:
 * synchronous `put_nowait`, FIFO wake-ups, barging getters.)
 *
 * Reproduces: `send` blocks while the buffer is full (bounded) and never blocks when unbounded; with
 * capacity 0 a send blocks until a receiver takes its value (rendezvous); `recv` blocks while the
 * buffer is empty; items come out in the order they went in; when several senders or receivers are
 * blocked, which one proceeds is the scheduler's choice (Go leaves it unspecified). `close()`: later
 * sends throw (Go panics "send on closed channel"), so do senders blocked at the time of the close;
 * receivers drain what is buffered and then get `{ ok: false }`; closing twice throws (Go panics
 * "close of closed channel"). `trySend`/`tryRecv` are `select` with a `default` branch. Deadlock
 * reports name the channel and its fill level.
 *
 * Deliberately not: `select` over several channels, nil channels, `asyncio.Queue.task_done/join`,
 * `shutdown(immediate=True)` (Python 3.13).
 */
export class Channel<T> {
  private readonly buffer: Slot<T>[] = [];
  private closedBy: string | null = null;
  private readonly capacity: number;
  private readonly obj: string;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    options: ChannelOptions = {},
  ) {
    const c = options.capacity ?? Infinity;
    if (c !== Infinity && (!Number.isSafeInteger(c) || c < 0)) {
      throw new UsageError(`Channel "${name}": capacity must be an integer ≥ 0 or Infinity, got ${c}`, 'use 0 for an unbuffered (rendezvous) channel, Infinity for an unbounded one');
    }
    this.capacity = c;
    this.obj = `chan:${name}`;
  }

  /** Buffered items, oldest first, read outside the schedule. */
  get items(): readonly T[] {
    return this.buffer.filter((s) => !s.taken).map((s) => s.value);
  }

  get closed(): boolean {
    return this.closedBy !== null;
  }

  private get room(): boolean {
    return this.buffer.length < Math.max(this.capacity, 1);
  }

  private fill(): string {
    const cap = this.capacity === Infinity ? 'unbounded' : `capacity ${this.capacity}`;
    return `Channel "${this.name}" (${this.buffer.length} item(s) buffered, ${cap}, ${this.closedBy === null ? 'open' : 'closed'})`;
  }

  private sendOnClosed(): UsageError {
    return new UsageError(
      `send on closed Channel "${this.name}" by actor "${this.sim.current?.name ?? '?'}" (closed by ${this.closedBy})`,
      'only the sending side should close a channel, after its last send (Go panics here too)',
    );
  }

  private requireActor(what: string): void {
    if (this.sim.current === undefined) throw new UsageError(`Channel "${this.name}".${what}() called outside an actor`, 'call it from inside sim.spawn(...)');
  }

  /** Sends `value`, blocking while the buffer is full (or, unbuffered, until it is received). */
  async send(value: T): Promise<void> {
    this.requireActor('send');
    await this.sim.point(`${this.name}.send`, {
      obj: this.obj,
      args: [value],
      enabled: () => this.room || this.closedBy !== null,
      waitsFor: () => `room in ${this.fill()}`,
    });
    if (this.closedBy !== null) throw this.sendOnClosed();
    const slot: Slot<T> = { value, taken: false };
    this.buffer.push(slot);
    if (this.capacity > 0) return;
    await this.sim.point(`${this.name}.handoff`, {
      obj: this.obj,
      enabled: () => slot.taken || this.closedBy !== null,
      waitsFor: () => `a receiver on unbuffered ${this.fill()}`,
    });
    if (!slot.taken) {
      this.buffer.splice(this.buffer.indexOf(slot), 1);
      throw this.sendOnClosed();
    }
  }

  /** Receives the oldest item, blocking while empty; `{ ok: false }` once closed and drained. */
  async recv(): Promise<Received<T>> {
    this.requireActor('recv');
    await this.sim.point(`${this.name}.recv`, {
      obj: this.obj,
      enabled: () => this.buffer.some((s) => !s.taken) || this.closedBy !== null,
      waitsFor: () => `an item in ${this.fill()}`,
    });
    return this.take();
  }

  /** Sends only if that would not block (`select { case ch <- v: default: }`). */
  async trySend(value: T): Promise<boolean> {
    this.requireActor('trySend');
    await this.sim.point(`${this.name}.trySend`, { obj: this.obj, args: [value], unchanged: (sent) => sent === false });
    if (this.closedBy !== null) throw this.sendOnClosed();
    const ok = this.capacity > 0 && this.room;
    if (ok) this.buffer.push({ value, taken: false });
    this.sim.result(ok);
    return ok;
  }

  /** Receives only if an item is ready; `undefined` when it would block. */
  async tryRecv(): Promise<Received<T> | undefined> {
    this.requireActor('tryRecv');
    await this.sim.point(`${this.name}.tryRecv`, { obj: this.obj, unchanged: (got) => got === undefined });
    if (!this.buffer.some((s) => !s.taken) && this.closedBy === null) {
      this.sim.result(undefined);
      return undefined;
    }
    return this.take();
  }

  /** Closes the channel: no more sends; receivers drain, then see `{ ok: false }`. */
  async close(): Promise<void> {
    this.requireActor('close');
    await this.sim.point(`${this.name}.close`, { obj: this.obj });
    if (this.closedBy !== null) {
      throw new UsageError(`close of closed Channel "${this.name}" by actor "${this.sim.current?.name}" (first closed by ${this.closedBy})`, 'close a channel exactly once, from its single owner/sender (Go panics here too)');
    }
    this.closedBy = this.sim.current!.name;
  }

  private take(): Received<T> {
    const i = this.buffer.findIndex((s) => !s.taken);
    if (i < 0) {
      this.sim.result({ ok: false });
      return { ok: false };
    }
    const slot = this.buffer[i]!;
    this.buffer.splice(i, 1);
    slot.taken = true;
    this.sim.result({ ok: true, value: slot.value });
    return { ok: true, value: slot.value };
  }
}
