/**
 * Differential programs: `call_soon_threadsafe` from a worker thread against a busy loop.
 */
import type { AsyncioProgram } from './harness.fixture.js';
import { CancelledError } from '../../../sim/errors.js';
import { toThread } from '../toThread.js';

export const callSoonThreadsafePrograms: AsyncioProgram[] = [
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
        interleaving:
          "the worker queues both callbacks while the loop is in the other task's second step",
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
        interleaving:
          "the worker queues cb1 during the other task's second step and cb2 while cb1 runs",
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
        interleaving:
          "the worker queues cb1 during the other task's first step and cb2 during its second",
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
        interleaving:
          "the worker queues cb1 during the other task's first step and cb2 during its third",
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
        interleaving:
          "the worker thread is descheduled until the loop is in the other task's third step",
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
    name: "call_soon_threadsafe(task.cancel) as the worker's last act",
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
