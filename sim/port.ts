/**
 * `sim.port(name, obj)`: a real dependency (a database client, an SDK object, an in-memory fake)
 * plugged into a run in one line. Every method call becomes one scheduling point whose effect — the
 * whole call, awaited to completion while no other actor runs — is atomic at its step, like
 * `sim.external`, and is recorded in the trace with its arguments and result. It is what
 * fast-check's `scheduleFunction` does, but recorded, shrunk and replayable.
 *
 * Calls one actor has in flight at once (`Promise.all([db.set(k, 1), db.get(k)])`) are scheduled in
 * any order by default — a pool, or an SDK that opens a request per call, serves them so. With
 * `order: 'sent'` they are served in the order the actor made them, as one connection (a `pg.Client`,
 * an ioredis connection) or an in-memory fake, whose methods start running when called, does.
 */
import { type CallOrder, ClientOrder } from './clientOrder.js';
import { UsageError } from './errors.js';
import type { ExternalOptions, PointOptions } from './sim.js';

export interface PortOptions {
  /** Methods that stay plain synchronous calls (a client's `escape()`, a getter-like method). */
  sync?: readonly string[];
  /** Methods that only read: they commute with each other for partial-order reduction. */
  reads?: readonly string[];
  /**
   * `'any'` (default): an actor's calls in flight at once may be served in any order (a pool, an
   * SDK's separate requests). `'sent'`: in the order the actor made them (one connection, a fake).
   */
  order?: CallOrder;
}

/** The shape of the port: every method returns a promise of what it returned (or resolved to). */
export type Port<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

interface PortHost {
  readonly current: { readonly id: number } | undefined;
  point(label: string, options?: PointOptions): Promise<void>;
  external<T>(label: string, fn: () => Promise<T> | T, options?: ExternalOptions): Promise<T>;
}

export function makePort<T extends object>(host: PortHost, name: string, target: T, options: PortOptions = {}): Port<T> {
  if (typeof name !== 'string' || name === '') throw new UsageError('sim.port(name, obj) needs a name', 'name the dependency, e.g. sim.port("db", client)');
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) {
    throw new UsageError(`sim.port("${name}") needs an object whose methods to schedule, got ${target === null ? 'null' : typeof target}`);
  }
  const calls = new ClientOrder(host, options.order ?? 'any', `sim.port("${name}")`);
  const sync = new Set(options.sync ?? []);
  const reads = new Set(options.reads ?? []);
  const obj = `port:${name}`;
  const wrapped = new Map<string, { method: unknown; call: unknown }>();
  return new Proxy(target, {
    // Getters and setters run on the object itself, not the proxy: a class that keeps its state in
    // #private fields (p-queue's `size`, a client's `connected`) can read them only through `this`.
    get(t, key) {
      const value: unknown = Reflect.get(t, key, t);
      if (typeof value !== 'function' || typeof key === 'symbol' || sync.has(key) || key === 'constructor') return value;
      const known = wrapped.get(key);
      if (known !== undefined && known.method === value) return known.call;
      const method = value as (...args: unknown[]) => unknown;
      const label = `${name}.${key}`;
      const read = reads.has(key);
      const call = (...args: unknown[]) => calls.inTurn(undefined, (enabled) => host.external(label, () => method.apply(t, args), { obj, args, read, ...(enabled && { enabled }) }));
      wrapped.set(key, { method, call });
      return call;
    },
    set(t, key, value) {
      return Reflect.set(t, key, value, t);
    },
  }) as unknown as Port<T>;
}
