import { describe, expect, it } from 'vitest';
import { EPOCH } from '../../sim/clock.js';
import { PROCESS_AGE_MS } from '../../sim/globals.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import { TtlCache } from './ttlCache.js';

const TTL = 60_000;

function cacheScenario(name: string, failAtEnd: boolean) {
  return defineScenario({
    name,
    setup(sim) {
      sim.installGlobals();
      const cache = new TtlCache<string>(TTL);
      const seen: Array<{ at: number; value: string | undefined; date: number; perf: number }> = [];
      sim.spawn('client', async () => {
        cache.set('k', 'v');
        await sim.sleep(TTL / 2);
        seen.push({ at: sim.now, value: cache.get('k'), date: Date.now(), perf: performance.now() });
        await sim.sleep(TTL);
        seen.push({ at: sim.now, value: cache.get('k'), date: new Date().getTime(), perf: performance.now() });
      });
      return { cache, seen };
    },
    check({ cache, seen }) {
      expect(seen).toEqual([
        { at: EPOCH + TTL / 2, value: 'v', date: EPOCH + TTL / 2, perf: PROCESS_AGE_MS + TTL / 2 },
        { at: EPOCH + TTL * 1.5, value: undefined, date: EPOCH + TTL * 1.5, perf: PROCESS_AGE_MS + TTL * 1.5 },
      ]);
      // The sweeper (a real setTimeout in the module) ran on virtual time and emptied the cache.
      expect(cache.size).toBe(0);
      if (failAtEnd) throw new Error('deliberate failure after the cache ran');
    },
  });
}

describe('installGlobals: a real module on virtual time', () => {
  it('runs a TTL cache that reads Date.now() and sweeps with setTimeout on the virtual clock', async () => {
    const r = await runOnce(cacheScenario('ttl-cache', false));
    expect(r.failure).toBeUndefined();
    // The sweeper timer is its own actor: its callback is a step in the trace.
    expect(r.trace.steps.some((s) => s.actor.startsWith('setTimeout#'))).toBe(true);
  });

  it('restores the real globals after a failing run', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const realDate = globalThis.Date;
    const r = await runOnce(cacheScenario('ttl-cache-failing', true));
    expect(r.failure?.kind).toBe('check');
    expect(r.failure?.message).toContain('deliberate failure');
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(globalThis.Date).toBe(realDate);
    expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(1000);
    expect(Date.now()).toBeGreaterThan(EPOCH + 365 * 24 * 3600 * 1000);
    await new Promise((resolve) => setTimeout(resolve, 1)); // real timers work again
  });

  it('restores the globals when setup throws after installing them', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const s = defineScenario({
      name: 'install-then-throw',
      setup(sim) {
        sim.installGlobals();
        throw new Error('setup broke');
      },
    });
    const r = await runOnce(s);
    expect(r.failure?.kind).toBe('error');
    expect(globalThis.setTimeout).toBe(realSetTimeout);
  });
});
