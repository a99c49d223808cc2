/**
 * Differential programs: `run_coroutine_threadsafe` from a worker thread — with and without awaits
 * in the coroutine, `result()`, exceptions, `cancel()`.
 */
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioEvent } from '../../sync/AsyncioEvent.js';
import { runCoroutineThreadsafe } from '../runCoroutineThreadsafe.js';
import { toThread } from '../toThread.js';
import type { AsyncioProgram } from './harness.fixture.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const runCoroutineThreadsafePrograms: AsyncioProgram[] = [
  ...[0, 1].map((awaits): AsyncioProgram => ({
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
          await runCoroutineThreadsafe(
            loop,
            async () => {
              for (let i = 0; i < awaits; i++) await loop.sleep(0);
              await append('FINISHED');
            },
            'update',
          );
          return 'done';
        });
        const seen = await snapshot();
        while (items.length === 0) await loop.sleep(0);
        out = [v, seen];
      });
      return () => out;
    },
  })),
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
          const f = await runCoroutineThreadsafe(
            loop,
            async () => {
              await append('c0');
              await loop.sleep(0);
              await append('c1');
              return 'cv';
            },
            'coro',
          );
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
            await (
              await runCoroutineThreadsafe(
                loop,
                async () => {
                  await loop.sleep(0);
                  throw new Error('in coroutine');
                },
                'coro',
              )
            ).result();
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
          const f = await runCoroutineThreadsafe(
            loop,
            async () => {
              await append('c0');
              try {
                await loop.createFuture('never');
              } catch (e) {
                await append('coro-cancelled');
                done.set();
                throw e;
              }
            },
            'coro',
          );
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
];
