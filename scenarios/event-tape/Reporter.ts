import { toThread } from '../../models/executors/toThread.js';
import type { Json, TaskStorePort } from '../../models/stores/TaskStorePort.js';
import type { Sim } from '../../sim/sim.js';

/**
 * What a runner reports progress through (`reporter.progress(...)` in the task service). Each call
 * appends a `progress` event via the store on a worker thread, as the original does with
 * `asyncio.to_thread(store.append_event, ...)` — so a cancelled runner can leave one in flight.
 */
export class Reporter {
  constructor(
    private readonly sim: Sim,
    private readonly store: TaskStorePort,
    readonly taskId: string,
  ) {}

  async progress(data: Json = null): Promise<void> {
    await toThread(this.sim, () => this.store.appendEvent(this.taskId, { kind: 'progress', data }), `${this.taskId} progress`);
  }
}
