/**
 * Differential programs: timers, `asyncio.wait`, and a thread feeding a queue through the loop.
 */
import type { AsyncioProgram } from './harness.fixture.js';
import { AsyncioQueue } from '../../queues/AsyncioQueue.js';
import { gather } from '../gather.js';
import { toThread } from '../toThread.js';
import { wait } from '../wait.js';
import { waitFor } from '../waitFor.js';

export const timerPrograms: AsyncioProgram[] = [
  {
    name: 'asyncio.sleep: timers fire in deadline order',
    runs: 10,
    python: `
async def main():
    lst = []
    async def sleeper(n, d):
        await asyncio.sleep(d)
        lst.append(n)
    await asyncio.gather(sleeper('slow', 0.03), sleeper('fast', 0.01), sleeper('mid', 0.02), sleeper('now', 0))
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const sleeper = (n: string, d: number) => async () => {
          await loop.sleep(d);
          lst.push(n);
        };
        await gather(loop, [
          sleeper('slow', 30),
          sleeper('fast', 10),
          sleeper('mid', 20),
          sleeper('now', 0),
        ]);
      });
      return () => lst;
    },
  },
  {
    name: 'Queue fed by a thread (call_soon_threadsafe put_nowait) while a task works',
    runs: 600,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    q = asyncio.Queue()
    lst = []
    def feeder():
        loop.call_soon_threadsafe(q.put_nowait, 1)
        loop.call_soon_threadsafe(q.put_nowait, 2)
    async def consumer():
        for _ in range(2):
            lst.append('got%d' % await q.get())
    async def busy():
        for i in range(2):
            lst.append('b%d' % i)
            await asyncio.sleep(0)
    c = asyncio.create_task(consumer())
    b = asyncio.create_task(busy())
    await asyncio.to_thread(feeder)
    await asyncio.gather(c, b)
    return lst
`,
    model({ loop, sim, append, items }) {
      loop.createTask('main', async () => {
        const q = new AsyncioQueue<number>(loop, 'q');
        const c = loop.createTask('consumer', async () => {
          for (let i = 0; i < 2; i++) await append(`got${await q.get()}`);
        });
        const b = loop.createTask('busy', async () => {
          for (let i = 0; i < 2; i++) {
            await append(`b${i}`);
            await loop.sleep(0);
          }
        });
        await toThread(sim, async () => {
          await loop.callSoonThreadsafe(() => q.putNowait(1), 'put_nowait(1)');
          await loop.callSoonThreadsafe(() => q.putNowait(2), 'put_nowait(2)');
        });
        await c;
        await b;
      });
      return () => items;
    },
  },
  {
    name: 'asyncio.wait(FIRST_COMPLETED) leaves the others running',
    runs: 20,
    python: `
async def main():
    lst = []
    async def job(n, turns):
        for _ in range(turns):
            await asyncio.sleep(0)
        lst.append(n)
        return n
    ts = [asyncio.create_task(job(n, t)) for n, t in [('x', 3), ('y', 1), ('z', 2)]]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    lst.append('waited:' + ','.join(sorted(t.result() for t in done)) + '/' + str(len(pending)))
    await asyncio.gather(*ts)
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const ts = (
          [
            ['x', 3],
            ['y', 1],
            ['z', 2],
          ] as const
        ).map(([n, turns]) =>
          loop.createTask(`job-${n}`, async () => {
            for (let i = 0; i < turns; i++) await loop.sleep(0);
            lst.push(n);
            return n;
          }),
        );
        const { done, pending } = await wait(loop, ts, { returnWhen: 'FIRST_COMPLETED' });
        lst.push(
          `waited:${done
            .map((t) => t.result() as string)
            .sort()
            .join(',')}/${pending.length}`,
        );
        for (const t of ts) await t;
      });
      return () => lst;
    },
  },
  {
    name: 'wait_for on a future set by a timer, racing a shorter timeout',
    runs: 10,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.05, fut.set_result, 'late')
    try:
        return await asyncio.wait_for(fut, 0.01)
    except TimeoutError:
        return ['timeout', fut.cancelled()]
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const fut = loop.createFuture<string>('fut');
        loop.callLater(50, () => fut.setResult('late'), 'fut.set_result');
        try {
          out = await waitFor(loop, fut, 10);
        } catch {
          out = ['timeout', fut.cancelled];
        }
      });
      return () => out;
    },
  },
  {
    name: 'wait_for around to_thread: a quick worker beats a long timeout',
    runs: 100,
    python: `
async def main():
    lst = []
    def worker():
        lst.append('w')
        return 'wv'
    try:
        r = await asyncio.wait_for(asyncio.to_thread(worker), 1.0)
    except TimeoutError:
        r = 'timeout'
    return [r, lst]
`,
    model({ loop, sim, append, items }) {
      let r = '';
      loop.createTask('main', async () => {
        try {
          r = await waitFor(
            loop,
            () =>
              toThread(sim, async () => {
                await append('w');
                return 'wv';
              }),
            1000,
          );
        } catch {
          r = 'timeout';
        }
      });
      return () => [r, items];
    },
  },
  {
    name: 'wait_for around to_thread: a sleeping worker loses to a short timeout and runs on, detached',
    runs: 20,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    def worker():
        time.sleep(0.1)
        lst.append('w')
        return 'wv'
    try:
        r = await asyncio.wait_for(asyncio.to_thread(worker), 0.02)
    except TimeoutError:
        r = 'timeout'
    lst.append(r)
    await loop.shutdown_default_executor()
    return lst
`,
    model({ loop, sim, append, items }) {
      loop.createTask('main', async () => {
        let r = '';
        try {
          r = await waitFor(
            loop,
            () =>
              toThread(sim, async () => {
                await sim.sleep(100);
                await append('w');
                return 'wv';
              }),
            20,
          );
        } catch {
          r = 'timeout';
        }
        await append(r);
      });
      return () => items;
    },
  },
];
