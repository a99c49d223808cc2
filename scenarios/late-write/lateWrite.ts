import { Cell } from '../../models/memory/Cell.js';
import { EventLoop } from '../../models/executors/EventLoop.js';
import { toThread } from '../../models/executors/toThread.js';
import { CancelledError } from '../../sim/errors.js';
import { defineScenario } from '../../sim/scenario.js';

/**
 * The headline asyncio executor race: a late write from a cancelled `to_thread` worker.
 *
 * A request handler awaits `asyncio.to_thread(compute)`; `compute` stores its outcome on the job.
 * An operator cancels the handler; the handler catches `CancelledError`, cleans up and writes the
 * final state `cancelled`. But cancelling the awaiter does not stop the thread: the detached worker
 * runs on and its `status = "finished"` lands after the cleanup — the job ends `finished` although
 * it was cancelled. Property: once the handler wrote `cancelled`, the status stays `cancelled`.
 */
export const lateWrite = defineScenario({
  name: 'late-write',
  setup(sim) {
    const loop = new EventLoop(sim);
    const status = new Cell(sim, 'job.status', 'running');
    const world = { status, cancelledAt: -1 };
    const handler = loop.createTask('handler', async () => {
      try {
        await toThread(
          sim,
          async () => {
            await status.set('finished');
          },
          'worker',
        );
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        await status.set('cancelled');
        world.cancelledAt = sim.now;
        sim.log('cleanup', { status: 'cancelled' });
      }
    });
    loop.createTask('operator', () => void handler.cancel('operator'));
    return world;
  },
  invariant({ status, cancelledAt }) {
    if (cancelledAt >= 0 && status.value !== 'cancelled') {
      throw new Error(`late write: the handler was cancelled and wrote "cancelled", but the status is now "${status.value}" (a detached to_thread worker wrote after the cleanup)`);
    }
  },
});
