import { describe, expect, it } from 'vitest';
import { CancelledError, UsageError } from '../../sim/errors.js';
import { explore } from '../../explore/explore.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { EPOCH } from '../../sim/clock.js';
import { Cell } from '../memory/Cell.js';
import { Event as ThreadEvent } from '../sync/Event.js';
import { EventLoop } from './EventLoop.js';
import { runCoroutineThreadsafe } from './runCoroutineThreadsafe.js';
import { toThread } from './toThread.js';

/** Every distinct outcome over all schedules (dfs, complete), counted. */
async function outcomes<W>(setup: (sim: Sim) => W, summary: (w: W) => string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const s = defineScenario({ name: 'loop-outcomes', setup, check: (w) => void seen.set(summary(w), (seen.get(summary(w)) ?? 0) + 1) });
  const r = await explore(s, { strategy: 'dfs', runs: 20_000, seed: 1, reduction: false });
  expect(r.ok, r.failure?.report('text')).toBe(true);
  expect(r.exhausted?.complete).toBe(true);
  return seen;
}

describe('EventLoop: the ready queue', () => {
  it('runs tasks in FIFO order: one schedule, CPython\'s order', async () => {
    const seen = await outcomes(
      (sim) => {
        const loop = new EventLoop(sim);
        const log: string[] = [];
        for (const n of ['a', 'b', 'c']) {
          loop.createTask(n, async () => {
            log.push(`${n}0`);
            await loop.sleep(0);
            log.push(`${n}1`);
          });
        }
        loop.callSoon(() => void log.push('cb'), 'cb');
        return log;
      },
      (l) => l.join(' '),
    );
    // One outcome (explore runs its first schedule on both loops, so check may see it twice).
    expect([...seen.keys()]).toEqual(['a0 b0 c0 cb a1 b1 c1']);
  });

  it('a task cancelled before its first step never runs its body; its awaiter sees CancelledError', async () => {
    const seen = await outcomes(
      (sim) => {
        const loop = new EventLoop(sim);
        const log: string[] = [];
        loop.createTask('main', async () => {
          const t = loop.createTask('t', () => void log.push('body'));
          log.push(`cancel=${t.cancel()}`);
          try {
            await t;
          } catch (e) {
            log.push(e instanceof CancelledError ? 'cancelled' : 'other');
          }
        });
        return log;
      },
      (l) => l.join(' '),
    );
    expect([...seen.keys()]).toEqual(['cancel=true cancelled']);
  });

  it('issue #12: cancelling a task that awaits another task cancels the inner task too', async () => {
    const seen = await outcomes(
      (sim) => {
        const loop = new EventLoop(sim);
        const log: string[] = [];
        loop.createTask('main', async () => {
          const outer = loop.createTask('outer', async () => {
            const inner = loop.createTask('inner', async () => {
              try {
                await loop.createFuture('never');
              } catch (e) {
                log.push('inner cancelled');
                throw e;
              }
            });
            try {
              await inner;
            } catch (e) {
              log.push(`outer cancelled (inner.cancelled=${inner.cancelled})`);
              throw e;
            }
          });
          await loop.sleep(0);
          await loop.sleep(0);
          outer.cancel();
          await outer.then(
            () => log.push('outer returned'),
            () => log.push('main saw the cancel'),
          );
        });
        return log;
      },
      (l) => l.join(', '),
    );
    expect([...seen.keys()]).toEqual(['inner cancelled, outer cancelled (inner.cancelled=true), main saw the cancel']);
  });

  it('refuses asyncio calls from a thread and a blocking result() on the loop, naming the remedy', async () => {
    const errors: unknown[] = [];
    const s = defineScenario({
      name: 'loop-misuse',
      setup(sim) {
        const loop = new EventLoop(sim);
        loop.createTask('main', async () => {
          const fut = loop.createFuture<number>('f');
          await toThread(sim, () => {
            for (const call of [() => loop.createTask('x', () => 1), () => fut.setResult(1), () => loop.callSoon(() => {})]) {
              try {
                call();
              } catch (e) {
                errors.push(e);
              }
            }
          });
          const f = await runCoroutineThreadsafe(loop, () => 1);
          try {
            await f.result();
          } catch (e) {
            errors.push(e);
          }
          await loop.sleep(0);
        });
      },
    });
    const r = await runOnce(s);
    expect(r.ok, r.failure?.message).toBe(true);
    expect(errors).toHaveLength(4);
    for (const e of errors) expect(e).toBeInstanceOf(UsageError);
    expect(String(errors[0])).toMatch(/no running event loop/);
    expect(String(errors[1])).toMatch(/not thread-safe.*callSoonThreadsafe/);
    expect(String(errors[3])).toMatch(/stalls every task/);
    expect(() => new EventLoop({} as Sim, 'l', { python: '3.10' as '3.11' })).toThrow(/python must be one of 3.11, 3.12, 3.13/);
  });

  it('a task blocked in a thread primitive blocks the whole loop: no other task runs meanwhile', async () => {
    const seen = await outcomes(
      (sim) => {
        const loop = new EventLoop(sim);
        const gate = new ThreadEvent(sim, 'gate');
        const log: string[] = [];
        loop.createTask('main', async () => {
          const opener = loop.runInExecutor(null, async () => {
            log.push('thread opens');
            await gate.set();
          }, 'opener');
          loop.createTask('other', () => void log.push('other'));
          log.push('main blocks');
          await gate.wait();
          log.push('main resumes');
          await opener;
        });
        return log;
      },
      (l) => l.join(', '),
    );
    expect([...seen.keys()]).toEqual(['main blocks, thread opens, main resumes, other']);
    // and if only a task queued behind it could unblock it, that is a deadlock, as in CPython
    const r = await runOnce(
      defineScenario({
        name: 'loop-blocked',
        setup(sim) {
          const loop = new EventLoop(sim);
          const gate = new ThreadEvent(sim, 'gate');
          loop.createTask('blocker', () => gate.wait());
          loop.createTask('opener', () => gate.set());
        },
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toMatch(/blocker waits at "gate.wait"/);
  });
});

describe('EventLoop: timers', () => {
  it('fire in deadline order while a task waits; a cancelled timer never fires; timers alone do not keep the run going', async () => {
    const seen = await outcomes(
      (sim) => {
        const loop = new EventLoop(sim);
        const log: string[] = [];
        loop.createTask('main', async () => {
          for (const [n, d] of [['c', 30], ['a', 10], ['b', 20]] as const) loop.callLater(d, () => void log.push(`${n}@${loop.time - EPOCH}`), n);
          loop.callLater(15, () => void log.push('never'), 'cancelled').cancel();
          loop.callLater(100, () => void log.push('after main'), 'orphan');
          await loop.sleep(40);
        });
        return log;
      },
      (l) => l.join(' '),
    );
    expect([...seen.keys()]).toEqual(['a@10 b@20 c@30']);
  });

  it('a timer added while the loop waits on a later one moves the wait earlier (select\'s timeout is recomputed)', async () => {
    const seen = await outcomes(
      (sim) => {
        const loop = new EventLoop(sim);
        const log: string[] = [];
        loop.createTask('main', async () => {
          loop.callLater(100, () => void log.push(`late@${loop.time - EPOCH}`), 'late');
          // The loop sits in select until the thread's result comes back at 5 ms; then the
          // earlier timer is added, and it must fire at 15, not wait for the 100 ms one.
          await loop.runInExecutor(null, () => sim.sleep(5), 'slow');
          loop.callLater(10, () => void log.push(`early@${loop.time - EPOCH}`), 'early');
          await loop.sleep(200);
        });
        return log;
      },
      (l) => l.join(' '),
    );
    expect([...seen.keys()]).toEqual(['early@15 late@100']);
  });
});

describe('EventLoop: threads against the loop', () => {
  it('issue #12: fut.cancel() after the worker returned, before the loop copied its result, cancels the awaiter', async () => {
    const seen = await outcomes(
      (sim) => {
        const loop = new EventLoop(sim);
        const out: unknown[] = [];
        loop.createTask('main', async () => {
          const go = new ThreadEvent(sim, 'go');
          const returned = new ThreadEvent(sim, 'returned');
          const fut = loop.runInExecutor(null, async () => {
            await go.wait();
            await returned.set();
            return 'wv';
          }, 'worker');
          const awaiter = loop.createTask('awaiter', async () => {
            try {
              return `value:${await fut}`;
            } catch (e) {
              return e instanceof CancelledError ? 'cancelled' : 'other';
            }
          });
          await loop.sleep(0);
          await go.set();
          await returned.wait(); // blocks the loop: _set_state cannot run before the cancel
          out.push(fut.cancel(), await awaiter);
        });
        return out;
      },
      (o) => JSON.stringify(o),
    );
    expect([...seen.keys()]).toEqual(['[true,"cancelled"]']);
  });

  it('a worker started by run_in_executor may finish before the rest of the submitting step queues its handles', async () => {
    const seen = await outcomes(
      (sim) => {
        const loop = new EventLoop(sim);
        const out: unknown[] = [];
        loop.createTask('main', async () => {
          const fut = loop.runInExecutor(null, () => 'wv', 'worker');
          const t = loop.createTask('awaiter', () => fut);
          await loop.sleep(0);
          out.push(fut.done, await t);
        });
        return out;
      },
      (o) => JSON.stringify(o),
    );
    expect([...seen.keys()].sort()).toEqual(['[false,"wv"]', '[true,"wv"]']);
  });

  it('run_coroutine_threadsafe: without an await in the coroutine the awaiter always sees its write; with one it may not', async () => {
    for (const [awaits, expected] of [
      [0, ['FINISHED']],
      [1, ['FINISHED', 'RUNNING']],
    ] as const) {
      const seen = await outcomes(
        (sim) => {
          const loop = new EventLoop(sim);
          const status = new Cell(sim, 'status', 'RUNNING');
          const observed: string[] = [];
          loop.createTask('tool', async () => {
            await toThread(sim, async () => {
              await runCoroutineThreadsafe(loop, async () => {
                for (let i = 0; i < awaits; i++) await loop.sleep(0);
                await status.set('FINISHED');
              }, 'update');
              return 'done';
            });
            observed.push(await status.get());
          });
          return observed;
        },
        (o) => o.join(),
      );
      expect([...seen.keys()].sort(), `${awaits} await(s)`).toEqual([...expected]);
    }
  });
});
