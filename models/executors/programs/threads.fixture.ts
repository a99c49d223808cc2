/**
 * Differential programs: worker threads against the loop — `to_thread`, `run_in_executor`,
 * `run_coroutine_threadsafe`, `call_soon_threadsafe`. Each Python `main()` joins every thread it
 * started before it builds its outcome; each model reads its outcome once every actor is done.
 */
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioEvent } from '../../sync/AsyncioEvent.js';
import { Event as ThreadEvent } from '../../sync/Event.js';
import { runCoroutineThreadsafe } from '../runCoroutineThreadsafe.js';
import { ThreadPool } from '../ThreadPool.js';
import { toThread } from '../toThread.js';
import { wait } from '../wait.js';
import type { AsyncioProgram } from './harness.fixture.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const threadPrograms: AsyncioProgram[] = [
  {
    name: 'to_thread: worker append vs loop task',
    python: `
async def main():
    lst = []
    def worker():
        lst.append('w')
        return 'wv'
    async def other():
        lst.append('o1')
        await asyncio.sleep(0)
        lst.append('o2')
    t = asyncio.create_task(other())
    v = await asyncio.to_thread(worker)
    await t
    return [v, lst]
`,
    forced: {
      '["wv",["o1","w","o2"]]': {
        interleaving: 'the worker thread loses the GIL as soon as it starts and gets it back only after the loop ran o1',
        python: `
async def main():
    lst = []
    o1, w = threading.Event(), threading.Event()
    def worker():
        o1.wait()
        lst.append('w')
        w.set()
        return 'wv'
    async def other():
        lst.append('o1')
        o1.set()
        w.wait()
        await asyncio.sleep(0)
        lst.append('o2')
    t = asyncio.create_task(other())
    v = await asyncio.to_thread(worker)
    await t
    return [v, lst]
`,
      },
      '["wv",["o1","o2","w"]]': {
        interleaving: 'the worker thread is descheduled until the loop ran both of the other task\'s steps',
        python: `
async def main():
    lst = []
    o2 = threading.Event()
    def worker():
        o2.wait()
        lst.append('w')
        return 'wv'
    async def other():
        lst.append('o1')
        await asyncio.sleep(0)
        lst.append('o2')
        o2.set()
    t = asyncio.create_task(other())
    v = await asyncio.to_thread(worker)
    await t
    return [v, lst]
`,
      },
    },
    model({ loop, sim, append, items }) {
      let v = '';
      loop.createTask('main', async () => {
        const t = loop.createTask('other', async () => {
          await append('o1');
          await loop.sleep(0);
          await append('o2');
        });
        v = await toThread(sim, async () => {
          await append('w');
          return 'wv';
        });
        await t;
      });
      return () => [v, items];
    },
  },
  {
    name: 'to_thread: worker raises',
    runs: 40,
    python: `
async def main():
    def worker():
        raise ValueError('boom')
    try:
        await asyncio.to_thread(worker)
        return 'value'
    except ValueError as e:
        return ['error', str(e)]
`,
    model({ loop, sim }) {
      let out: unknown;
      loop.createTask('main', async () => {
        try {
          await toThread(sim, () => {
            throw new Error('boom');
          });
          out = 'value';
        } catch (e) {
          out = ['error', message(e)];
        }
      });
      return () => out;
    },
  },
  {
    name: 'to_thread: awaiter cancelled while the worker runs',
    runs: 100,
    python: `
async def main():
    lst = []
    started, gate, finished = threading.Event(), threading.Event(), threading.Event()
    def worker():
        started.set()
        gate.wait()
        lst.append('late')
        finished.set()
        return 'wv'
    async def awaiter():
        try:
            await asyncio.to_thread(worker)
            lst.append('resumed')
        except asyncio.CancelledError:
            lst.append('cleanup')
    t = asyncio.create_task(awaiter())
    await asyncio.to_thread(started.wait)
    t.cancel()
    await asyncio.wait([t])
    gate.set()
    await asyncio.to_thread(finished.wait)
    return lst
`,
    model({ loop, sim, append, items }) {
      const started = new ThreadEvent(sim, 'started');
      const gate = new ThreadEvent(sim, 'gate');
      loop.createTask('main', async () => {
        const t = loop.createTask('awaiter', async () => {
          try {
            await toThread(sim, async () => {
              await started.set();
              await gate.wait();
              await append('late');
              return 'wv';
            });
            await append('resumed');
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            await append('cleanup');
          }
        });
        await toThread(sim, () => started.wait(), 'started.wait');
        t.cancel();
        await wait(loop, [t]);
        await gate.set();
      });
      return () => items;
    },
  },
  {
    name: 'run_in_executor: cancel while queued behind a busy thread',
    runs: 100,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    ex = concurrent.futures.ThreadPoolExecutor(1)
    gate = threading.Event()
    busy = loop.run_in_executor(ex, gate.wait)
    def worker():
        lst.append('w')
    async def awaiter():
        try:
            await loop.run_in_executor(ex, worker)
            return 'value'
        except asyncio.CancelledError:
            return 'cancelled'
    t = asyncio.create_task(awaiter())
    await asyncio.sleep(0)
    t.cancel()
    r = await t
    gate.set()
    await busy
    ex.shutdown(wait=True)
    return [r, lst]
`,
    model({ loop, sim, append, items }) {
      let r = '';
      loop.createTask('main', async () => {
        const ex = new ThreadPool(sim, 'ex', { maxWorkers: 1, fifo: true });
        const gate = new ThreadEvent(sim, 'gate');
        const busy = loop.runInExecutor(ex, () => gate.wait(), 'gate.wait');
        const t = loop.createTask('awaiter', async () => {
          try {
            await loop.runInExecutor(ex, () => append('w'), 'worker');
            return 'value';
          } catch (e) {
            if (e instanceof CancelledError) return 'cancelled';
            throw e;
          }
        });
        await loop.sleep(0);
        t.cancel();
        r = await t;
        await gate.set();
        await busy;
      });
      return () => [r, items];
    },
  },
  {
    name: 'run_in_executor: cancel after the worker returned',
    runs: 200,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    returned = threading.Event()
    def worker():
        returned.set()
        return 'wv'
    fut = loop.run_in_executor(None, worker)
    async def awaiter():
        try:
            return ['value', await fut]
        except asyncio.CancelledError:
            return ['cancelled']
    t = asyncio.create_task(awaiter())
    await asyncio.sleep(0)
    returned.wait()
    c = fut.cancel()
    r = await t
    await loop.shutdown_default_executor()
    return [c, r]
`,
    forced: {
      '[true,["cancelled"]]': {
        interleaving: 'the new worker thread does not run until the loop has run the awaiter\'s first step (usually it finishes while submit() still waits in Thread.start())',
        python: `
async def main():
    loop = asyncio.get_running_loop()
    go, returned = threading.Event(), threading.Event()
    def worker():
        go.wait()
        returned.set()
        return 'wv'
    fut = loop.run_in_executor(None, worker)
    async def awaiter():
        try:
            return ['value', await fut]
        except asyncio.CancelledError:
            return ['cancelled']
    t = asyncio.create_task(awaiter())
    await asyncio.sleep(0)
    go.set()
    returned.wait()
    c = fut.cancel()
    r = await t
    await loop.shutdown_default_executor()
    return [c, r]
`,
      },
    },
    model({ loop, sim }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const returned = new ThreadEvent(sim, 'returned');
        const fut = loop.runInExecutor(null, async () => {
          await returned.set();
          return 'wv';
        }, 'worker');
        const t = loop.createTask('awaiter', async () => {
          try {
            return ['value', await fut];
          } catch (e) {
            if (e instanceof CancelledError) return ['cancelled'];
            throw e;
          }
        });
        await loop.sleep(0);
        await returned.wait();
        const c = fut.cancel();
        out = [c, await t];
      });
      return () => out;
    },
  },
  ...[0, 1].map(
    (awaits): AsyncioProgram => ({
      name: `run_coroutine_threadsafe: update with ${awaits} await(s), worker returns at once`,
      runs: 600,
      python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    async def update():
        for _ in range(${awaits}):
            await asyncio.sleep(0)
        lst.append('FINISHED')
    def worker():
        asyncio.run_coroutine_threadsafe(update(), loop)
        return 'done'
    v = await asyncio.to_thread(worker)
    seen = list(lst)
    while not lst:
        await asyncio.sleep(0)
    return [v, seen]
`,
      model({ loop, sim, append, snapshot, items }) {
        let out: unknown;
        loop.createTask('main', async () => {
          const v = await toThread(sim, async () => {
            await runCoroutineThreadsafe(loop, async () => {
              for (let i = 0; i < awaits; i++) await loop.sleep(0);
              await append('FINISHED');
            }, 'update');
            return 'done';
          });
          const seen = await snapshot();
          while (items.length === 0) await loop.sleep(0);
          out = [v, seen];
        });
        return () => out;
      },
    }),
  ),
  {
    name: 'run_coroutine_threadsafe: worker waits on result()',
    runs: 100,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    async def coro():
        lst.append('c0')
        await asyncio.sleep(0)
        lst.append('c1')
        return 'cv'
    def worker():
        f = asyncio.run_coroutine_threadsafe(coro(), loop)
        lst.append('got:' + f.result())
        return 'wv'
    v = await asyncio.to_thread(worker)
    return [v, lst]
`,
    model({ loop, sim, append, items }) {
      let v = '';
      loop.createTask('main', async () => {
        v = await toThread(sim, async () => {
          const f = await runCoroutineThreadsafe(loop, async () => {
            await append('c0');
            await loop.sleep(0);
            await append('c1');
            return 'cv';
          }, 'coro');
          await append(`got:${await f.result()}`);
          return 'wv';
        });
      });
      return () => [v, items];
    },
  },
  {
    name: 'run_coroutine_threadsafe: coroutine raises',
    runs: 100,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    async def coro():
        await asyncio.sleep(0)
        raise ValueError('in coroutine')
    def worker():
        try:
            asyncio.run_coroutine_threadsafe(coro(), loop).result()
            return 'value'
        except ValueError as e:
            return 'error:' + str(e)
    return await asyncio.to_thread(worker)
`,
    model({ loop, sim }) {
      let v = '';
      loop.createTask('main', async () => {
        v = await toThread(sim, async () => {
          try {
            await (await runCoroutineThreadsafe(loop, async () => {
              await loop.sleep(0);
              throw new Error('in coroutine');
            }, 'coro')).result();
            return 'value';
          } catch (e) {
            return `error:${message(e)}`;
          }
        });
      });
      return () => v;
    },
  },
  {
    name: 'run_coroutine_threadsafe: the thread cancels the future',
    runs: 200,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    never = asyncio.Event()
    done = asyncio.Event()
    async def coro():
        lst.append('c0')
        try:
            await never.wait()
        except asyncio.CancelledError:
            lst.append('coro-cancelled')
            done.set()
            raise
    def worker():
        f = asyncio.run_coroutine_threadsafe(coro(), loop)
        c = f.cancel()
        try:
            f.result()
            return [c, 'value']
        except concurrent.futures.CancelledError:
            return [c, 'cancelled']
    v = await asyncio.to_thread(worker)
    await done.wait()
    return [v, lst]
`,
    model({ loop, sim, append, items }) {
      let v: unknown;
      loop.createTask('main', async () => {
        const done = new AsyncioEvent(loop, 'done');
        v = await toThread(sim, async () => {
          const f = await runCoroutineThreadsafe(loop, async () => {
            await append('c0');
            try {
              await loop.createFuture('never');
            } catch (e) {
              await append('coro-cancelled');
              done.set();
              throw e;
            }
          }, 'coro');
          const c = f.cancel();
          try {
            await f.result();
            return [c, 'value'];
          } catch (e) {
            if (e instanceof CancelledError) return [c, 'cancelled'];
            throw e;
          }
        });
        await done.wait();
      });
      return () => [v, items];
    },
  },
  {
    name: 'call_soon_threadsafe: two callbacks vs a loop task',
    runs: 600,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    def worker():
        loop.call_soon_threadsafe(lst.append, 'cb1')
        loop.call_soon_threadsafe(lst.append, 'cb2')
    async def other():
        for i in range(3):
            lst.append('o%d' % i)
            await asyncio.sleep(0)
    t = asyncio.create_task(other())
    await asyncio.to_thread(worker)
    await t
    while len(lst) < 5:
        await asyncio.sleep(0)
    return lst
`,
    forced: {
      '["o0","o1","cb1","cb2","o2"]': {
        interleaving: 'the worker queues both callbacks while the loop is in the other task\'s second step',
        python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    at, pushed = threading.Event(), threading.Event()
    def worker():
        at.wait()
        loop.call_soon_threadsafe(lst.append, 'cb1')
        loop.call_soon_threadsafe(lst.append, 'cb2')
        pushed.set()
    async def other():
        lst.append('o0')
        await asyncio.sleep(0)
        lst.append('o1')
        at.set()
        pushed.wait()
        await asyncio.sleep(0)
        lst.append('o2')
        await asyncio.sleep(0)
    t = asyncio.create_task(other())
    await asyncio.to_thread(worker)
    await t
    while len(lst) < 5:
        await asyncio.sleep(0)
    return lst
`,
      },
      '["o0","o1","cb1","o2","cb2"]': {
        interleaving: 'the worker queues cb1 during the other task\'s second step and cb2 while cb1 runs',
        python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    at, pushed1, go2, pushed2 = threading.Event(), threading.Event(), threading.Event(), threading.Event()
    def cb1():
        lst.append('cb1')
        go2.set()
        pushed2.wait()
    def worker():
        at.wait()
        loop.call_soon_threadsafe(cb1)
        pushed1.set()
        go2.wait()
        loop.call_soon_threadsafe(lst.append, 'cb2')
        pushed2.set()
    async def other():
        lst.append('o0')
        await asyncio.sleep(0)
        lst.append('o1')
        at.set()
        pushed1.wait()
        await asyncio.sleep(0)
        lst.append('o2')
        await asyncio.sleep(0)
    t = asyncio.create_task(other())
    await asyncio.to_thread(worker)
    await t
    while len(lst) < 5:
        await asyncio.sleep(0)
    return lst
`,
      },
      '["o0","cb1","o1","cb2","o2"]': {
        interleaving: 'the worker queues cb1 during the other task\'s first step and cb2 during its second',
        python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    at1, p1, at2, p2 = threading.Event(), threading.Event(), threading.Event(), threading.Event()
    def worker():
        at1.wait()
        loop.call_soon_threadsafe(lst.append, 'cb1')
        p1.set()
        at2.wait()
        loop.call_soon_threadsafe(lst.append, 'cb2')
        p2.set()
    async def other():
        lst.append('o0')
        at1.set()
        p1.wait()
        await asyncio.sleep(0)
        lst.append('o1')
        at2.set()
        p2.wait()
        await asyncio.sleep(0)
        lst.append('o2')
        await asyncio.sleep(0)
    t = asyncio.create_task(other())
    await asyncio.to_thread(worker)
    await t
    while len(lst) < 5:
        await asyncio.sleep(0)
    return lst
`,
      },
      '["o0","cb1","o1","o2","cb2"]': {
        interleaving: 'the worker queues cb1 during the other task\'s first step and cb2 during its third',
        python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    at1, p1, at3, p3 = threading.Event(), threading.Event(), threading.Event(), threading.Event()
    def worker():
        at1.wait()
        loop.call_soon_threadsafe(lst.append, 'cb1')
        p1.set()
        at3.wait()
        loop.call_soon_threadsafe(lst.append, 'cb2')
        p3.set()
    async def other():
        lst.append('o0')
        at1.set()
        p1.wait()
        await asyncio.sleep(0)
        lst.append('o1')
        await asyncio.sleep(0)
        lst.append('o2')
        at3.set()
        p3.wait()
        await asyncio.sleep(0)
    t = asyncio.create_task(other())
    await asyncio.to_thread(worker)
    await t
    while len(lst) < 5:
        await asyncio.sleep(0)
    return lst
`,
      },
      '["o0","o1","o2","cb1","cb2"]': {
        interleaving: 'the worker thread is descheduled until the loop is in the other task\'s third step',
        python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    at, pushed = threading.Event(), threading.Event()
    def worker():
        at.wait()
        loop.call_soon_threadsafe(lst.append, 'cb1')
        loop.call_soon_threadsafe(lst.append, 'cb2')
        pushed.set()
    async def other():
        for i in range(3):
            lst.append('o%d' % i)
            if i == 2:
                at.set()
                pushed.wait()
            await asyncio.sleep(0)
    t = asyncio.create_task(other())
    await asyncio.to_thread(worker)
    await t
    while len(lst) < 5:
        await asyncio.sleep(0)
    return lst
`,
      },
    },
    model({ loop, sim, append, items }) {
      loop.createTask('main', async () => {
        const t = loop.createTask('other', async () => {
          for (let i = 0; i < 3; i++) {
            await append(`o${i}`);
            await loop.sleep(0);
          }
        });
        await toThread(sim, async () => {
          await loop.callSoonThreadsafe(() => void items.push('cb1'), 'cb1');
          await loop.callSoonThreadsafe(() => void items.push('cb2'), 'cb2');
        });
        await t;
      });
      return () => items;
    },
  },
  {
    name: 'call_soon_threadsafe(task.cancel) as the worker\'s last act',
    runs: 200,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    task = None
    def worker():
        loop.call_soon_threadsafe(task.cancel)
        return 'wv'
    async def awaiter():
        try:
            return 'value:' + await asyncio.to_thread(worker)
        except asyncio.CancelledError:
            return 'cancelled'
    task = asyncio.create_task(awaiter())
    return await task
`,
    model({ loop, sim }) {
      let out = '';
      loop.createTask('main', async () => {
        const task = loop.createTask('awaiter', async () => {
          try {
            return `value:${await toThread(sim, async () => {
              await loop.callSoonThreadsafe(() => void task.cancel(), 'task.cancel');
              return 'wv';
            })}`;
          } catch (e) {
            if (e instanceof CancelledError) return 'cancelled';
            throw e;
          }
        });
        out = await task;
      });
      return () => out;
    },
  },
];
