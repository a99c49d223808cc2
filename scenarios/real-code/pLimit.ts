/**
 * p-limit (npm), unmodified: one actor runs a batch of read-modify-write increments through a
 * limiter, `Promise.all` over the limited calls — concurrency inside one actor, each in-flight call
 * its own pending operation. With a limit of 1 the increments run one after another; with 2 two of
 * them interleave and one update is lost.
 */
import pLimit from 'p-limit';
import { Cell } from '../../models/memory/Cell.js';
import { defineScenario } from '../../sim/scenario.js';

function batch(name: string, concurrency: number) {
  return defineScenario({
    name,
    setup(sim) {
      const hits = new Cell(sim, 'hits', 0);
      const limit = pLimit(concurrency);
      const increment = () =>
        limit(async () => {
          const v = await hits.get();
          await hits.set(v + 1);
        });
      sim.spawn('batch', () => Promise.all([increment(), increment(), increment()]));
      return hits;
    },
    check(hits) {
      if (hits.value !== 3) throw new Error(`lost update: 3 increments left hits at ${hits.value}`);
    },
  });
}

export const limitOne = batch('p-limit-1', 1);
export const limitTwo = batch('p-limit-2', 2);
