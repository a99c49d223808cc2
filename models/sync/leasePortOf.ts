import { UsageError } from '../../sim/errors.js';
import type { Sim } from '../../sim/sim.js';
import { SCHEDULES_ITSELF } from '../schedulesItself.js';
import type { Lease } from './Lease.js';
import type { LeasePort } from './LeasePort.js';

/**
 * The in-memory {@link Lease} model behind the {@link LeasePort}. The model names a holder by the
 * actor that called and reads the virtual clock itself, so the port's `owner` must be the calling
 * actor's name, `now` must be `sim.now` and `ttlMs` the lease's TTL — anything else is a
 * `UsageError` rather than a silently different lease. A release with a stale token answers false
 * (the model raises; the port reports, as a Redis unlock script does), and so do a renew and a
 * release with another owner's token (the model alone would honour the token).
 */
export function leasePortOf(sim: Sim, lease: Lease): LeasePort {
  const check = (op: string, owner: string, ttlMs: number | undefined, now: number | undefined) => {
    const actor = sim.current?.name;
    if (owner !== actor) throw new UsageError(`leasePortOf("${lease.name}").${op}: owner "${owner}" but the calling actor is "${actor ?? '(none)'}"`, 'the in-memory Lease names holders by actor: pass the actor name as owner');
    if (now !== undefined && now !== sim.now) throw new UsageError(`leasePortOf("${lease.name}").${op}: now = ${now} but the virtual clock reads ${sim.now}`, 'pass sim.now');
    if (ttlMs !== undefined && ttlMs !== lease.options.ttlMs) throw new UsageError(`leasePortOf("${lease.name}").${op}: ttlMs ${ttlMs} but the lease was built with ${lease.options.ttlMs}`, 'build the Lease with the TTL the caller uses');
  };
  // The model treats a token as a capability; the port also asks for the owner. A token names one
  // grant forever (tokens only grow), so "it was granted to someone else" cannot change later.
  const grantedTo = new Map<number, string>();
  const othersToken = (token: number, owner: string) => {
    const holder = grantedTo.get(token) ?? (lease.current?.token === token ? lease.current.holder : undefined);
    return holder !== undefined && holder !== owner;
  };
  const refused = async (op: string, token: number) => {
    await sim.point(`${lease.name}.${op}`, { obj: `lease:${lease.name}`, args: [token] });
    sim.result(false);
    return false;
  };
  return {
    [SCHEDULES_ITSELF]: true,
    async acquire(owner, ttlMs, now) {
      check('acquire', owner, ttlMs, now);
      const token = await lease.tryAcquire();
      if (token !== null) grantedTo.set(token, owner);
      return token;
    },
    async renew(owner, token, ttlMs, now) {
      check('renew', owner, ttlMs, now);
      if (othersToken(token, owner)) return refused('renew', token);
      return lease.renew(token);
    },
    async release(owner, token) {
      check('release', owner, undefined, undefined);
      if (othersToken(token, owner)) return refused('release', token);
      try {
        await lease.release(token);
        return true;
      } catch (e) {
        if (e instanceof UsageError && lease.current?.token !== token) return false;
        throw e;
      }
    },
    async holder(now) {
      if (now !== sim.now) throw new UsageError(`leasePortOf("${lease.name}").holder: now = ${now} but the virtual clock reads ${sim.now}`, 'pass sim.now');
      await sim.point(`${lease.name}.holder`, { obj: `lease:${lease.name}`, read: true });
      const g = lease.current;
      const r = g === null ? null : { owner: g.holder, token: g.token, expiresAt: g.expiresAt };
      sim.result(r);
      return r;
    },
  } as LeasePort;
}
