/**
 * A memoized loader, written the way TypeScript services write one: the first caller starts the
 * load and every later caller awaits the same promise (`this.pending ??= this.load()`). Without the
 * memo — caching the value only once the load has finished — two callers that arrive during the
 * first load both load.
 */
import { Cell } from '../../models/memory/Cell.js';
import type { Sim } from '../../sim/sim.js';
import { defineScenario } from '../../sim/scenario.js';

interface Loader {
  get(): Promise<string>;
}

class MemoizedConfig implements Loader {
  private pending: Promise<string> | undefined;
  constructor(private readonly load: () => Promise<string>) {}
  get(): Promise<string> {
    return (this.pending ??= this.load());
  }
}

class CachedAfterLoad implements Loader {
  private value: string | undefined;
  constructor(private readonly load: () => Promise<string>) {}
  async get(): Promise<string> {
    if (this.value === undefined) this.value = await this.load();
    return this.value;
  }
}

function config(name: string, make: (load: () => Promise<string>) => Loader) {
  return defineScenario({
    name,
    setup(sim: Sim) {
      const stored = new Cell(sim, 'stored', 'v1');
      const loads = new Cell(sim, 'loads', 0);
      const loader = make(async () => {
        await loads.update((n) => n + 1);
        return stored.get();
      });
      for (const who of ['web', 'worker']) {
        sim.spawn(who, async () => {
          const v = await loader.get();
          if (v !== 'v1') throw new Error(`${who} read config ${v}`);
        });
      }
      return loads;
    },
    check(loads) {
      if (loads.value !== 1) throw new Error(`the config was loaded ${loads.value} times`);
    },
  });
}

export const memoized = config('memoized-load', (load) => new MemoizedConfig(load));
export const notMemoized = config('memoized-load-missing', (load) => new CachedAfterLoad(load));
