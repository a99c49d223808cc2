import { Cell } from '../../models/memory/Cell.js';
import { defineScenario } from '../../sim/scenario.js';

/**
 * The textbook lost update: two actors each read a shared counter and write back one more. With
 * `padding` irrelevant actors beside them, which a minimal repro must leave out.
 */
export function lostUpdate(padding = 0, name = padding ? `lost-update-padded` : 'lost-update') {
  return defineScenario({
    name,
    setup(sim) {
      const counter = new Cell(sim, 'counter', 0);
      const noise = new Cell(sim, 'noise', 0);
      const incrementer = async () => {
        const v = await counter.get();
        await counter.set(v + 1);
      };
      const a = sim.spawn('A', incrementer);
      for (let i = 0; i < padding; i++) {
        sim.spawn(`pad${i}`, async () => {
          await noise.update((n) => n + 1);
          await noise.get();
        });
      }
      const b = sim.spawn('B', incrementer);
      return { counter, a, b };
    },
    invariant({ counter, a, b }) {
      if (a.done && b.done && counter.value !== 2) throw new Error(`lost update: counter is ${counter.value} after two increments`);
    },
  });
}
