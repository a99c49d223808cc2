/**
 * Differential programs: the asyncio flavours of Event, Lock, Condition, Semaphore, Barrier and
 * Queue — wake-up order, barging, cancelled waiters — plus timers and a thread feeding the loop.
 */
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioQueue } from '../../queues/AsyncioQueue.js';
import { AsyncioBarrier } from '../../sync/AsyncioBarrier.js';
import { AsyncioCondition } from '../../sync/AsyncioCondition.js';
import { AsyncioEvent } from '../../sync/AsyncioEvent.js';
import { AsyncioLock } from '../../sync/AsyncioLock.js';
import { AsyncioSemaphore } from '../../sync/AsyncioSemaphore.js';
import { BrokenBarrierError } from '../../sync/Barrier.js';
import { gather } from '../gather.js';
import { toThread } from '../toThread.js';
import { wait } from '../wait.js';
import { waitFor } from '../waitFor.js';
import type { AsyncioProgram } from './harness.fixture.js';

export const syncPrograms: AsyncioProgram[] = [
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
        const ts = ([[1, 2], [2, 0], [3, 1]] as const).map(([n, d]) =>
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
        interleaving: 'the worker thread queues ev.set only while the busy task runs its second step',
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
        await gather(loop, ([[1, 2], [2, 1], [3, 0], [4, 1], [5, 0]] as const).map(([n, h]) => user(n, h)));
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
        const ts = ([['a', 1], ['b', 0], ['c', 2], ['d', 0], ['e', 3]] as const).map(([n, d]) =>
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
        await gather(loop, [sleeper('slow', 30), sleeper('fast', 10), sleeper('mid', 20), sleeper('now', 0)]);
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
        const ts = ([['x', 3], ['y', 1], ['z', 2]] as const).map(([n, turns]) =>
          loop.createTask(`job-${n}`, async () => {
            for (let i = 0; i < turns; i++) await loop.sleep(0);
            lst.push(n);
            return n;
          }),
        );
        const { done, pending } = await wait(loop, ts, { returnWhen: 'FIRST_COMPLETED' });
        lst.push(`waited:${done.map((t) => t.result() as string).sort().join(',')}/${pending.length}`);
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
];
