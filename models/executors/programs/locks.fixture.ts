/**
 * Differential programs: the asyncio flavours of Event, Lock and Condition — wake-up order,
 * barging, cancelled waiters, a thread setting an event.
 */
import type { AsyncioProgram } from './harness.fixture.js';
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioCondition } from '../../sync/AsyncioCondition.js';
import { AsyncioEvent } from '../../sync/AsyncioEvent.js';
import { AsyncioLock } from '../../sync/AsyncioLock.js';
import { gather } from '../gather.js';
import { toThread } from '../toThread.js';

export const lockPrograms: AsyncioProgram[] = [
  {
    name: 'Event: set() then clear() — the waiter returns True and reads False',
    runs: 20,
    python: `
async def main():
    ev = asyncio.Event()
    seen = []
    async def waiter():
        r = await ev.wait()
        seen.append([r, ev.is_set()])
    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    ev.set()
    ev.clear()
    await t
    return seen
`,
    model({ loop }) {
      const seen: unknown[] = [];
      loop.createTask('main', async () => {
        const ev = new AsyncioEvent(loop, 'ev');
        const t = loop.createTask('waiter', async () => {
          const r = await ev.wait();
          seen.push([r, ev.isSet()]);
        });
        await loop.sleep(0);
        ev.set();
        ev.clear();
        await t;
      });
      return () => seen;
    },
  },
  {
    name: 'Event: waiters wake in the order they began waiting',
    runs: 20,
    python: `
async def main():
    ev = asyncio.Event()
    lst = []
    async def waiter(n, delay):
        for _ in range(delay):
            await asyncio.sleep(0)
        lst.append('wait%d' % n)
        await ev.wait()
        lst.append('woke%d' % n)
    ts = [asyncio.create_task(waiter(n, d)) for n, d in [(1, 2), (2, 0), (3, 1)]]
    for _ in range(3):
        await asyncio.sleep(0)
    ev.set()
    lst.append('set')
    await asyncio.gather(*ts)
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const ev = new AsyncioEvent(loop, 'ev');
        const ts = (
          [
            [1, 2],
            [2, 0],
            [3, 1],
          ] as const
        ).map(([n, d]) =>
          loop.createTask(`waiter${n}`, async () => {
            for (let i = 0; i < d; i++) await loop.sleep(0);
            lst.push(`wait${n}`);
            await ev.wait();
            lst.push(`woke${n}`);
          }),
        );
        for (let i = 0; i < 3; i++) await loop.sleep(0);
        ev.set();
        lst.push('set');
        for (const t of ts) await t;
      });
      return () => lst;
    },
  },
  {
    name: 'Event set by a thread through call_soon_threadsafe, against a busy task',
    runs: 600,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    ev = asyncio.Event()
    lst = []
    async def waiter():
        await ev.wait()
        lst.append('woke')
    async def busy():
        for i in range(3):
            lst.append('b%d' % i)
            await asyncio.sleep(0)
    w = asyncio.create_task(waiter())
    b = asyncio.create_task(busy())
    await asyncio.to_thread(loop.call_soon_threadsafe, ev.set)
    await asyncio.gather(w, b)
    return lst
`,
    forced: {
      '["b0","b1","b2","woke"]': {
        interleaving:
          'the worker thread queues ev.set only while the busy task runs its second step',
        python: `
async def main():
    loop = asyncio.get_running_loop()
    ev = asyncio.Event()
    lst = []
    at, pushed = threading.Event(), threading.Event()
    async def waiter():
        await ev.wait()
        lst.append('woke')
    async def busy():
        for i in range(3):
            lst.append('b%d' % i)
            if i == 1:
                at.set()
                pushed.wait()
            await asyncio.sleep(0)
    def worker():
        at.wait()
        loop.call_soon_threadsafe(ev.set)
        pushed.set()
    w = asyncio.create_task(waiter())
    b = asyncio.create_task(busy())
    await asyncio.to_thread(worker)
    await asyncio.gather(w, b)
    return lst
`,
      },
    },
    model({ loop, sim, append, items }) {
      loop.createTask('main', async () => {
        const ev = new AsyncioEvent(loop, 'ev');
        const w = loop.createTask('waiter', async () => {
          await ev.wait();
          await append('woke');
        });
        const b = loop.createTask('busy', async () => {
          for (let i = 0; i < 3; i++) {
            await append(`b${i}`);
            await loop.sleep(0);
          }
        });
        await toThread(sim, () => loop.callSoonThreadsafe(() => ev.set(), 'ev.set'));
        await w;
        await b;
      });
      return () => items;
    },
  },
  {
    name: 'Lock: FIFO hand-off, a newcomer does not barge past a woken waiter',
    runs: 20,
    python: `
async def main():
    lock = asyncio.Lock()
    lst = []
    async def user(n, delay, hold):
        for _ in range(delay):
            await asyncio.sleep(0)
        lst.append('try%s' % n)
        async with lock:
            lst.append('got%s' % n)
            for _ in range(hold):
                await asyncio.sleep(0)
        lst.append('rel%s' % n)
    await asyncio.gather(user('a', 0, 2), user('b', 0, 0), user('c', 1, 0), user('d', 2, 0))
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const lock = new AsyncioLock(loop, 'lock');
        const user = (n: string, delay: number, hold: number) => async () => {
          for (let i = 0; i < delay; i++) await loop.sleep(0);
          lst.push(`try${n}`);
          await lock.withLock(async () => {
            lst.push(`got${n}`);
            for (let i = 0; i < hold; i++) await loop.sleep(0);
          });
          lst.push(`rel${n}`);
        };
        await gather(loop, [user('a', 0, 2), user('b', 0, 0), user('c', 1, 0), user('d', 2, 0)]);
      });
      return () => lst;
    },
  },
  {
    name: 'Lock: the woken waiter is cancelled, the lock passes to the next',
    runs: 20,
    python: `
async def main():
    lock = asyncio.Lock()
    lst = []
    await lock.acquire()
    async def waiter(n):
        try:
            async with lock:
                lst.append('got' + n)
        except asyncio.CancelledError:
            lst.append('cancelled' + n)
    b = asyncio.create_task(waiter('b'))
    c = asyncio.create_task(waiter('c'))
    await asyncio.sleep(0)
    lock.release()
    b.cancel()
    await asyncio.gather(b, c)
    return [lst, lock.locked()]
`,
    model({ loop }) {
      const lst: string[] = [];
      let locked = true;
      loop.createTask('main', async () => {
        const lock = new AsyncioLock(loop, 'lock');
        await lock.acquire();
        const waiter = (n: string) => async () => {
          try {
            await lock.withLock(() => void lst.push(`got${n}`));
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            lst.push(`cancelled${n}`);
          }
        };
        const b = loop.createTask('b', waiter('b'));
        const c = loop.createTask('c', waiter('c'));
        await loop.sleep(0);
        lock.release();
        b.cancel();
        await b;
        await c;
        locked = lock.locked;
      });
      return () => [lst, locked];
    },
  },
  {
    name: 'Condition: notify() wakes the oldest waiter, which re-queues for the lock',
    runs: 20,
    python: `
async def main():
    cond = asyncio.Condition()
    lst = []
    async def waiter(n):
        async with cond:
            lst.append('wait%d' % n)
            await cond.wait()
            lst.append('woke%d' % n)
    ts = [asyncio.create_task(waiter(n)) for n in (1, 2, 3)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify()
        lst.append('notify1')
    await asyncio.sleep(0)
    async with cond:
        cond.notify(2)
        lst.append('notify2')
    await asyncio.gather(*ts)
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const cond = new AsyncioCondition(loop, 'cond');
        const ts = [1, 2, 3].map((n) =>
          loop.createTask(`waiter${n}`, () =>
            cond.withLock(async () => {
              lst.push(`wait${n}`);
              await cond.wait();
              lst.push(`woke${n}`);
            }),
          ),
        );
        await loop.sleep(0);
        await cond.withLock(() => {
          cond.notify();
          lst.push('notify1');
        });
        await loop.sleep(0);
        await cond.withLock(() => {
          cond.notify(2);
          lst.push('notify2');
        });
        for (const t of ts) await t;
      });
      return () => lst;
    },
  },
  {
    name: 'Condition: a notified waiter is cancelled before it resumes (3.11 loses the notify)',
    version: '3.11',
    runs: 20,
    python: `
async def main():
    cond = asyncio.Condition()
    lst = []
    async def waiter(n):
        try:
            async with cond:
                await cond.wait()
                lst.append('woke' + n)
        except asyncio.CancelledError:
            lst.append('cancelled' + n)
    a = asyncio.create_task(waiter('a'))
    b = asyncio.create_task(waiter('b'))
    await asyncio.sleep(0)
    async with cond:
        cond.notify()
    a.cancel()
    for _ in range(5):
        await asyncio.sleep(0)
    lst.append('b-still-waiting' if not b.done() else 'b-done')
    async with cond:
        cond.notify_all()
    await asyncio.gather(a, b)
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const cond = new AsyncioCondition(loop, 'cond');
        const waiter = (n: string) => async () => {
          try {
            await cond.withLock(async () => {
              await cond.wait();
              lst.push(`woke${n}`);
            });
          } catch (e) {
            if (!(e instanceof CancelledError)) throw e;
            lst.push(`cancelled${n}`);
          }
        };
        const a = loop.createTask('a', waiter('a'));
        const b = loop.createTask('b', waiter('b'));
        await loop.sleep(0);
        await cond.withLock(() => cond.notify());
        a.cancel();
        for (let i = 0; i < 5; i++) await loop.sleep(0);
        lst.push(b.done ? 'b-done' : 'b-still-waiting');
        await cond.withLock(() => cond.notifyAll());
        await a;
        await b;
      });
      return () => lst;
    },
  },
];
