import { KvStore } from '../../models/stores/KvStore.js';
import { Lease } from '../../models/sync/Lease.js';
import { UsageError } from '../../sim/errors.js';
import { defineScenario } from '../../sim/scenario.js';

/**
 * The classic lease hazard (Kleppmann, "How to do distributed locking"): a holder stalls longer
 * than the TTL, another client steals the expired lease, and the old holder — not told — keeps
 * writing. The storage records each write's fencing token; a write with a token lower than one it
 * already saw is the old holder writing after the steal. The invariant is what a fenced store would
 * enforce; here it reports the write the unfenced store let through.
 */
export const stolenLease = defineScenario({
  name: 'stolen-lease',
  setup(sim) {
    const lease = new Lease(sim, 'report-lock', { ttlMs: 10_000 });
    const storage = new KvStore(sim, 'storage');
    const writes: { writer: string; token: number }[] = [];
    for (const name of ['A', 'B']) {
      sim.spawn(name, async () => {
        const token = await lease.acquire();
        for (const part of ['header', 'body']) {
          await storage.set(`report/${part}`, name);
          writes.push({ writer: name, token });
        }
        try {
          await lease.release(token);
        } catch (e) {
          // The lease model refuses a stale release (the new holder keeps its grant); the client
          // only learns here, after its writes, that it had lost the lease.
          if (!(e instanceof UsageError)) throw e;
          sim.log('lease lost', { holder: name, token });
        }
      });
    }
    return { writes };
  },
  invariant({ writes }) {
    let highest = 0;
    for (const w of writes) {
      if (w.token < highest) throw new Error(`${w.writer} wrote with fencing token ${w.token} after token ${highest} was used: its lease was stolen and it kept writing`);
      highest = Math.max(highest, w.token);
    }
  },
});
