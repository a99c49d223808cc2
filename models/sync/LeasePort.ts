/**
 * The lease port: one named lease (a leader-election key, a job lock) as a service offers it — a
 * `leases` row in SQLite or Postgres, Redis `SET key owner NX PX ttl` with a token counter, an etcd
 * lease with a lock key, a DynamoDB lock-client row. The in-memory model (`models/sync/Lease.ts`,
 * through `leasePortOf`) and the SQL adapters (`adapters/sqlite/Lease.ts`,
 * `adapters/postgres/Lease.ts`) implement it; `adapters/verifyLease.ts` checks any implementation.
 *
 * Time is an argument. A real adapter would read the database clock (`now()`), but a contract suite
 * runs it on the simulation's virtual clock — stalls past the TTL cost no real time — so every call
 * that depends on time takes `now` (ms since the epoch) and the adapter compares stored expiries
 * with it. In production pass `Date.now()`; the contract passes `sim.now`.
 */

export interface LeaseHolder {
  owner: string;
  /** The fencing token of this grant: strictly greater than every token granted before. */
  token: number;
  /** The grant lapses at this instant (ms since the epoch) unless renewed. */
  expiresAt: number;
}

export interface LeasePort {
  /**
   * Takes the lease for `owner` until `now + ttlMs` if nobody holds it or the holder's grant expired
   * (`expiresAt <= now`), as ONE atomic step; returns the new fencing token, or null when it is held.
   */
  acquire(owner: string, ttlMs: number, now: number): Promise<number | null>;
  /** Extends the grant `token` of `owner` to `now + ttlMs` if it is still in force; false otherwise. */
  renew(owner: string, token: number, ttlMs: number, now: number): Promise<boolean>;
  /** Frees the grant `token` of `owner` if it is still the latest grant; false when it was taken over. */
  release(owner: string, token: number): Promise<boolean>;
  /** The grant in force at `now`, or null. */
  holder(now: number): Promise<LeaseHolder | null>;
}
