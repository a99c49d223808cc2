/**
 * DataLoader (npm), unmodified: loads in one step are batched into one call of the batch function
 * (DataLoader schedules the batch with `process.nextTick` after a resolved promise, which belongs to
 * the step that queued it), and each key is cached. A loader made per request is correct. One loader
 * shared by every request keeps serving a price from its cache after a writer changed it: a reader
 * that loads again after the update still sees the old price.
 */
import DataLoader from 'dataloader';
import { Cell } from '../../models/memory/Cell.js';
import type { Sim } from '../../sim/sim.js';
import { defineScenario } from '../../sim/scenario.js';

function prices(name: string, loaderPerRequest: boolean) {
  return defineScenario({
    name,
    setup(sim: Sim) {
      const db = { apple: new Cell(sim, 'price.apple', 10), pear: new Cell(sim, 'price.pear', 20) };
      const batches: string[][] = [];
      const makeLoader = () =>
        new DataLoader<'apple' | 'pear', number>(async (keys) => {
          batches.push([...keys]);
          return Promise.all(keys.map((k) => db[k].get()));
        });
      const shared = makeLoader();
      const loader = () => (loaderPerRequest ? makeLoader() : shared);
      let updated = false;
      sim.spawn('reader', async () => {
        await loader().loadMany(['apple', 'pear']);
        const afterUpdate = updated;
        const again = await loader().load('apple');
        if (afterUpdate && again !== 12) throw new Error(`a load after the price update returned ${again}, not 12`);
      });
      sim.spawn('writer', async () => {
        await db.apple.set(12);
        updated = true;
      });
      return batches;
    },
    check(batches) {
      // Both keys of loadMany went to the batch function together.
      if (batches[0]?.join() !== 'apple,pear') throw new Error(`the first batch was ${JSON.stringify(batches[0])}`);
    },
  });
}

export const loaderPerRequest = prices('dataloader-per-request', true);
export const sharedLoader = prices('dataloader-shared-cache', false);
