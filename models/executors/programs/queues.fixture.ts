/**
 * Differential programs: the asyncio flavours of Semaphore, Queue and Barrier — FIFO hand-offs,
 * barging getters, cancelled waiters, join, cycles and abort.
 */
import type { AsyncioProgram } from './harness.fixture.js';
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioQueue } from '../../queues/AsyncioQueue.js';
import { AsyncioBarrier } from '../../sync/AsyncioBarrier.js';
import { AsyncioSemaphore } from '../../sync/AsyncioSemaphore.js';
import { BrokenBarrierError } from '../../sync/Barrier.js';
import { gather } from '../gather.js';

export const queuePrograms: AsyncioProgram[] = [
  {
    name: 'Semaphore(2): FIFO permits, release wakes the first waiter',
    runs: 20,
    python: `
async def main():
    sem = asyncio.Semaphore(2)
    lst = []
    async def user(n, hold):
        async with sem:
            lst.append('got%d' % n)
            for _ in range(hold):
                await asyncio.sleep(0)
        lst.append('rel%d' % n)
    await asyncio.gather(*(user(n, h) for n, h in [(1, 2), (2, 1), (3, 0), (4, 1), (5, 0)]))
    return [lst, sem._value]
`,
    model({ loop }) {
      const lst: string[] = [];
      let value = -1;
      loop.createTask('main', async () => {
        const sem = new AsyncioSemaphore(loop, 'sem', 2);
        const user = (n: number, hold: number) => async () => {
          await sem.withPermit(async () => {
            lst.push(`got${n}`);
            for (let i = 0; i < hold; i++) await loop.sleep(0);
          });
          lst.push(`rel${n}`);
        };
        await gather(
          loop,
          (
            [
              [1, 2],
              [2, 1],
              [3, 0],
              [4, 1],
              [5, 0],
            ] as const
          ).map(([n, h]) => user(n, h)),
        );
        value = sem.value;
      });
      return () => [lst, value];
    },
  },
  {
    name: 'Semaphore: a woken waiter is cancelled, its permit goes to the next',
    runs: 20,
    python: `
async def main():
    sem = asyncio.Semaphore(0)
    lst = []
    async def waiter(n):
        try:
            async with sem:
                lst.append('got' + n)
        except asyncio.CancelledError:
            lst.append('cancelled' + n)
    b = asyncio.create_task(waiter('b'))
    c = asyncio.create_task(waiter('c'))
    await asyncio.sleep(0)
    sem.release()
    b.cancel()
    await asyncio.gather(b, c)
    return [lst, sem._value]
`,
    model({ loop }) {
      const lst: string[] = [];
      let value = -1;
      loop.createTask('main', async () => {
        const sem = new AsyncioSemaphore(loop, 'sem', 0);
        const waiter = (n: string) => async () => {
          try {
            await sem.withPermit(() => void lst.push(`got${n}`));
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            lst.push(`cancelled${n}`);
          }
        };
        const b = loop.createTask('b', waiter('b'));
        const c = loop.createTask('c', waiter('c'));
        await loop.sleep(0);
        sem.release();
        b.cancel();
        await b;
        await c;
        value = sem.value;
      });
      return () => [lst, value];
    },
  },
  {
    name: 'Queue: put_nowait wakes the first getter; a newcomer get() barges',
    runs: 20,
    python: `
async def main():
    q = asyncio.Queue()
    lst = []
    async def getter(n):
        lst.append('got%s:%s' % (n, await q.get()))
    g1 = asyncio.create_task(getter('1'))
    g2 = asyncio.create_task(getter('2'))
    await asyncio.sleep(0)
    q.put_nowait('x')
    lst.append('barged:' + q.get_nowait())
    await asyncio.sleep(0)
    q.put_nowait('y')
    q.put_nowait('z')
    await asyncio.gather(g1, g2)
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const q = new AsyncioQueue<string>(loop, 'q');
        const getter = (n: string) => async () => void lst.push(`got${n}:${await q.get()}`);
        const g1 = loop.createTask('g1', getter('1'));
        const g2 = loop.createTask('g2', getter('2'));
        await loop.sleep(0);
        q.putNowait('x');
        lst.push(`barged:${q.getNowait()}`);
        await loop.sleep(0);
        q.putNowait('y');
        q.putNowait('z');
        await g1;
        await g2;
      });
      return () => lst;
    },
  },
  {
    name: 'Queue(maxsize=1): putters wait FIFO, join() waits for task_done()',
    runs: 20,
    python: `
async def main():
    q = asyncio.Queue(maxsize=1)
    lst = []
    async def producer(n):
        await q.put(n)
        lst.append('put%d' % n)
    async def consumer():
        for _ in range(3):
            v = await q.get()
            lst.append('get%d' % v)
            await asyncio.sleep(0)
            q.task_done()
    ps = [asyncio.create_task(producer(n)) for n in (1, 2, 3)]
    c = asyncio.create_task(consumer())
    await asyncio.gather(*ps)
    await q.join()
    lst.append('joined')
    await c
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const q = new AsyncioQueue<number>(loop, 'q', 1);
        const ps = [1, 2, 3].map((n) =>
          loop.createTask(`producer${n}`, async () => {
            await q.put(n);
            lst.push(`put${n}`);
          }),
        );
        const c = loop.createTask('consumer', async () => {
          for (let i = 0; i < 3; i++) {
            const v = await q.get();
            lst.push(`get${v}`);
            await loop.sleep(0);
            q.taskDone();
          }
        });
        await gather(loop, ps);
        await q.join();
        lst.push('joined');
        await c;
      });
      return () => lst;
    },
  },
  {
    name: 'Queue: a woken getter is cancelled, the item goes to the next getter',
    runs: 20,
    python: `
async def main():
    q = asyncio.Queue()
    lst = []
    async def getter(n):
        try:
            lst.append('got%s:%s' % (n, await q.get()))
        except asyncio.CancelledError:
            lst.append('cancelled' + n)
    g1 = asyncio.create_task(getter('1'))
    g2 = asyncio.create_task(getter('2'))
    await asyncio.sleep(0)
    q.put_nowait('x')
    g1.cancel()
    await asyncio.gather(g1, g2)
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const q = new AsyncioQueue<string>(loop, 'q');
        const getter = (n: string) => async () => {
          try {
            lst.push(`got${n}:${await q.get()}`);
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            lst.push(`cancelled${n}`);
          }
        };
        const g1 = loop.createTask('g1', getter('1'));
        const g2 = loop.createTask('g2', getter('2'));
        await loop.sleep(0);
        q.putNowait('x');
        g1.cancel();
        await g1;
        await g2;
      });
      return () => lst;
    },
  },
  {
    name: 'Barrier(3): arrival indices, two cycles, abort breaks the waiters',
    runs: 20,
    python: `
async def main():
    b = asyncio.Barrier(3)
    lst = []
    async def party(n, delay):
        for _ in range(delay):
            await asyncio.sleep(0)
        try:
            i = await b.wait()
            lst.append('%s:%d' % (n, i))
        except asyncio.BrokenBarrierError:
            lst.append('%s:broken' % n)
    ts = [asyncio.create_task(party(n, d)) for n, d in [('a', 1), ('b', 0), ('c', 2), ('d', 0), ('e', 3)]]
    for _ in range(8):
        await asyncio.sleep(0)
    await b.abort()
    await asyncio.gather(*ts)
    return [lst, b.broken]
`,
    model({ loop }) {
      const lst: string[] = [];
      let broken = false;
      loop.createTask('main', async () => {
        const b = new AsyncioBarrier(loop, 'b', 3);
        const ts = (
          [
            ['a', 1],
            ['b', 0],
            ['c', 2],
            ['d', 0],
            ['e', 3],
          ] as const
        ).map(([n, d]) =>
          loop.createTask(`party-${n}`, async () => {
            for (let i = 0; i < d; i++) await loop.sleep(0);
            try {
              lst.push(`${n}:${await b.wait()}`);
            } catch (e) {
              if (!(e instanceof BrokenBarrierError)) throw e;
              lst.push(`${n}:broken`);
            }
          }),
        );
        for (let i = 0; i < 8; i++) await loop.sleep(0);
        await b.abort();
        for (const t of ts) await t;
        broken = b.broken;
      });
      return () => [lst, broken];
    },
  },
];
