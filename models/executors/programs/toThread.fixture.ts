/**
 * Differential programs: `to_thread` and `run_in_executor` against the loop — values, exceptions,
 * cancelling the awaiter, cancelling the future.
 */
import type { AsyncioProgram } from './harness.fixture.js';
import { CancelledError } from '../../../sim/errors.js';
import { Event as ThreadEvent } from '../../sync/Event.js';
import { ThreadPool } from '../ThreadPool.js';
import { toThread } from '../toThread.js';
import { wait } from '../wait.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const toThreadPrograms: AsyncioProgram[] = [
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
        interleaving:
          'the worker thread loses the GIL as soon as it starts and gets it back only after the loop ran o1',
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
        interleaving:
          "the worker thread is descheduled until the loop ran both of the other task's steps",
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
        interleaving:
          "the new worker thread does not run until the loop has run the awaiter's first step (usually it finishes while submit() still waits in Thread.start())",
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
        const fut = loop.runInExecutor(
          null,
          async () => {
            await returned.set();
            return 'wv';
          },
          'worker',
        );
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
];
