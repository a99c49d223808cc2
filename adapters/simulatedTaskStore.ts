import type { Sim } from '../sim/sim.js';
import type { TaskStorePort } from '../models/stores/TaskStorePort.js';

/**
 * Runs a real store adapter under the simulation: every call is one scheduling point through
 * `sim.external`, so the scheduler chooses the order of the real queries and each query runs to
 * completion while no other actor runs. Calls on different task ids name different objects (they
 * commute for partial-order reduction). The run stays deterministic as long as the database starts
 * from the same state each run — reset it in `setup`.
 */
export function simulatedTaskStore(sim: Sim, store: TaskStorePort, name = 'tasks'): TaskStorePort {
  const obj = (id: string) => `taskstore:${name}:task:${id}`;
  return {
    create: (task) => sim.external(`${name}.create`, () => store.create(task), { obj: obj(task.id), args: [task] }),
    get: (id) => sim.external(`${name}.get`, () => store.get(id), { obj: obj(id), args: [id] }),
    updateStatus: (id, status, fields) => sim.external(`${name}.updateStatus`, () => store.updateStatus(id, status, fields), { obj: obj(id), args: fields === undefined ? [id, status] : [id, status, fields] }),
    appendEvent: (id, event) => sim.external(`${name}.appendEvent`, () => store.appendEvent(id, event), { obj: obj(id), args: [id, event] }),
    listEvents: (id) => sim.external(`${name}.listEvents`, () => store.listEvents(id), { obj: obj(id), args: [id] }),
    // Reads every row: it touches everything, so it commutes with nothing (sound, if coarse).
    listTasks: (statuses) =>
      sim.external(
        `${name}.listTasks`,
        () => {
          sim.touch('*');
          return store.listTasks(statuses);
        },
        { obj: `taskstore:${name}:rows`, args: statuses === undefined ? [] : [statuses] },
      ),
  };
}
