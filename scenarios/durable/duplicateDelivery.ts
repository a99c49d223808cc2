import { KvStore } from '../../models/stores/KvStore.js';
import { DurableQueue } from '../../models/queues/DurableQueue.js';
import { exactlyOnce } from '../../properties/exactlyOnce.js';
import { defineScenario } from '../../sim/scenario.js';

/**
 * A durable queue's visibility timeout lapses while the handler is still working: a second consumer
 * receives the same message and the job runs twice. Nothing in the code sleeps — the scheduler finds
 * that time may pass (a stall) while the handler is between two steps, which is all it takes.
 */
export const duplicateDelivery = defineScenario({
  name: 'duplicate-delivery',
  setup(sim) {
    const kv = new KvStore(sim, 'db');
    const jobs = new DurableQueue<{ order: string }>(sim, 'jobs', { concurrency: 2, visibilityTimeoutMs: 5_000 });
    jobs.consume(async ({ order }) => {
      const row = (await kv.get(`orders/${order}`)) as { charged: number };
      await kv.set(`orders/${order}`, { charged: row.charged + 1 });
      sim.log('charged', { order });
    });
    kv.preload('orders/o-1', { charged: 0 });
    sim.spawn('checkout', () => jobs.enqueue({ order: 'o-1' }));
    return { kv, jobs };
  },
  check(_w, sim) {
    exactlyOnce(sim.events, { kind: 'charged', key: (d) => (d as { order: string }).order, expected: ['o-1'], what: 'charge of order' });
  },
});
