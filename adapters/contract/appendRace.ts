import type { TaskStorePort } from '../../models/stores/TaskStorePort.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import type { TaskHistory } from '../../properties/taskHistory.js';
import { seqContiguous } from '../../properties/seqContiguous.js';

export interface AppendRaceWorld {
  returned: Map<string, number[]>;
  histories(): Promise<TaskHistory[]>;
  /** Throws if the tapes do not hold what the adapter acknowledged writing. */
  readBack(histories: readonly TaskHistory[]): void;
  /** Fails the run on the step where the adapter broke the contract. */
  violation(): Error | undefined;
}

/**
 * Concurrent appenders on two tasks, beside a status update: the tapes must come out numbered
 * 1..n, and the seqs `appendEvent` returned must be exactly the tape's (`seq = max(seq)+1` under the
 * store's write lock).
 */
export function appendRace(name: string, open: (sim: Sim) => Promise<{ port: TaskStorePort; world: Omit<AppendRaceWorld, 'returned'> }>): Scenario<AppendRaceWorld> {
  return defineScenario({
    name,
    async setup(sim) {
      const { port, world } = await open(sim);
      const returned = new Map<string, number[]>();
      sim.spawn('init', async () => {
        for (const id of ['t1', 't2']) {
          await port.create({ id, op: 'append-race' });
          returned.set(id, []);
        }
        for (const [who, id] of [['A', 't1'], ['B', 't1'], ['C', 't2']] as const) {
          sim.spawn(who, async () => {
            for (let n = 0; n < 2; n++) returned.get(id)!.push(await port.appendEvent(id, { kind: 'progress', data: { who, n } }));
          });
        }
        sim.spawn('status', () => port.updateStatus('t2', 'running'));
      });
      return { ...world, returned };
    },
    invariant(world) {
      const v = world.violation();
      if (v) throw v;
    },
    async check(world) {
      const histories = await world.histories();
      seqContiguous(histories, world.returned);
      world.readBack(histories);
    },
  });
}
