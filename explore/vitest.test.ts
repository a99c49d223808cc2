/** simTest's variants and fast-check's global configuration, as @fast-check/vitest users expect. */
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';
import { defineScenario } from '../sim/scenario.js';
import { simTest } from './vitest.js';

fc.configureGlobal({ numRuns: 7, seed: 42 });

const setups: Record<string, number> = {};
function counted(name: string, increments: number) {
  return defineScenario({
    name,
    setup(sim) {
      setups[name] = (setups[name] ?? 0) + 1;
      const c = new Cell(sim, 'c', 0);
      sim.spawn('a', () => c.update((v) => v + increments));
    },
  });
}

// Each case is its own test, named by vitest's formatting; numRuns comes from fc.configureGlobal.
simTest.each([1, 2, 3])('one atomic increment by %s is clean', (n) => counted(`counted-${n}`, n), { strategy: 'random' });
// Skipped: it would fail (a lost update), so the suite passing shows it never ran.
simTest.skip('a known race, skipped', lostUpdate(0, 'skipped-race'));
simTest.concurrent('concurrent simTests run side by side (a)', counted('concurrent-a', 1));
simTest.concurrent('concurrent simTests run side by side (b)', counted('concurrent-b', 1));

/** Timers and the clock on installed globals: each of two overlapping simTests must see only its own. */
function onGlobals(name: string, delay: number) {
  return defineScenario({
    name,
    setup(sim) {
      sim.installGlobals();
      for (const who of ['p', 'q']) {
        sim.spawn(who, async () => {
          const t0 = Date.now();
          await new Promise((resolve) => setTimeout(resolve, delay));
          // A timer fires at its deadline or later (firing is a scheduling choice), never earlier.
          if (Date.now() - t0 < delay) throw new Error(`${who} slept ${Date.now() - t0} ms of virtual time, less than ${delay}`);
        });
      }
    },
  });
}
simTest.concurrent('concurrent simTests on installed globals keep their own clocks (a)', onGlobals('concurrent-globals-a', 30), { runs: 50 });
simTest.concurrent('concurrent simTests on installed globals keep their own clocks (b)', onGlobals('concurrent-globals-b', 70), { runs: 50 });

afterAll(() => {
  for (const n of [1, 2, 3]) {
    // One setup per schedule (7, from the global configuration), plus the first schedule run once
    // more on the tracked loop (explore checks its first schedule on both loops).
    expect(setups[`counted-${n}`]).toBeGreaterThanOrEqual(7);
    expect(setups[`counted-${n}`]).toBeLessThanOrEqual(8);
  }
  expect(setups['skipped-race']).toBeUndefined();
});
