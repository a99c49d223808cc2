import { UsageError } from '../../sim/errors.js';
import type { Actor } from '../../sim/actor.js';
import type { Sim } from '../../sim/sim.js';

/**
 * A lease: a lock that expires — an etcd lease with a lock key, a Chubby/ZooKeeper session lock, a
 * Redis `SET key token NX PX ttl` lock, a DynamoDB lock-client row. Time is the virtual clock.
 *
 * Reproduces:
 * - `acquire()` waits while the lease is held and unexpired; `tryAcquire()` fails instead. Every
 *   grant carries a fencing token from a counter that only grows (Chubby sequencers, etcd revisions,
 *   Kleppmann's "fencing token"), so a resource that remembers the highest token it saw can refuse a
 *   stale holder;
 * - expiry: a holder that stalls longer than the TTL (a GC pause, a slow handler) silently loses the
 *   lease, and the next `acquire` steals it. The old holder is not told — it learns only from a
 *   failed `renew` or a refused fencing token. A waiter parks with the expiry as its deadline, so
 *   "the holder stalls past its TTL" is a scheduler choice;
 * - `renew(token)` extends an unexpired lease held with that token; on an expired or stolen one it
 *   returns false (etcd KeepAlive on a revoked lease, Redis `PEXPIRE` guarded by the token);
 * - `release(token)`: with the current token it frees the lease (even if it already expired, nobody
 *   having taken it); with a stale token — the lease was stolen since — it is a `UsageError` and the
 *   new holder keeps the lease (a Redis unlock script that compares the token first).
 * - events `lease.acquire` / `lease.release` for hold-interval properties (`properties/`);
 * - with `leakCheck`, a grant still in force when the run ends is reported (never released). A
 *   holder that was killed is not: recovering from a dead holder is what the TTL is for.
 *
 * Deliberately not: clock skew between holder and lease service (one virtual clock), waiter
 * fairness (which waiter wins after a release or an expiry is a scheduler choice), reentrancy.
 */

export interface LeaseGrant {
  holder: string;
  token: number;
  expiresAt: number;
}

export class Lease {
  private grant: LeaseGrant | null = null;
  /** The actor holding {@link grant} (null outside an actor). */
  private owner: Actor | null = null;
  private issued = 0;
  /** Tokens whose grant `release` freed (to tell a second release from one of a grant taken over). */
  private readonly released = new Set<number>();
  private readonly obj: string;

  constructor(
    private readonly sim: Sim,
    readonly name: string,
    readonly options: { ttlMs: number },
  ) {
    if (!Number.isFinite(options?.ttlMs) || options.ttlMs <= 0) throw new UsageError(`Lease "${name}": ttlMs must be a finite number > 0, got ${options?.ttlMs}`, 'e.g. new Lease(sim, "session", { ttlMs: 30_000 })');
    this.obj = `lease:${name}`;
    sim.leakProbe(() => (this.valid() && this.owner?.state !== 'killed' ? `Lease "${name}" still held by ${this.describeHolder()}: never released` : undefined));
  }

  // ── plain getters ────────────────────────────────────────────────────────────────────────

  /** The grant in force now (held and unexpired), or null. */
  get current(): LeaseGrant | null {
    return this.valid() ? { ...this.grant! } : null;
  }

  /** The highest fencing token issued so far (0 before the first grant). */
  get latestToken(): number {
    return this.issued;
  }

  /** Whether `token` is the token of the grant in force now. */
  isCurrent(token: number): boolean {
    return this.valid() && this.grant!.token === token;
  }

  private valid(): boolean {
    return this.grant !== null && this.sim.now < this.grant.expiresAt;
  }

  private describeHolder(): string {
    const g = this.grant;
    if (g === null) return 'nobody';
    return `${g.holder} (token ${g.token}, expires in ${g.expiresAt - this.sim.now} ms)`;
  }

  // ── operations ──────────────────────────────────────────────────────────────────────────

  /** Waits until the lease is free or expired, takes it, and returns the new fencing token. */
  async acquire(): Promise<number> {
    for (;;) {
      await this.sim.point(`${this.name}.acquire`, {
        obj: this.obj,
        enabled: () => !this.valid(),
        deadline: () => this.grant?.expiresAt,
        waitsFor: () => `Lease "${this.name}" held by ${this.describeHolder()}`,
      });
      if (!this.valid()) return this.take();
    }
  }

  /** Takes the lease if it is free or expired; returns the token, or null when it is held. */
  async tryAcquire(): Promise<number | null> {
    await this.sim.point(`${this.name}.tryAcquire`, { obj: this.obj, unchanged: (token) => token === null });
    if (this.valid()) {
      this.sim.result(null);
      return null;
    }
    return this.take();
  }

  /** Extends the lease by its TTL; false when `token`'s grant expired or was stolen. */
  async renew(token: number): Promise<boolean> {
    await this.sim.point(`${this.name}.renew`, { obj: this.obj, args: [token] });
    const ok = this.isCurrent(token);
    if (ok) this.grant!.expiresAt = this.sim.now + this.options.ttlMs;
    this.sim.result(ok);
    return ok;
  }

  /** Frees the lease held with `token`. A stale token (the lease was taken since) is a UsageError. */
  async release(token: number): Promise<void> {
    await this.sim.point(`${this.name}.release`, { obj: this.obj, args: [token] });
    const g = this.grant;
    if (g === null || g.token !== token) {
      const who = this.sim.current?.name ?? 'code outside an actor';
      throw new UsageError(
        `Lease "${this.name}": release by ${who} with token ${token}, but ${g !== null ? `the lease is held by ${this.describeHolder()}` : this.released.has(token) ? 'that grant was already released' : token < this.issued ? `that grant expired and was taken over (token ${this.issued} was granted since, and released)` : 'no such token was ever issued'}`,
        'the lease expired and was taken over: stop using the protected resource, check renew() before acting, and fence writes with the token',
      );
    }
    this.grant = null;
    this.owner = null;
    this.released.add(token);
    this.sim.result('released');
    this.sim.log('lease.release', { lease: this.name, holder: g.holder, token });
  }

  private take(): number {
    const prior = this.grant;
    const token = ++this.issued;
    const holder = this.sim.current?.name ?? '?';
    this.grant = { holder, token, expiresAt: this.sim.now + this.options.ttlMs };
    this.owner = this.sim.current ?? null;
    this.sim.result(token);
    this.sim.log('lease.acquire', { lease: this.name, holder, token, expiresAt: this.grant.expiresAt, ...(prior ? { stolenFrom: prior.holder } : {}) });
    return token;
  }
}
