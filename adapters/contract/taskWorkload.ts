import * as fc from 'fast-check';
import type { TaskStorePort } from '../../models/stores/TaskStorePort.js';
import { finalIsLast } from '../../properties/finalIsLast.js';
import { tapeMatchesRow } from '../../properties/tapeMatchesRow.js';
import type { TaskHistory } from '../../properties/taskHistory.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';

export type TaskTapeProperty = 'final-is-last' | 'tape-matches-row';

export interface TaskWorkloadParams {
  /** Tasks started. */
  tasks: number;
  /** Progress events each task's reporter appends. */
  progress: number;
  /** Whether a canceller races each task to a terminal status. */
  cancel: boolean;
}

export interface TaskWorld {
  histories(): Promise<TaskHistory[]>;
  /** Throws if the tapes do not hold what the adapter acknowledged writing. */
  readBack(histories: readonly TaskHistory[]): void;
  /** Fails the run on the step where the adapter broke the contract. */
  violation(): Error | undefined;
}

const params: fc.Arbitrary<TaskWorkloadParams> = fc.record({
  tasks: fc.integer({ min: 1, max: 2 }),
  progress: fc.integer({ min: 0, max: 2 }),
  cancel: fc.boolean(),
});

const CHECKS: Record<TaskTapeProperty, (h: readonly TaskHistory[]) => void> = {
  'final-is-last': finalIsLast,
  'tape-matches-row': tapeMatchesRow,
};

/**
 * How a task service drives its store (the shape of case B's task manager, written against the port
 * alone): each task's run moves its row to `running`, a reporter on its own thread appends progress
 * that may land at any time — after the run finished, too — and the run commits `succeeded` and then
 * appends `final` if its update changed the row; a canceller may race it to `cancelled`, appending
 * its own `final` only if it won. Whatever the order of the store's calls, the tape must end with
 * exactly one `final` (*final is last*: a late progress after it is the store's to drop) whose status
 * is the row's (*tape matches row*).
 */
export function taskWorkload(name: string, property: TaskTapeProperty, open: (sim: Sim) => Promise<{ port: TaskStorePort; world: TaskWorld }>): Scenario<TaskWorld, TaskWorkloadParams> {
  return defineScenario({
    name,
    params,
    async setup(sim, p) {
      const { port, world } = await open(sim);
      sim.spawn('service', async () => {
        for (let t = 1; t <= p.tasks; t++) {
          const id = `task-${t}`;
          await port.create({ id, op: 'contract' });
          sim.spawn(`run ${id}`, async () => {
            await port.updateStatus(id, 'running');
            sim.spawn(`reporter ${id}`, async () => {
              for (let n = 0; n < p.progress; n++) await port.appendEvent(id, { kind: 'progress', data: { n } });
            });
            if (await port.updateStatus(id, 'succeeded', { result: { ok: true } })) await port.appendEvent(id, { kind: 'final', data: { status: 'succeeded' } });
          });
          if (p.cancel) {
            sim.spawn(`cancel ${id}`, async () => {
              if (await port.updateStatus(id, 'cancelled')) await port.appendEvent(id, { kind: 'final', data: { status: 'cancelled' } });
            });
          }
        }
      });
      return world;
    },
    invariant(world) {
      const v = world.violation();
      if (v) throw v;
    },
    async check(world) {
      const histories = await world.histories();
      CHECKS[property](histories);
      world.readBack(histories);
    },
  });
}
