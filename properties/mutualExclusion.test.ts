import { describe, expect, it } from 'vitest';
import { Mutex } from '../models/sync/Mutex.js';
import { EPOCH } from '../sim/clock.js';
import { explore } from '../explore/explore.js';
import { defineScenario } from '../sim/scenario.js';
import type { SimEvent } from '../sim/trace.js';
import { holdIntervals, mutualExclusion } from './mutualExclusion.js';

const ev = (step: number, actor: string, kind: string, data?: unknown): SimEvent => ({ step, time: EPOCH + step * 10, actor, kind, data });

describe('mutualExclusion', () => {
  it('accepts back-to-back holds and separate resources', () => {
    const h = [ev(1, 'A', 'acquire'), ev(2, 'A', 'release'), ev(3, 'B', 'acquire'), ev(4, 'C', 'acquire', { resource: 'other' }), ev(5, 'B', 'release')];
    expect(() => mutualExclusion(h)).not.toThrow();
    expect(holdIntervals(h).map((i) => `${i.holder}:${i.resource}`)).toEqual(['A:(resource)', 'B:(resource)', 'C:other']);
  });

  it('reports the two overlapping intervals', () => {
    const h = [ev(1, 'A', 'acquire', { id: 'lock' }), ev(3, 'B', 'acquire', { id: 'lock' }), ev(4, 'B', 'release', { id: 'lock' }), ev(6, 'A', 'release', { id: 'lock' })];
    expect(() => mutualExclusion(h)).toThrow(
      'mutualExclusion violated: two holders of "lock" at once: A held "lock" from step 1 to step 6 (t+50ms); B held "lock" from step 3 to step 4 (t+10ms)',
    );
  });

  it('reports a hold that was never released and a release without a hold', () => {
    expect(() => mutualExclusion([ev(1, 'A', 'acquire'), ev(2, 'B', 'acquire'), ev(3, 'B', 'release')])).toThrow(/A held "\(resource\)" from step 1 to the end of the run \(never released\)/);
    expect(() => mutualExclusion([ev(1, 'A', 'release')])).toThrow(/A released "\(resource\)" without holding it/);
  });

  it('works as a scenario check: a racy "lock" built from a flag is caught', async () => {
    const s = defineScenario({
      name: 'flag-lock',
      setup(sim) {
        const m = new Mutex(sim, 'guard');
        let busy = false;
        for (const n of ['A', 'B']) {
          sim.spawn(n, async () => {
            await m.lock();
            const free = !busy;
            await m.unlock();
            if (!free) return;
            await m.lock();
            busy = true; // check-then-set across two critical sections: racy
            await m.unlock();
            sim.log('acquire', { resource: 'job' });
            await sim.yield();
            sim.log('release', { resource: 'job' });
          });
        }
      },
      check: (_w, sim) => mutualExclusion(sim.events),
    });
    const r = await explore(s, { runs: 500, seed: 3 });
    expect(r.failure?.kind).toBe('check');
    expect(r.failure?.message).toContain('mutualExclusion violated: two holders of "job" at once');
  });
});
