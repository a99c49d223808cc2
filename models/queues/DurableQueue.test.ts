import { describe, expect, it } from 'vitest';
import { explore } from '../../explore/explore.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { type DurableQueueOptions, DurableQueue } from './DurableQueue.js';
import { TransientError } from './TransientError.js';

type Handler = (sim: Sim, body: string, attempt: number) => Promise<void>;

function queueScenario(name: string, bodies: string[], handler: Handler, options: DurableQueueOptions = {}) {
  return defineScenario({
    name,
    setup(sim) {
      const q = new DurableQueue<string>(sim, 'jobs', options);
      q.consume((body, d) => handler(sim, body, d.attempt));
      sim.spawn('producer', async () => {
        for (const b of bodies) await q.enqueue(b);
      });
      return q;
    },
  });
}

const handled = (sim: Sim) => sim.events.filter((e) => e.kind === 'handled').map((e) => e.data);

describe('DurableQueue', () => {
  it('delivers every message and acks it; consumers stop once the queue is empty', async () => {
    let seen: unknown[] = [];
    const s = queueScenario('q-basic', ['a', 'b', 'c'], async (sim, body) => void sim.log('handled', body), { concurrency: 2 });
    const r = await runOnce(defineScenario({ ...s, check: (q, sim) => void (seen = [...handled(sim), q.acked.length, q.pending.length]) }));
    expect(r.ok).toBe(true);
    expect(seen).toEqual(['a', 'b', 'c', 3, 0]);
  });

  it('has no ordering: which visible message a consumer takes is a scheduler choice', async () => {
    const orders = new Set<string>();
    const s = queueScenario('q-order', ['a', 'b', 'c'], async (sim, body) => void sim.log('handled', body));
    const seeded = defineScenario({ ...s, setup: (sim) => s.setup(sim, undefined), check: (_q, sim) => void orders.add(handled(sim).join('')) });
    const r = await explore(seeded, { strategy: 'random', seed: 1, runs: 200 });
    expect(r.ok).toBe(true);
    expect(orders.size).toBeGreaterThan(1);
  });

  it('retries a TransientError with backoff on the virtual clock, then dead-letters it visibly', async () => {
    let q!: DurableQueue<string>;
    const times: number[] = [];
    const r = await runOnce(
      defineScenario({
        name: 'q-retry',
        setup(sim) {
          q = new DurableQueue<string>(sim, 'jobs', { maxAttempts: 3, backoffMs: (n) => 100 * n });
          q.consume(() => {
            times.push(sim.now);
            throw new TransientError('busy');
          });
          sim.spawn('producer', () => q.enqueue('x'));
        },
      }),
    );
    expect(r.ok).toBe(true);
    expect(times.map((t) => t - times[0]!)).toEqual([0, 100, 300]);
    expect(q.deadLetters).toEqual([{ id: 'jobs-1', body: 'x', attempts: 3, reason: 'failed transiently on all 3 attempts: TransientError: busy' }]);
    expect(r.trace.events.map((e) => e.kind)).toEqual(['queue.dead-letter']);
  });

  it('dead-letters a message whose handler throws a non-transient error at once', async () => {
    let q!: DurableQueue<string>;
    await runOnce(
      defineScenario({
        name: 'q-poison',
        setup(sim) {
          q = new DurableQueue<string>(sim, 'jobs');
          q.consume(() => {
            throw new Error('poison');
          });
          sim.spawn('producer', () => q.enqueue('x'));
        },
      }),
    );
    expect(q.deadLetters.map((d) => [d.attempts, d.reason])).toEqual([[1, 'handler threw Error: poison']]);
    expect(q.pending).toEqual([]);
  });

  it('redelivers a message whose handler outlives the visibility timeout: a duplicate delivery', async () => {
    const s = defineScenario({
      name: 'q-visibility',
      setup(sim) {
        const q = new DurableQueue<string>(sim, 'jobs', { concurrency: 2, visibilityTimeoutMs: 1000 });
        q.consume(async (body) => {
          await sim.sleep(1500);
          sim.log('handled', body);
        });
        sim.spawn('producer', () => q.enqueue('x'));
        return q;
      },
      check(q, sim) {
        expect(q.acked).toEqual(['jobs-1']);
        if (handled(sim).length !== 1) throw new Error(`handled ${handled(sim).length} times`);
      },
    });
    const r = await runOnce(s);
    expect(r.failure?.message).toMatch(/handled 2 times/);
  });

  it('loses the ack of a killed handler and redelivers after the visibility timeout', async () => {
    let q!: DurableQueue<string>;
    const r = await runOnce(
      defineScenario({
        name: 'q-crash',
        setup(sim) {
          q = new DurableQueue<string>(sim, 'jobs', { visibilityTimeoutMs: 1000 });
          q.consume(async (body, d) => {
            if (d.attempt === 1) {
              sim.current!.kill();
              await sim.yield('crash');
            }
            sim.log('handled', { body, at: sim.now });
          });
          sim.spawn('producer', () => q.enqueue('x'));
        },
      }),
    );
    expect(r.ok).toBe(true);
    expect(r.trace.events.map((e) => e.data)).toEqual([{ body: 'x', at: 1000 + r.trace.steps[0]!.time }]);
    expect(q.deliveries.map((d) => d.attempt)).toEqual([1, 2]);
    expect(q.acked).toEqual(['jobs-1']);
  });

  it('without a visibility timeout: a slow handler is never duplicated, a killed one is redelivered at once', async () => {
    let q!: DurableQueue<string>;
    const r = await explore(
      defineScenario({
        name: 'q-no-visibility',
        setup(sim) {
          q = new DurableQueue<string>(sim, 'jobs', { concurrency: 2, visibilityTimeoutMs: null });
          q.consume(async (body, d) => {
            if (d.attempt === 1 && body === 'crash') {
              sim.current!.kill();
              await sim.yield('crash');
            }
            await sim.sleep(60_000);
            sim.log('handled', { body, at: sim.now });
          });
          sim.spawn('producer', async () => {
            await q.enqueue('slow');
            await q.enqueue('crash');
          });
        },
        check(_w, sim) {
          expect(handled(sim).map((d) => (d as { body: string }).body).sort()).toEqual(['crash', 'slow']);
          expect(q.deliveries.filter((d) => d.id === 'jobs-1').map((d) => d.attempt)).toEqual([1]);
          expect(q.deliveries.filter((d) => d.id === 'jobs-2').map((d) => d.attempt)).toEqual([1, 2]);
        },
      }),
      { strategy: 'dfs', runs: 5000 },
    );
    expect(r.ok, r.failure?.message).toBe(true);
    expect(() => new DurableQueue({} as never, 'q', { visibilityTimeoutMs: 0 })).toThrow(/visibilityTimeoutMs must be an integer ≥ 1/);
  });

  it('caps concurrency, and dead-letters after maxAttempts receives without an ack', async () => {
    let q!: DurableQueue<string>;
    let running = 0;
    let peak = 0;
    await runOnce(
      defineScenario({
        name: 'q-limit',
        setup(sim) {
          q = new DurableQueue<string>(sim, 'jobs', { concurrency: 2, maxAttempts: 1, visibilityTimeoutMs: 10 });
          q.consume(async (body) => {
            running++;
            peak = Math.max(peak, running);
            await sim.sleep(body === 'slow' ? 100 : 1);
            running--;
          });
          sim.spawn('producer', async () => {
            for (const b of ['slow', 'a', 'b', 'c']) await q.enqueue(b);
          });
        },
      }),
    );
    expect(peak).toBe(2);
    expect(q.deadLetters.map((d) => d.body)).toEqual(['slow']);
  });

  it('names the queue in a deadlock report', async () => {
    const r = await runOnce(
      defineScenario({
        name: 'q-deadlock',
        setup(sim) {
          const q = new DurableQueue<string>(sim, 'jobs');
          sim.spawn('waiter', async () => {
            await q.enqueue('x');
            await q.drained();
          });
        },
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toMatch(/DurableQueue "jobs" \(jobs-1 visible; 0 dead-lettered\)/);
  });
});
