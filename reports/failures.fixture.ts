/** Failures of the demo scenarios for the renderer tests, explored once per test file. */
import { explore } from '../explore/explore.js';
import type { Failure } from '../explore/failure.js';
import { Cell } from '../models/memory/Cell.js';
import { defineScenario, type Scenario } from '../sim/scenario.js';
import { abba } from '../scenarios/demo/abba.js';
import { lostUpdate } from '../scenarios/demo/lostUpdate.js';

/** Six actors, long values, a sleep and logged events: the wide case for width limits. */
export const crowded = defineScenario({
  name: 'crowded',
  setup(sim) {
    const shared = new Cell(sim, 'a-rather-long-shared-cell-name', { owner: 'nobody', items: [1, 2, 3] });
    const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const actors = names.map((n) =>
      sim.spawn(n, async () => {
        const v = await shared.get();
        sim.log('saw', { by: n, owner: v.owner });
        await sim.sleep(5);
        await shared.set({ owner: n, items: [...v.items, n.length] });
      }),
    );
    return { shared, actors };
  },
  invariant({ shared, actors }) {
    if (actors.every((a) => a.done) && shared.value.items.length !== 9) throw new Error(`lost writes: ${JSON.stringify(shared.value.items)}`);
  },
});

export async function failureOf(which: 'lost-update' | 'abba' | 'crowded'): Promise<Failure> {
  const scenario = (which === 'lost-update' ? lostUpdate() : which === 'abba' ? abba : crowded) as Scenario<unknown, void>;
  // One strategy, not the adaptive default: the renderers' tests want the same failure whatever the
  // default's members and their order become — and for crowded, one whose repro has no stall (most
  // seeds shrink it to 0 switches through a stall, which adds a "(clock)" lane; issue 13's note).
  const r = await explore(scenario, { seed: which === 'crowded' ? 3 : 1, runs: 2000, strategy: 'random', corpus: false });
  if (!r.failure) throw new Error(`${which}: expected a failure`);
  return r.failure;
}
