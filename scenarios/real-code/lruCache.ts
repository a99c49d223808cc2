/**
 * lru-cache (npm), unmodified, with a TTL, on virtual time through `sim.installGlobals()` alone
 * (the library captured `performance` at import). A request handler that reads the session once is
 * correct. One that asks `has()` and then `get()` across an await reads past the TTL when time
 * passes in between (a slow step: the scheduler's stall), before the refresher has put a new session
 * in, and finds the session gone.
 */
import { LRUCache } from 'lru-cache';
import { Cell } from '../../models/memory/Cell.js';
import { defineScenario } from '../../sim/scenario.js';

const TTL_MS = 1000;

function sessions(name: string, readOnce: boolean) {
  return defineScenario({
    name,
    setup(sim) {
      sim.installGlobals();
      const cache = new LRUCache<string, string>({ max: 100, ttl: TTL_MS });
      const audit = new Cell(sim, 'audit', 0);
      cache.set('session', 'token-1');
      sim.spawn('refresher', async () => {
        await sim.sleep(TTL_MS + 200);
        cache.set('session', 'token-2');
      });
      sim.spawn('request', async () => {
        await sim.sleep(TTL_MS - 100);
        if (readOnce) {
          const token = cache.get('session');
          if (token === undefined) return;
          await audit.update((n) => n + 1);
          sim.log('served', token);
          return;
        }
        if (!cache.has('session')) return;
        await audit.update((n) => n + 1);
        const token = cache.get('session');
        if (token === undefined) throw new Error('the session expired between has() and get()');
        sim.log('served', token);
      });
    },
  });
}

export const readOnce = sessions('lru-cache-ttl-read-once', true);
export const hasThenGet = sessions('lru-cache-ttl-has-then-get', false);
