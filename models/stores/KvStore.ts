import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { type CallOrder, ClientOrder } from '../../sim/clientOrder.js';

/**
 * A key-value state service — the `state::get/set/update` worker of a Motia/iii-style backend, a
 * Redis keyspace, an etcd key range.
 *
 * Reproduces:
 * - `get`, `set`, `delete` are each atomic and one scheduling point; every key is its own shared
 *   object, so operations on different keys commute (partial-order reduction sees that).
 * - `update(key, ops)` is the locked read-modify-write that returns `{ old, new }` — Motia/iii's
 *   `state::update` with `increment` / `set` / `merge` ops, Redis `INCRBY` / `HSET` in a `MULTI`. It is
 *   often the *only* atomic primitive such a service offers, which is how a get-then-set lease gets
 *   written on top of it (case D).
 * - compare-and-set on a per-key version: the version is the store revision of the key's last write
 *   (etcd's `mod_revision`), 0 when the key is absent, so a delete and re-create never repeats a
 *   version (no ABA).
 * - TTL keys on the virtual clock (Redis `SET … PX`): an expired key reads as absent, and its
 *   version as 0. `update` keeps a key's TTL (like Redis `INCR`); `set` replaces it.
 * - write triggers: `onWrite(prefix, handler)` runs the handler in a new actor for every matching
 *   write (Motia/iii state triggers, Redis keyspace notifications feeding a worker). One actor per
 *   write, so two writes give two handlers that race each other — the point of case D.
 * - a history hook (`{ history: true }`): every operation's call and return, with actor, args,
 *   result and step indices (`history`, and `kv.call` / `kv.return` events that
 *   `properties/history.historyFromEvents` turns into input for `properties/linearizable`).
 *
 * Deliberately not: expiry does not fire triggers (Redis `expired` events are best-effort anyway);
 * no multi-key transactions; no persistence or replication lag (every read sees the last write).
 *
 * Replies: by default an operation's reply reaches its caller in the step it took effect, so two
 * clients' replies come back in the order their operations took effect — one shared connection
 * (Redis answers a connection's commands in order). Clients on separate connections, or in separate
 * processes, can see a read served, another client's write served, acknowledged and acted on, and
 * only then the read's stale reply (a memoized load that stores the stale value after the writer
 * cleared the memo): `{ replies: 'any-order' }` gives each reply a scheduling point of its own.
 * The default hides that order when the real clients do not share a connection.
 *
 * Command order: a client's commands in flight at once (`Promise.all([kv.set(k, 1), kv.get(k)])`)
 * are served in the order it sent them, and with `'any-order'` their replies come back in that
 * order — one connection, whether shared or the client's own. Measured against PostgreSQL through
 * node-postgres (a shared client for `'in-order'`, a client each for `'any-order'`; seven programs
 * of two or three clients, dfs without reduction against 97,000 real runs): equal outcome sets but
 * for one order the default still allows and a shared connection does not — another client's
 * command served between two commands one client sent in the same tick. A pool that sends one
 * client's commands on different connections, or an API that runs them side by side, is
 * `{ order: 'any' }`: each may then be served first.
 */

export type KvOp =
  | { type: 'increment'; path?: string; by?: number }
  | { type: 'set'; path?: string; value: unknown }
  | { type: 'merge'; path?: string; value: Record<string, unknown> };

export interface KvWrite {
  key: string;
  op: 'set' | 'delete' | 'update' | 'cas';
  old: unknown;
  new: unknown;
}

export interface KvHistoryEntry {
  actor: string;
  op: string;
  args: unknown[];
  result?: unknown;
  /** Step in which the actor invoked the operation. */
  call: number;
  /** Step in which it took effect and returned (-1 while pending). */
  ret: number;
}

interface Slot {
  value: unknown;
  version: number;
  expiresAt: number | undefined;
}

export interface KvStoreOptions {
  /** Record every operation's call and return in `history` and as `kv.call`/`kv.return` events. */
  history?: boolean;
  /**
   * `'in-order'` (the default): a reply reaches its caller in the step its operation took effect —
   * one shared connection, whose replies come back in the order the server ran the commands.
   * `'any-order'`: each client on a connection of its own (or in a process of its own), so a reply
   * is a scheduling point of its own after the effect, and other clients' operations, replies and
   * the code after them can come between.
   */
  replies?: 'in-order' | 'any-order';
  /**
   * One client's commands in flight at once (`Promise.all([kv.set(k, 1), kv.get(k)])`): `'sent'`
   * (the default) serves them, and with `'any-order'` returns their replies, in the order the client
   * sent them — one connection (Redis, a `pg.Client`). `'any'`: in any order — a pool, or an HTTP or
   * gRPC API (etcd) that runs one client's requests side by side.
   */
  order?: CallOrder;
}

/**
 * The input as `properties/kvSpec` reads it (`{ key, value }`, `{ key, by }` for a single increment),
 * so `historyFromEvents(events, { call: 'kv.call', ret: 'kv.return' })` feeds `linearizable` directly.
 */
function inputOf(op: string, args: unknown[]): Record<string, unknown> {
  const key = args[0];
  if (op === 'set') return { key, value: args[1] };
  if (op === 'update') {
    const ops = args[1] as KvOp[];
    const only = ops.length === 1 ? ops[0] : undefined;
    return only?.type === 'increment' && only.path === undefined ? { key, by: only.by ?? 1 } : { key, ops };
  }
  if (op === 'compareAndSet') return { key, expectedVersion: args[1], value: args[2] };
  return { key };
}

/** A copy the caller cannot mutate the store through; primitives are their own copy (structuredClone is slow on them). */
function clone<T>(v: T): T {
  return v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? v : structuredClone(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class KvStore {
  private readonly data = new Map<string, Slot>();
  private readonly triggers: { prefix: string; handler: (w: KvWrite) => unknown }[] = [];
  /** Each client's commands, served in the order it sent them. */
  private readonly commands: ClientOrder;
  /** With `replies: 'any-order'`: each client's replies, returned in the order it sent the commands. */
  private readonly replies: ClientOrder;
  private revision = 0;
  /** Every operation's invocation and response, when constructed with `{ history: true }`. */
  readonly history: KvHistoryEntry[] = [];

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    private readonly options: KvStoreOptions = {},
  ) {
    const replies = options.replies;
    if (replies !== undefined && replies !== 'in-order' && replies !== 'any-order') {
      throw new UsageError(`KvStore "${name}": replies must be 'in-order' or 'any-order', got ${JSON.stringify(replies) ?? typeof replies}`, "'in-order' is one shared connection; 'any-order' a connection per client");
    }
    this.commands = new ClientOrder(sim, options.order ?? 'sent', `KvStore "${name}"`);
    this.replies = new ClientOrder(sim, options.order ?? 'sent', `KvStore "${name}"`);
  }

  // ── plain getters: outside the schedule, for setup, invariants and checks ─────────────────

  /** The value of `key` now (absent or expired → undefined). Not a scheduling point. */
  peek(key: string): unknown {
    return this.live(key)?.value;
  }

  /** The version of `key` now (0 when absent). Not a scheduling point. */
  versionOf(key: string): number {
    return this.live(key)?.version ?? 0;
  }

  /** Live keys starting with `prefix`, sorted. Not a scheduling point. */
  keys(prefix = ''): string[] {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix) && this.live(k) !== undefined).sort();
  }

  /** Writes a key before the run starts (setup only: no scheduling point, no trigger). */
  preload(key: string, value: unknown, options: { ttlMs?: number } = {}): void {
    if (this.sim.current !== undefined) throw new UsageError(`KvStore "${this.name}".preload("${key}") called from an actor`, 'preload is for setup; actors write with set/update');
    this.write(key, clone(value), options.ttlMs);
  }

  /** Runs `handler` in a new actor for every write to a key that starts with `prefix`. */
  onWrite(prefix: string, handler: (write: KvWrite) => unknown): void {
    if (typeof handler !== 'function') throw new UsageError(`KvStore "${this.name}".onWrite("${prefix}") needs a handler function`);
    this.triggers.push({ prefix, handler });
  }

  // ── operations: one scheduling point each ──────────────────────────────────────────────────

  async get(key: string): Promise<unknown> {
    const h = this.call('get', [key]);
    await this.commands.point(`${this.name}.get`, { obj: this.obj(key), read: true, args: [key] });
    return this.finish(h, clone(this.live(key)?.value), 'get', key, true);
  }

  /** The value and its version (0 when absent), for a later `compareAndSet`. */
  async getVersioned(key: string): Promise<{ value: unknown; version: number }> {
    const h = this.call('getVersioned', [key]);
    await this.commands.point(`${this.name}.getVersioned`, { obj: this.obj(key), read: true, args: [key] });
    const s = this.live(key);
    return this.finish(h, { value: clone(s?.value), version: s?.version ?? 0 }, 'getVersioned', key, true);
  }

  async set(key: string, value: unknown, options: { ttlMs?: number } = {}): Promise<void> {
    this.checkTtl('set', options.ttlMs);
    const h = this.call('set', [key, value]);
    await this.commands.point(`${this.name}.set`, { obj: this.obj(key), args: options.ttlMs === undefined ? [key, value] : [key, value, { ttlMs: options.ttlMs }] });
    const old = this.live(key)?.value;
    this.write(key, clone(value), options.ttlMs);
    return this.finish(h, undefined, 'set', key, false, { key, op: 'set', old, new: clone(value) });
  }

  /** Deletes `key`; returns whether it existed. */
  async delete(key: string): Promise<boolean> {
    const h = this.call('delete', [key]);
    await this.commands.point(`${this.name}.delete`, { obj: this.obj(key), args: [key] });
    const old = this.live(key)?.value;
    const existed = this.data.delete(key) && old !== undefined;
    if (existed) this.revision++;
    return this.finish(h, existed, 'delete', key, false, existed ? { key, op: 'delete', old, new: undefined } : undefined);
  }

  /** The atomic read-modify-write: applies `ops` in order and returns the value before and after. */
  async update(key: string, ops: readonly KvOp[]): Promise<{ old: unknown; new: unknown }> {
    if (!Array.isArray(ops) || ops.length === 0) throw new UsageError(`KvStore "${this.name}".update("${key}") needs a non-empty array of ops`, 'e.g. [{ type: "increment", by: 1 }]');
    const h = this.call('update', [key, ops]);
    await this.commands.point(`${this.name}.update`, { obj: this.obj(key), args: [key, ops] });
    const slot = this.live(key);
    const old = slot?.value;
    let next = clone(old);
    for (const op of ops) next = this.apply(key, next, op);
    this.write(key, next, slot?.expiresAt === undefined ? undefined : slot.expiresAt - this.sim.now);
    return this.finish(h, { old: clone(old), new: clone(next) }, 'update', key, false, { key, op: 'update', old, new: clone(next) });
  }

  /** Writes `value` only if the key's version is still `expected` (0 = the key must be absent). */
  async compareAndSet(key: string, expected: number, value: unknown, options: { ttlMs?: number } = {}): Promise<{ ok: boolean; version: number }> {
    this.checkTtl('compareAndSet', options.ttlMs);
    const h = this.call('compareAndSet', [key, expected, value]);
    await this.commands.point(`${this.name}.cas`, { obj: this.obj(key), args: [key, expected, value] });
    const slot = this.live(key);
    const current = slot?.version ?? 0;
    if (current !== expected) return this.finish(h, { ok: false, version: current }, 'cas', key, false);
    this.write(key, clone(value), options.ttlMs);
    return this.finish(h, { ok: true, version: this.revision }, 'cas', key, false, { key, op: 'cas', old: slot?.value, new: clone(value) });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private obj(key: string): string {
    return `kv:${this.name}:${key}`;
  }

  private live(key: string): Slot | undefined {
    const s = this.data.get(key);
    if (s === undefined) return undefined;
    if (s.expiresAt !== undefined && this.sim.now >= s.expiresAt) return undefined;
    return s;
  }

  private write(key: string, value: unknown, ttlMs: number | undefined): void {
    this.revision++;
    this.data.set(key, { value, version: this.revision, expiresAt: ttlMs === undefined ? undefined : this.sim.now + ttlMs });
  }

  private checkTtl(op: string, ttlMs: number | undefined): void {
    if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) {
      throw new UsageError(`KvStore "${this.name}".${op}: ttlMs must be a finite number > 0, got ${ttlMs}`, 'leave ttlMs out for a key that never expires');
    }
  }

  private apply(key: string, value: unknown, op: KvOp): unknown {
    const path = op.path;
    if (path !== undefined && value !== undefined && !isRecord(value)) {
      throw new UsageError(`KvStore "${this.name}".update("${key}"): op "${op.type}" has path "${path}" but the value is not an object`, 'drop the path to update the whole value');
    }
    const target = path === undefined ? value : isRecord(value) ? value[path] : undefined;
    let out: unknown;
    switch (op.type) {
      case 'increment': {
        const by = op.by ?? 1;
        if (target !== undefined && typeof target !== 'number') {
          throw new UsageError(`KvStore "${this.name}".update("${key}"): increment of a non-number (${JSON.stringify(target)})`, 'increment only numeric values; an absent value counts as 0');
        }
        out = ((target as number | undefined) ?? 0) + by;
        break;
      }
      case 'set':
        out = clone(op.value);
        break;
      case 'merge':
        if (target !== undefined && !isRecord(target)) throw new UsageError(`KvStore "${this.name}".update("${key}"): merge into a non-object`, 'merge only into objects; an absent value counts as {}');
        out = { ...((target as Record<string, unknown> | undefined) ?? {}), ...clone(op.value) };
        break;
      default:
        throw new UsageError(`KvStore "${this.name}".update("${key}"): unknown op ${JSON.stringify(op)}`, 'use increment, set or merge');
    }
    if (path === undefined) return out;
    return { ...((value as Record<string, unknown> | undefined) ?? {}), [path]: out };
  }

  private fire(w: KvWrite): void {
    for (const t of this.triggers) {
      if (!w.key.startsWith(t.prefix)) continue;
      const handler = t.handler;
      this.sim.spawn(`on-write ${t.prefix}`, () => handler(w) as Promise<unknown>);
    }
  }

  private call(op: string, args: unknown[]): KvHistoryEntry | undefined {
    if (this.options.history !== true) return undefined;
    const e: KvHistoryEntry = { actor: this.sim.current?.name ?? '(setup)', op, args: clone(args), call: this.stepNow('kv.call', { store: this.name, op, input: inputOf(op, args) }), ret: -1 };
    this.history.push(e);
    return e;
  }

  /**
   * The operation took effect (its triggers fire now, at the server); its reply reaches the caller
   * now, or — `replies: 'any-order'` — at a scheduling point of its own on the same key, so that
   * partial-order reduction orders it against the key's other operations.
   */
  private finish<T>(h: KvHistoryEntry | undefined, result: T, op: string, key: string, read: boolean, write?: KvWrite): T | Promise<T> {
    if (write) this.fire(write);
    if (this.options.replies !== 'any-order') return this.done(h, result);
    return this.replies.point(`${this.name}.${op} reply`, { obj: this.obj(key), read, args: [key] }).then(() => this.done(h, result));
  }

  private done<T>(h: KvHistoryEntry | undefined, result: T): T {
    this.sim.result(result);
    if (h !== undefined) {
      h.result = clone(result);
      h.ret = this.stepNow('kv.return', { store: this.name, op: h.op, output: result });
    }
    return result;
  }

  private stepNow(kind: string, data: unknown): number {
    this.sim.log(kind, data);
    return this.sim.events[this.sim.events.length - 1]!.step;
  }
}
