// The code under test of failureDatabase.test.ts, in a module of its own so `interleave corpus prune
// --file` loads it too: a counter whose increment is racy unless COUNTER_FIXED is set. The fix keeps
// the shape (a read, then one write) so a schedule recorded against the racy code fits the fixed one.
import { Cell } from '../models/memory/Cell.js';
import { defineScenario } from '../sim/scenario.js';

export const counter = defineScenario({
  name: 'db-counter',
  setup(sim) {
    const c = new Cell(sim, 'c', 0);
    const fixed = process.env.COUNTER_FIXED === '1';
    const inc = async () => {
      const v = await c.get();
      if (fixed) await c.update((x) => x + 1);
      else await c.set(v + 1);
    };
    sim.spawn('A', inc);
    sim.spawn('B', inc);
    sim.spawn('C', inc);
    return c;
  },
  check(c) {
    if (c.value !== 3) throw new Error(`lost update: ${c.value}`);
  },
});
