import { Cell } from '../../models/memory/Cell.js';
import { Condition } from '../../models/sync/Condition.js';
import { Mutex } from '../../models/sync/Mutex.js';
import { defineScenario } from '../../sim/scenario.js';

/**
 * How the consumer waits for "an item is ready":
 * - `check-outside-lock`: reads the flag before taking the lock, then waits — if the producer's
 *   signal lands between the check and the wait, nobody is waiting for it and the consumer sleeps
 *   forever (the lost wake-up; a deadlock).
 * - `if`: checks under the lock but with `if`, not `while` — with two consumers, a woken consumer can
 *   find its item already taken by the other and consumes from an empty queue.
 * - `while`: the predicate loop under the lock (`Condition.waitFor`); correct.
 */
export type WaitStyle = 'check-outside-lock' | 'if' | 'while';

export function lostWakeup(style: WaitStyle) {
  return defineScenario({
    name: `lost-wakeup-${style}`,
    setup(sim) {
      const m = new Mutex(sim, 'm');
      const ready = new Condition(sim, 'ready', m);
      if (style === 'check-outside-lock') {
        const flag = new Cell(sim, 'flag', false);
        sim.spawn('consumer', async () => {
          if (!(await flag.get())) {
            await m.lock();
            await ready.wait();
            await m.unlock();
          }
        });
        sim.spawn('producer', async () => {
          await m.lock();
          await flag.set(true);
          await ready.signal();
          await m.unlock();
        });
        return { queue: { length: 0 } };
      }
      // The queue is plain state guarded by `m`: only read and written while holding it.
      const queue = { length: 0 };
      for (const name of ['consumer1', 'consumer2']) {
        sim.spawn(name, async () => {
          await m.lock();
          if (style === 'if') {
            if (queue.length === 0) await ready.wait();
          } else {
            await ready.waitFor(() => queue.length > 0);
          }
          queue.length--;
          await m.unlock();
        });
      }
      sim.spawn('producer', async () => {
        for (let i = 0; i < 2; i++) {
          await m.lock();
          queue.length++;
          await ready.signal();
          await m.unlock();
        }
      });
      return { queue };
    },
    invariant({ queue }) {
      if (queue.length < 0) throw new Error(`a consumer took an item from an empty queue (length ${queue.length}): it was woken, but another consumer took the item first and it did not re-check`);
    },
  });
}
