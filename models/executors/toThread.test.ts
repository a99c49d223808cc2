import { describe, expect, it } from 'vitest';
import type { Actor } from '../../sim/actor.js';
import { CancelledError, UsageError } from '../../sim/errors.js';
import { explore } from '../../explore/explore.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Cell } from '../memory/Cell.js';
import { DROPPED_EXCEPTION } from './awaitFuture.js';
import { type ExecutorFuture, runInExecutor } from './runInExecutor.js';
import { ThreadPool } from './ThreadPool.js';
import { toThread } from './toThread.js';

// These tests drive the executors from plain actors (no EventLoop): the LoopFuture approximation
// that scenarios without a loop model use. EventLoop.test.ts covers the faithful loop.

/**
 * Every distinct outcome over all schedules (dfs, exhausted), as `summary(world)` strings. Without
 * sleep-set reduction by default: outcomes live in plain arrays the reduction cannot see.
 */
async function outcomes<W>(name: string, setup: (sim: Sim) => W, summary: (w: W, sim: Sim) => string, reduction = false): Promise<Set<string>> {
  const seen = new Set<string>();
  const s = defineScenario({ name, setup, check: (w, sim) => void seen.add(summary(w, sim)) });
  const r = await explore(s, { strategy: 'dfs', runs: 5000, seed: 1, reduction });
  expect(r.ok, r.failure?.message).toBe(true);
  expect(r.exhausted).toBeDefined();
  return seen;
}

describe('toThread', () => {
  it('returns the worker result to the awaiter', async () => {
    const s = defineScenario({
      name: 'to-thread-value',
      setup(sim) {
        const got: number[] = [];
        sim.spawn('task', async () => got.push(await toThread(sim, () => 42)));
        return got;
      },
      check: (got) => void expect(got).toEqual([42]),
    });
    const r = await runOnce(s);
    expect(r.ok, r.failure?.message).toBe(true);
    expect(r.trace.steps.map((e) => `${e.actor}:${e.op}`)).toEqual(['task:start', 'to_thread:start', 'task:await to_thread-1']);
  });

  it('re-raises the worker error in the awaiter without failing the run on its own', async () => {
    const s = defineScenario({
      name: 'to-thread-error',
      setup(sim) {
        const caught: string[] = [];
        sim.spawn('task', async () => {
          try {
            await toThread(sim, () => {
              throw new TypeError('boom');
            });
          } catch (e) {
            caught.push((e as Error).message);
          }
        });
        return caught;
      },
      check: (caught) => void expect(caught).toEqual(['boom']),
    });
    const r = await runOnce(s);
    expect(r.ok, r.failure?.message).toBe(true);
  });

  it('an error the awaiter lets escape fails the run as the awaiter\'s error, once', async () => {
    const s = defineScenario({
      name: 'to-thread-escape',
      setup(sim) {
        sim.spawn('task', () =>
          toThread(sim, () => {
            throw new TypeError('boom');
          }),
        );
      },
    });
    const r = await runOnce(s);
    expect(r.failure?.kind).toBe('error');
    expect(r.failure?.actor).toBe('task');
  });

  it('cancelling the awaiter leaves a started worker running: its write lands after the cleanup', async () => {
    const seen = await outcomes(
      'to-thread-cancel',
      (sim) => {
        const state = new Cell(sim, 'state', 'idle');
        const log: string[] = [];
        const task = sim.spawn('task', async () => {
          try {
            await toThread(sim, async () => {
              await state.set('worker');
              log.push('worker wrote');
            });
            log.push('awaiter resumed');
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            log.push('awaiter cancelled');
            await state.set('cleaned');
          }
        });
        sim.spawn('canceller', async () => {
          await sim.yield();
          task.cancel();
        });
        return { state, log };
      },
      ({ state, log }) => `${log.join(', ')} => ${state.value}`,
    );
    expect([...seen].sort()).toEqual([
      // cancelled before its first step: the task body never ran (asyncio Task.cancel)
      ' => idle',
      // cancel landed before the worker thread took the call: it never ran
      'awaiter cancelled => cleaned',
      // the worker's write raced the cleanup and lost
      'awaiter cancelled, worker wrote => cleaned',
      // the late write: the worker finished after the awaiter's cleanup
      'awaiter cancelled, worker wrote => worker',
      // the worker wrote, then the awaiter cleaned up (cancel landed after the write but before the resume)
      'worker wrote, awaiter cancelled => cleaned',
      'worker wrote, awaiter resumed => worker',
    ]);
  });

  it('a detached worker that raises has its exception dropped: an event in the trace, not a failure', async () => {
    let runs = 0;
    let dropped = 0;
    const s = defineScenario({
      name: 'to-thread-dropped',
      setup(sim) {
        const state = new Cell(sim, 'state', 0);
        const task: Actor = sim.spawn('task', () =>
          toThread(sim, async () => {
            await state.set(1);
            task.cancel(); // loop.call_soon_threadsafe(task.cancel), landing while the worker runs
            await state.set(2);
            throw new RangeError('late');
          }),
        );
      },
      check(_w, sim) {
        runs++;
        dropped += sim.events.filter((e) => e.kind === DROPPED_EXCEPTION).length;
        expect(sim.actors[0]!.state).toBe('cancelled');
      },
    });
    const r = await explore(s, { strategy: 'dfs', runs: 200, seed: 3 });
    expect(r.ok, r.failure?.message).toBe(true);
    expect(r.exhausted).toBeDefined();
    expect(dropped).toBe(runs);
  });

  it('must be called inside an actor', async () => {
    const s = defineScenario({
      name: 'to-thread-outside',
      setup(sim) {
        expect(() => toThread(sim, () => 1)).toThrow(UsageError);
        expect(sim.actors).toHaveLength(0);
      },
    });
    const r = await runOnce(s);
    expect(r.ok, r.failure?.message).toBe(true);
  });
});

describe('ThreadPool / runInExecutor', () => {
  it('runs at most maxWorkers calls at once, and which queued call starts first is a scheduler choice', async () => {
    let maxSeen = 0;
    const seen = await outcomes(
      'pool-bounded',
      (sim) => {
        const pool = new ThreadPool(sim, 'pool', { maxWorkers: 1 });
        const order: string[] = [];
        const job = (id: string) => async () => {
          order.push(id);
          maxSeen = Math.max(maxSeen, pool.running);
          await sim.yield();
        };
        // asyncio.gather: one task per call, each awaiting its own executor future
        sim.spawn('task-a', () => runInExecutor(sim, pool, job('a'), 'a'));
        sim.spawn('task-b', () => runInExecutor(sim, pool, job('b'), 'b'));
        return order;
      },
      (order) => order.join(''),
    );
    expect(maxSeen).toBe(1);
    expect([...seen].sort()).toEqual(['ab', 'ba']);
  });

  it('the asyncio future run_in_executor returns can be cancelled from another task (running_tasks[id].cancel())', async () => {
    const seen = await outcomes(
      'loop-future-cancel',
      (sim) => {
        const state = new Cell(sim, 'state', 'idle');
        const out: string[] = [];
        let future: ExecutorFuture<string> | undefined;
        sim.spawn('tool', async () => {
          future = runInExecutor(sim, null, async () => {
            await state.set('worker');
            return 'v';
          }, 'fn');
          try {
            out.push(await future);
          } catch (e) {
            out.push(e instanceof CancelledError ? 'cancelled' : 'other');
          }
        });
        sim.spawn('cancel_run', async () => {
          await sim.yield();
          out.push(`cancel=${future?.cancel() ?? 'no future yet'}`);
        });
        return { state, out };
      },
      ({ state, out }) => `${out.join(', ')} => ${state.value}`,
    );
    expect([...seen].sort()).toEqual([
      'cancel=false, v => worker',
      'cancel=no future yet, v => worker',
      'cancel=true, cancelled => idle', // cancelled while queued: the call never ran
      'cancel=true, cancelled => worker', // running: detached, its write landed
      'v, cancel=false => worker',
    ]);
  });

  it('fifo: queued calls start in submission order', async () => {
    const seen = await outcomes(
      'pool-fifo',
      (sim) => {
        const pool = new ThreadPool(sim, 'pool', { maxWorkers: 1, fifo: true });
        const order: string[] = [];
        for (const id of ['a', 'b', 'c']) pool.submit(() => void order.push(id), id);
        return order;
      },
      (order) => order.join(''),
    );
    expect([...seen]).toEqual(['abc']);
  });

  it('a call cancelled while queued never runs; cancel fails once it runs', async () => {
    const s = defineScenario({
      name: 'pool-cancel-queued',
      setup(sim) {
        const pool = new ThreadPool(sim, 'pool', { maxWorkers: 1, fifo: true });
        const ran: string[] = [];
        const results: boolean[] = [];
        const a = pool.submit(async () => {
          ran.push('a');
          await sim.yield();
        }, 'a');
        const b = pool.submit(() => void ran.push('b'), 'b');
        sim.spawn('canceller', async () => {
          await a.result();
          results.push(a.cancel(), b.cancel());
        });
        return { ran, results, b };
      },
      check({ ran, results, b }) {
        // b is either still queued (cancelled, never runs) or already running/done (cancel fails).
        if (results[1]) {
          expect(ran).toEqual(['a']);
          expect(b.cancelled).toBe(true);
        } else expect(ran).toEqual(['a', 'b']);
        expect(results[0]).toBe(false);
      },
    });
    const r = await explore(s, { strategy: 'dfs', runs: 2000, seed: 1 });
    expect(r.ok, r.failure?.message).toBe(true);
  });

  it('future.result() blocks a worker until done and honours a virtual-time timeout', async () => {
    const s = defineScenario({
      name: 'future-timeout',
      setup(sim) {
        const pool = new ThreadPool(sim);
        const out: string[] = [];
        const slow = pool.submit(async () => {
          await sim.sleep(100);
          return 'slow';
        }, 'slow');
        pool.submit(async () => {
          try {
            await slow.result(10);
          } catch (e) {
            out.push((e as Error).name);
          }
          out.push(await slow.result());
        }, 'waiter');
        return out;
      },
      check: (out) => void expect(out).toEqual(['TimeoutError', 'slow']),
    });
    const r = await runOnce(s);
    expect(r.ok, r.failure?.message).toBe(true);
  });

  it('rejects misuse with a usage error', () => {
    const s = defineScenario({
      name: 'pool-misuse',
      setup(sim) {
        expect(() => new ThreadPool(sim, 'p', { maxWorkers: 0 })).toThrow(UsageError);
        const p = new ThreadPool(sim, 'p');
        p.shutdown();
        expect(() => p.submit(() => 1)).toThrow(/after shutdown/);
      },
    }) as Scenario<void, void>;
    return runOnce(s).then((r) => expect(r.ok, r.failure?.message).toBe(true));
  });
});
