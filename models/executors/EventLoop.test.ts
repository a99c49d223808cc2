import { describe, expect, it } from 'vitest';
import { CancelledError, UsageError } from '../../sim/errors.js';
import { explore } from '../../sim/explore.js';
import { runOnce } from '../../sim/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Cell } from '../memory/Cell.js';
import { EventLoop } from './EventLoop.js';
import { runCoroutineThreadsafe } from './runCoroutineThreadsafe.js';
import { toThread } from './toThread.js';

async function outcomes<W>(name: string, setup: (sim: Sim) => W, summary: (w: W) => string): Promise<Set<string>> {
  const seen = new Set<string>();
  const s = defineScenario({ name, setup, check: (w) => void seen.add(summary(w)) });
  // The outcome is recorded in plain arrays the actors share, which sleep-set reduction cannot see
  // (it assumes shared state goes through models or sim.log), so enumerate every interleaving.
  const r = await explore(s, { strategy: 'dfs', runs: 5000, seed: 1, reduction: false });
  expect(r.ok, r.failure?.message).toBe(true);
  expect(r.exhausted).toBeDefined();
  return seen;
}

describe('EventLoop.createTask', () => {
  it('a task cancelled before its first step never runs its body', async () => {
    const seen = await outcomes(
      'loop-cancel-before-start',
      (sim) => {
        const loop = new EventLoop(sim);
        const ran: string[] = [];
        const t = loop.createTask('t', async () => {
          ran.push('body');
          await sim.yield();
          ran.push('after await');
        });
        loop.createTask('main', () => void t.cancel());
        return { ran, t };
      },
      ({ ran, t }) => `${ran.join('+') || 'nothing'}:${t.state}`,
    );
    expect([...seen].sort()).toEqual(['body+after await:done', 'body:cancelled', 'nothing:cancelled']);
  });

  it('refuses create_task from an executor thread, and a blocking result() on the loop', async () => {
    const errors: unknown[] = [];
    const s = defineScenario({
      name: 'loop-misuse',
      setup(sim) {
        const loop = new EventLoop(sim);
        loop.createTask('main', async () => {
          await toThread(sim, () => {
            try {
              loop.createTask('x', () => 1);
            } catch (e) {
              errors.push(e);
            }
          });
          const f = runCoroutineThreadsafe(loop, async () => {
            await sim.yield();
            return 1;
          });
          try {
            await f.result();
          } catch (e) {
            errors.push(e);
          }
        });
      },
    });
    const r = await runOnce(s);
    expect(r.ok, r.failure?.message).toBe(true);
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toBeInstanceOf(UsageError);
    expect(String(errors[0])).toMatch(/no running event loop/);
    expect(String(errors[1])).toMatch(/stalls every task/);
  });
});

describe('runCoroutineThreadsafe', () => {
  it('the worker does not wait: the scheduled coroutine may run after the awaiter resumed', async () => {
    const seen = await outcomes(
      'rct-no-wait',
      (sim) => {
        const loop = new EventLoop(sim);
        const status = new Cell(sim, 'status', 'RUNNING');
        const observed: string[] = [];
        loop.createTask('tool', async () => {
          await toThread(sim, () => {
            runCoroutineThreadsafe(loop, () => status.set('FINISHED'), 'update');
            return 'done';
          });
          observed.push(await status.get());
        });
        return observed;
      },
      (o) => o.join(),
    );
    expect([...seen].sort()).toEqual(['FINISHED', 'RUNNING']);
  });

  it('future.result() in the worker waits for the coroutine; its exception is retrieved, not a failure', async () => {
    const s = defineScenario({
      name: 'rct-result',
      setup(sim) {
        const loop = new EventLoop(sim);
        const got: unknown[] = [];
        loop.createTask('tool', async () => {
          got.push(
            await toThread(sim, async () => {
              const ok = await runCoroutineThreadsafe(loop, async () => {
                await sim.yield();
                return 7;
              }).result();
              try {
                await runCoroutineThreadsafe(loop, () => {
                  throw new TypeError('in coroutine');
                }).result();
              } catch (e) {
                return [ok, (e as Error).message];
              }
              return [ok];
            }),
          );
        });
        return got;
      },
      check: (got) => void expect(got).toEqual([[7, 'in coroutine']]),
    });
    const r = await explore(s, { strategy: 'dfs', runs: 2000, seed: 1 });
    expect(r.ok, r.failure?.message).toBe(true);
    expect(r.exhausted).toBeDefined();
  });

  it('future.cancel() from the thread cancels the task later, never before its body starts', async () => {
    const seen = await outcomes(
      'rct-cancel',
      (sim) => {
        const loop = new EventLoop(sim);
        const log: string[] = [];
        loop.createTask('tool', () =>
          toThread(sim, async () => {
            const f = runCoroutineThreadsafe(loop, async () => {
              log.push('body');
              await sim.yield();
              log.push('after await');
            });
            log.push(`cancel=${f.cancel()}`);
            try {
              await f.result();
            } catch (e) {
              log.push(e instanceof CancelledError ? 'result: cancelled' : 'result: other');
            }
          }),
        );
        return log;
      },
      (log) => log.join(', '),
    );
    // The body always starts; the cancel lands at its next await or after it finished.
    for (const o of seen) expect(o).toMatch(/body/);
    expect([...seen].sort()).toEqual([
      // the cancel reached the task after it had finished: Task.cancel() is a no-op, the future stays cancelled
      'cancel=true, body, after await, result: cancelled',
      'cancel=true, body, result: cancelled',
      // the thread sees the cancelled future at once; the task.cancel() it scheduled on the loop
      // arrives after the task finished (found once dfs enumerated without reduction)
      'cancel=true, body, result: cancelled, after await',
      'cancel=true, result: cancelled, body',
      'cancel=true, result: cancelled, body, after await',
    ]);
  });
});
