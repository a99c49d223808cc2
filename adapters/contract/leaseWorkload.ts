import type { LeasePort } from '../../models/sync/LeasePort.js';
import { mutualExclusion } from '../../properties/mutualExclusion.js';
import { PropertyViolation } from '../../properties/violation.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import type { SimEvent } from '../../sim/trace.js';

export type LeaseContractProperty = 'mutual-exclusion' | 'fencing';

export interface LeaseWorld {
  sim: Sim;
  violation(): Error | undefined;
}

interface Grant {
  holder: string;
  token: number;
  expiresAt: number;
}

/**
 * The hold intervals the contenders' log describes, as acquire/release events for
 * `mutualExclusion`: a hold runs from its grant to its release or its expiry (renewals move the
 * expiry), whichever comes first — a steal after the TTL is the lease working as designed. An
 * expiry is placed before every event at or after its instant (a grant is in force while
 * `now < expiresAt`).
 */
export function leaseHoldEvents(events: readonly SimEvent[]): SimEvent[] {
  const holds: { grant: SimEvent; expiresAt: number; release?: SimEvent }[] = [];
  const open = new Map<string, (typeof holds)[number]>();
  for (const e of events) {
    const d = e.data as Grant;
    const k = `${d?.holder}#${d?.token}`;
    if (e.kind === 'lease.grant') {
      const h = { grant: e, expiresAt: d.expiresAt };
      holds.push(h);
      open.set(k, h);
    } else if (e.kind === 'lease.renew') {
      const h = open.get(k);
      if (h && e.time < h.expiresAt) h.expiresAt = d.expiresAt;
    } else if (e.kind === 'lease.release') {
      const h = open.get(k);
      if (h) h.release = e;
      open.delete(k);
    }
  }
  const position = new Map(events.map((e, i) => [e, i]));
  const nextAt = (t: number) => events.find((e) => e.time >= t);
  const items: { time: number; rank: number; pos: number; event: SimEvent }[] = [];
  for (const h of holds) {
    // Granted with a clock reading that had gone stale by the time the statement ran: the grant
    // was over before it began (its holder must not act on it), so it is no hold at all.
    if (h.expiresAt <= h.grant.time) continue;
    const d = h.grant.data as Grant;
    const data = { resource: 'lease', holder: d.holder, token: d.token };
    items.push({
      time: h.grant.time,
      rank: 1,
      pos: position.get(h.grant)!,
      event: { ...h.grant, kind: 'acquire', data },
    });
    if (h.release && h.release.time < h.expiresAt) {
      items.push({
        time: h.release.time,
        rank: 1,
        pos: position.get(h.release)!,
        event: { ...h.release, kind: 'release', data },
      });
    } else {
      // Expired before the next event at or after its instant; none yet: still in force.
      const after = nextAt(h.expiresAt);
      if (after !== undefined) {
        items.push({
          time: h.expiresAt,
          rank: 0,
          pos: -1,
          event: {
            ...h.grant,
            step: after.step,
            time: h.expiresAt,
            kind: 'release',
            data: { ...data, expired: true },
          },
        });
      }
    }
  }
  items.sort((a, b) => a.time - b.time || a.rank - b.rank || a.pos - b.pos);
  return items.map((i) => i.event);
}

/**
 * Three contenders for one lease, two rounds each: acquire with `now` = the virtual clock read just
 * before the call (the call may land later — a delayed request — and the grant is measured from the
 * reading, as a real client must); on success hold
 * for a short job or stall past the TTL (a GC pause — the scheduler picks), renew, release; on
 * failure back off and retry. Each logs `lease.grant` / `lease.renew` / `lease.release` right where
 * the adapter said yes. Checked: no two holds overlap (**mutual exclusion**, holds ending at expiry)
 * and every grant's token is greater than every earlier grant's (**fencing**).
 */
export function leaseWorkload(
  name: string,
  property: LeaseContractProperty,
  ttlMs: number,
  open: (sim: Sim) => Promise<{ port: LeasePort; violation(): Error | undefined }>,
): Scenario<LeaseWorld> {
  return defineScenario<LeaseWorld>({
    name,
    async setup(sim) {
      const { port, violation } = await open(sim);
      for (const me of ['A', 'B', 'C']) {
        sim.spawn(me, async () => {
          for (let round = 0; round < 2; round++) {
            // The clock is read before the call, as a real client does: the grant runs from then.
            const asked = sim.now;
            const token = await port.acquire(me, ttlMs, asked);
            if (token === null) {
              await sim.sleep(sim.pick('backoff', [ttlMs / 2, ttlMs]));
              continue;
            }
            sim.log('lease.grant', { holder: me, token, expiresAt: asked + ttlMs });
            await sim.sleep(sim.pick('work', [ttlMs / 4, ttlMs + ttlMs / 4]));
            const renewAt = sim.now;
            if (await port.renew(me, token, ttlMs, renewAt))
              sim.log('lease.renew', { holder: me, token, expiresAt: renewAt + ttlMs });
            if (await port.release(me, token)) sim.log('lease.release', { holder: me, token });
          }
        });
      }
      return { sim, violation };
    },
    // Checked after every step (a hold still open ends at its promised expiry), so a failure's
    // repro ends at the grant that broke the property.
    invariant(world) {
      const v = world.violation();
      if (v) throw v;
      judge(world.sim.events);
    },
    check(world) {
      judge(world.sim.events);
    },
  });

  function judge(events: readonly SimEvent[]): void {
    if (property === 'mutual-exclusion') {
      mutualExclusion(leaseHoldEvents(events), { acquire: 'acquire', release: 'release' });
      return;
    }
    const grants = events.filter((e) => e.kind === 'lease.grant');
    for (let i = 1; i < grants.length; i++) {
      const prev = grants[i - 1]!;
      const g = grants[i]!;
      if ((g.data as Grant).token <= (prev.data as Grant).token) {
        throw new PropertyViolation(
          'fencing',
          `fencing tokens must strictly increase grant after grant, but token ${(g.data as Grant).token} was granted after token ${(prev.data as Grant).token} — a resource fencing by token would accept the stale holder`,
          [prev, g],
        );
      }
    }
  }
}
