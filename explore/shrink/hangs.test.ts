/**
 * Hangs are verdicts once: a run in which real time ran out on a call is neither verified on the
 * other loop nor shrunk, since every re-run would wait the same deadline out; shrinking has a budget
 * of real time and reports its progress. Tests count calls, never time.
 */
import { describe, expect, it } from 'vitest';
import { Cell } from '../../models/memory/Cell.js';
import { lostUpdate } from '../../scenarios/demo/lostUpdate.js';
import { defineScenario } from '../../sim/scenario.js';
import { real } from '../../sim/realTimers.js';
import { explore } from '../explore.js';

/** Two actors making external calls; from the `after`-th call of the process on, each call hangs. */
function lateHang(name: string, after: number) {
  const calls = { made: 0, hung: 0 };
  const scenario = defineScenario({
    name,
    setup(sim) {
      for (const who of ['a', 'b', 'c']) {
        sim.spawn(who, async () => {
          for (let i = 0; i < 3; i++) {
            await sim.external('call', () => {
              if (++calls.made <= after) return i;
              calls.hung++;
              return new Promise(() => {});
            });
          }
        });
      }
    },
  });
  return { scenario, calls };
}

describe('hangs', () => {
  for (const strategy of ['portfolio', 'fast-check'] as const) {
    it(`a sim.external that never settles waits its deadline out once (${strategy})`, async () => {
      const { scenario, calls } = lateHang(`late-hang-${strategy}`, 40);
      const r = await explore(scenario, { strategy, runs: 200, seed: 1, corpus: false, file: null, externalTimeoutMs: 50 });
      expect(r.failure?.message).toMatch(/^actor "[abc]" threw (HangError|UsageError): sim.external\("call"\) did not settle within 50 ms of real time/);
      expect(r.failure?.shrinkRuns).toBe(0);
      // A fast attempt may stop at the hanging call without waiting (it meets something only a
      // tracked run judges) and the tracked run waits the deadline out: never more than those two.
      expect(calls.hung).toBeLessThanOrEqual(2);
    });
  }

  it('a shrink stops at the first candidate that hangs', async () => {
    let hung = 0;
    // Once the lost update has been seen, the real call after each write hangs (a service that goes
    // down mid-campaign): every shrink candidate that gets past its writes would wait it out.
    let down = false;
    const s = defineScenario({
      name: 'hang-after-found',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        const world = { c, writes: 0 };
        for (const who of ['a', 'b', 'c']) {
          sim.spawn(who, async () => {
            const v = await c.get();
            await c.set(v + 1);
            world.writes++;
            await sim.external('notify', () => (down ? (hung++, new Promise(() => {})) : undefined));
          });
        }
        return world;
      },
      invariant: (w) => {
        if (w.c.value < w.writes) {
          down = true;
          throw new Error('lost update');
        }
      },
    });
    const r = await explore(s, { strategy: 'random', runs: 500, seed: 3, corpus: false, file: null, externalTimeoutMs: 30 });
    // The repro re-run for the token may meet the hang too (the service is down for it as well).
    expect(r.failure?.message).toMatch(/lost update|did not settle within 30 ms/);
    // One hanging candidate, then the token's re-run: each a fast attempt that may stop at the call
    // and its tracked re-run.
    expect(hung).toBeLessThanOrEqual(4);
  });

  it('shrinking stops at its real-time budget, with the smallest repro so far, and reports progress', async () => {
    const slow = defineScenario({
      ...lostUpdate(6),
      name: 'lost-update-slow',
      setup(sim, p) {
        // Each run takes a little real time, so the shrink outlasts its budget.
        const world = lostUpdate(6).setup(sim, p);
        sim.spawn('slow', () => sim.external('real wait', () => new Promise<void>((resolve) => real.setTimeout(resolve, 20))));
        return world;
      },
    });
    const unbounded = await explore(slow, { seed: 42, runs: 2000, corpus: false, file: null, shrinkBudget: 200 });
    const progress: number[] = [];
    const r = await explore(slow, { seed: 42, runs: 2000, corpus: false, file: null, shrinkBudget: 200, shrinkTimeMs: 600, onShrinkProgress: (p) => progress.push(p.tried) });
    expect(r.failure?.kind).toBe('invariant');
    expect(r.failure!.shrinkRuns).toBeLessThan(unbounded.failure!.shrinkRuns);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((t, i) => i === 0 || t > progress[i - 1]!)).toBe(true);
  }, 60_000);
});
