import { Mutex } from '../../models/sync/Mutex.js';
import { defineScenario } from '../../sim/scenario.js';

/** Lock-order inversion: one actor takes L1 then L2, the other L2 then L1. */
export const abba = defineScenario({
  name: 'abba',
  setup(sim) {
    const l1 = new Mutex(sim, 'L1');
    const l2 = new Mutex(sim, 'L2');
    sim.spawn('first', async () => {
      await l1.lock();
      await l2.lock();
      await l2.unlock();
      await l1.unlock();
    });
    sim.spawn('second', async () => {
      await l2.lock();
      await l1.lock();
      await l1.unlock();
      await l2.unlock();
    });
    return { l1, l2 };
  },
});
