/**
 * Differential programs: cancellation on the loop alone — awaiting a task, `_must_cancel`, cancel
 * messages, `cancelling()`/`uncancel()`, `gather`, `shield`, `wait_for`. No threads: CPython runs
 * each the same way every time, and so must the model (one outcome each).
 */
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioTimeoutError } from '../asyncioErrors.js';
import { gather } from '../gather.js';
import { shield } from '../shield.js';
import { wait } from '../wait.js';
import { waitFor } from '../waitFor.js';
import type { AsyncioProgram } from './harness.fixture.js';

const LONG = 10_000;

const kind = (e: unknown) => (e instanceof CancelledError ? 'CancelledError' : e instanceof AsyncioTimeoutError ? 'TimeoutError' : e instanceof Error ? e.message : String(e));

export const cancellationPrograms: AsyncioProgram[] = [
  {
    name: 'cancel a task that awaits a task: the inner task is cancelled',
    runs: 20,
    python: `
async def main():
    lst = []
    async def inner():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            lst.append('inner-cancelled')
            raise
    async def outer():
        t = asyncio.create_task(inner())
        try:
            await t
        except asyncio.CancelledError:
            lst.append('outer-cancelled:' + str(t.cancelled()))
            raise
    o = asyncio.create_task(outer())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        lst.append('main-saw-cancel')
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const o = loop.createTask('outer', async () => {
          const t = loop.createTask('inner', async () => {
            try {
              await loop.sleep(LONG);
            } catch (e) {
              lst.push('inner-cancelled');
              throw e;
            }
          });
          try {
            await t;
          } catch (e) {
            lst.push(`outer-cancelled:${t.cancelled ? 'True' : 'False'}`);
            throw e;
          }
        });
        await loop.sleep(0);
        await loop.sleep(0);
        o.cancel();
        try {
          await o;
        } catch (e) {
          if (e instanceof CancelledError) lst.push('main-saw-cancel');
        }
      });
      return () => lst;
    },
  },
  {
    name: 'the inner task swallows the cancel: the awaiting task gets its value',
    runs: 20,
    python: `
async def main():
    async def inner():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            return 'inner-value'
    async def outer():
        t = asyncio.create_task(inner())
        v = await t
        return [v, asyncio.current_task().cancelling()]
    o = asyncio.create_task(outer())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    o.cancel()
    r = await o
    return [r, o.cancelled()]
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const o = loop.createTask('outer', async () => {
          const t = loop.createTask('inner', async () => {
            try {
              await loop.sleep(LONG);
              return 'slept';
            } catch {
              return 'inner-value';
            }
          });
          const v = await t;
          return [v, loop.currentTask!.cancelling()];
        });
        await loop.sleep(0);
        await loop.sleep(0);
        o.cancel();
        out = [await o, o.cancelled];
      });
      return () => out;
    },
  },
  {
    name: 'cancel before the first step: the body never runs',
    runs: 20,
    python: `
async def main():
    ran = []
    async def body():
        ran.append('body')
    t = asyncio.create_task(body())
    c = t.cancel()
    try:
        await t
        r = 'value'
    except asyncio.CancelledError:
        r = 'cancelled'
    return [c, r, ran, t.cancelled()]
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const ran: string[] = [];
        const t = loop.createTask('body', () => void ran.push('body'));
        const c = t.cancel();
        let r = '';
        try {
          await t;
          r = 'value';
        } catch (e) {
          r = kind(e) === 'CancelledError' ? 'cancelled' : 'other';
        }
        out = [c, r, ran, t.cancelled];
      });
      return () => out;
    },
  },
  {
    name: 'the awaited future completes, then the task is cancelled before it resumes',
    runs: 20,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    async def waiter():
        try:
            return ['value', await fut]
        except asyncio.CancelledError:
            return ['cancelled']
    w = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    fut.set_result(1)
    c = w.cancel()
    return [c, await w]
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const fut = loop.createFuture<number>('fut');
        const w = loop.createTask('waiter', async () => {
          try {
            return ['value', await fut];
          } catch (e) {
            if (e instanceof CancelledError) return ['cancelled'];
            throw e;
          }
        });
        await loop.sleep(0);
        fut.setResult(1);
        const c = w.cancel();
        out = [c, await w];
      });
      return () => out;
    },
  },
  {
    name: 'the cancel message reaches the awaiter',
    runs: 20,
    python: `
async def main():
    async def body():
        await asyncio.sleep(10)
    t = asyncio.create_task(body())
    await asyncio.sleep(0)
    t.cancel('why')
    try:
        await t
    except asyncio.CancelledError as e:
        return ['cancelled', e.args[0] if e.args else None]
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const t = loop.createTask('body', () => loop.sleep(LONG));
        await loop.sleep(0);
        t.cancel('why');
        try {
          await t;
        } catch (e) {
          out = ['cancelled', (e as CancelledError).reason ?? null];
        }
      });
      return () => out;
    },
  },
  {
    name: 'a task cancels itself: CancelledError at its next await',
    runs: 20,
    python: `
async def main():
    lst = []
    async def body():
        asyncio.current_task().cancel()
        lst.append('after-cancel-call')
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            lst.append('cancelled-at-next-await')
            raise
    t = asyncio.create_task(body())
    await asyncio.wait([t])
    return [lst, t.cancelled()]
`,
    model({ loop }) {
      const lst: string[] = [];
      let cancelled = false;
      loop.createTask('main', async () => {
        const t = loop.createTask('body', async () => {
          loop.currentTask!.cancel();
          lst.push('after-cancel-call');
          try {
            await loop.sleep(0);
          } catch (e) {
            lst.push('cancelled-at-next-await');
            throw e;
          }
        });
        await wait(loop, [t]);
        cancelled = t.cancelled;
      });
      return () => [lst, cancelled];
    },
  },
  {
    name: 'two cancels, cancelling() and uncancel()',
    runs: 20,
    python: `
async def main():
    async def body():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            me = asyncio.current_task()
            return [me.cancelling(), me.uncancel()]
    t = asyncio.create_task(body())
    await asyncio.sleep(0)
    a = t.cancel()
    b = t.cancel()
    return [a, b, await t]
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const t = loop.createTask('body', async () => {
          try {
            await loop.sleep(LONG);
            return 'slept';
          } catch {
            const me = loop.currentTask!;
            return [me.cancelling(), me.uncancel()];
          }
        });
        await loop.sleep(0);
        const a = t.cancel();
        const b = t.cancel();
        out = [a, b, await t];
      });
      return () => out;
    },
  },
  {
    name: 'gather: results in argument order, steps interleaved',
    runs: 20,
    python: `
async def main():
    lst = []
    async def child(name, turns):
        for i in range(turns):
            lst.append(name + str(i))
            await asyncio.sleep(0)
        return name
    r = await asyncio.gather(child('a', 3), child('b', 1), child('c', 2))
    return [r, lst]
`,
    model({ loop }) {
      const lst: string[] = [];
      let r: unknown;
      const child = (name: string, turns: number) => async () => {
        for (let i = 0; i < turns; i++) {
          lst.push(`${name}${i}`);
          await loop.sleep(0);
        }
        return name;
      };
      loop.createTask('main', async () => {
        r = await gather(loop, [child('a', 3), child('b', 1), child('c', 2)]);
      });
      return () => [r, lst];
    },
  },
  {
    name: 'gather: cancelling the outer future cancels the children',
    runs: 20,
    python: `
async def main():
    lst = []
    async def child(n):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            lst.append('c%d-cancelled' % n)
            raise
    g = asyncio.gather(child(1), child(2))
    await asyncio.sleep(0)
    c = g.cancel()
    try:
        await g
        r = 'value'
    except asyncio.CancelledError:
        r = 'cancelled'
    return [c, r, lst]
`,
    model({ loop }) {
      const lst: string[] = [];
      let out: unknown;
      const child = (n: number) => async () => {
        try {
          await loop.sleep(LONG);
        } catch (e) {
          lst.push(`c${n}-cancelled`);
          throw e;
        }
      };
      loop.createTask('main', async () => {
        const g = gather(loop, [child(1), child(2)]);
        await loop.sleep(0);
        const c = g.cancel();
        let r = '';
        try {
          await g;
          r = 'value';
        } catch (e) {
          r = kind(e) === 'CancelledError' ? 'cancelled' : 'other';
        }
        out = [c, r, lst];
      });
      return () => out;
    },
  },
  {
    name: 'gather: a child raises, the other runs on',
    runs: 20,
    python: `
async def main():
    lst = []
    async def bad():
        await asyncio.sleep(0)
        raise ValueError('bad')
    async def good():
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        lst.append('good-done')
        return 'g'
    gt = asyncio.create_task(good())
    try:
        await asyncio.gather(bad(), gt)
        r = 'value'
    except ValueError as e:
        r = 'error:' + str(e)
    lst.append('caught')
    await gt
    return [r, lst, gt.result()]
`,
    model({ loop }) {
      const lst: string[] = [];
      let out: unknown;
      loop.createTask('main', async () => {
        const gt = loop.createTask('good', async () => {
          await loop.sleep(0);
          await loop.sleep(0);
          lst.push('good-done');
          return 'g';
        });
        let r = '';
        try {
          await gather(loop, [
            async () => {
              await loop.sleep(0);
              throw new Error('bad');
            },
            gt,
          ]);
          r = 'value';
        } catch (e) {
          r = `error:${kind(e)}`;
        }
        lst.push('caught');
        await gt;
        out = [r, lst, gt.result()];
      });
      return () => out;
    },
  },
  {
    name: 'gather(return_exceptions=True) with a cancelled child',
    runs: 20,
    python: `
async def main():
    async def two():
        await asyncio.sleep(0)
        return 2
    t1 = asyncio.create_task(asyncio.sleep(10))
    t2 = asyncio.create_task(two())
    g = asyncio.gather(t1, t2, return_exceptions=True)
    await asyncio.sleep(0)
    t1.cancel()
    res = await g
    return [type(x).__name__ if isinstance(x, BaseException) else x for x in res]
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const t1 = loop.createTask('sleep', () => loop.sleep(LONG));
        const t2 = loop.createTask('two', async () => {
          await loop.sleep(0);
          return 2;
        });
        const g = gather(loop, [t1, t2], { returnExceptions: true });
        await loop.sleep(0);
        t1.cancel();
        const res = (await g) as unknown[];
        out = res.map((x) => (x instanceof Error ? x.name : x));
      });
      return () => out;
    },
  },
  {
    name: 'gather of a child already done: counted through a callback (3.11)',
    version: '3.11',
    runs: 20,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result(1)
    g = asyncio.gather(f)
    d0 = g.done()
    await asyncio.sleep(0)
    return [d0, g.done(), await g]
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        const f = loop.createFuture<number>('f');
        f.setResult(1);
        const g = gather(loop, [f]);
        const d0 = g.done;
        await loop.sleep(0);
        out = [d0, g.done, await g];
      });
      return () => out;
    },
  },
  {
    name: 'shield: the outer task is cancelled, the shielded task completes',
    runs: 20,
    python: `
async def main():
    lst = []
    async def work():
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        lst.append('work-done')
        return 'w'
    inner = asyncio.create_task(work())
    async def outer():
        try:
            return await asyncio.shield(inner)
        except asyncio.CancelledError:
            lst.append('outer-cancelled')
            raise
    o = asyncio.create_task(outer())
    await asyncio.sleep(0)
    o.cancel()
    await asyncio.wait([o])
    r = await inner
    return [lst, r, o.cancelled(), inner.cancelled()]
`,
    model({ loop }) {
      const lst: string[] = [];
      let out: unknown;
      loop.createTask('main', async () => {
        const inner = loop.createTask('work', async () => {
          await loop.sleep(0);
          await loop.sleep(0);
          lst.push('work-done');
          return 'w';
        });
        const o = loop.createTask('outer', async () => {
          try {
            return await shield(loop, inner);
          } catch (e) {
            lst.push('outer-cancelled');
            throw e;
          }
        });
        await loop.sleep(0);
        o.cancel();
        await wait(loop, [o]);
        const r = await inner;
        out = [lst, r, o.cancelled, inner.cancelled];
      });
      return () => out;
    },
  },
  {
    name: 'wait_for times out: the inner task is cancelled and awaited first',
    runs: 10,
    python: `
async def main():
    lst = []
    async def slow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            lst.append('slow-cancelled')
            raise
    try:
        await asyncio.wait_for(slow(), 0.01)
        r = 'value'
    except TimeoutError:
        r = 'timeout'
    lst.append(r)
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        let r = '';
        try {
          await waitFor(loop, async () => {
            try {
              await loop.sleep(LONG);
            } catch (e) {
              lst.push('slow-cancelled');
              throw e;
            }
          }, 10);
          r = 'value';
        } catch (e) {
          r = kind(e) === 'TimeoutError' ? 'timeout' : kind(e);
        }
        lst.push(r);
      });
      return () => lst;
    },
  },
  {
    name: 'wait_for completes before its timeout',
    runs: 20,
    python: `
async def main():
    lst = []
    async def quick():
        await asyncio.sleep(0)
        lst.append('quick-done')
        return 'q'
    async def other():
        for i in range(4):
            lst.append('o%d' % i)
            await asyncio.sleep(0)
    t = asyncio.create_task(other())
    r = await asyncio.wait_for(quick(), 10)
    lst.append('got:' + r)
    await t
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const t = loop.createTask('other', async () => {
          for (let i = 0; i < 4; i++) {
            lst.push(`o${i}`);
            await loop.sleep(0);
          }
        });
        const r = await waitFor(loop, async () => {
          await loop.sleep(0);
          lst.push('quick-done');
          return 'q';
        }, LONG);
        lst.push(`got:${r}`);
        await t;
      });
      return () => lst;
    },
  },
  {
    name: 'wait_for: the waiting task is cancelled, the inner task too',
    runs: 20,
    python: `
async def main():
    lst = []
    async def slow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            lst.append('slow-cancelled')
            raise
    async def caller():
        try:
            await asyncio.wait_for(slow(), 5)
        except asyncio.CancelledError:
            lst.append('caller-cancelled')
            raise
    c = asyncio.create_task(caller())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    c.cancel()
    await asyncio.wait([c])
    return [lst, c.cancelled()]
`,
    model({ loop }) {
      const lst: string[] = [];
      let out: unknown;
      loop.createTask('main', async () => {
        const c = loop.createTask('caller', async () => {
          try {
            await waitFor(loop, async () => {
              try {
                await loop.sleep(LONG);
              } catch (e) {
                lst.push('slow-cancelled');
                throw e;
              }
            }, LONG / 2);
          } catch (e) {
            lst.push('caller-cancelled');
            throw e;
          }
        });
        await loop.sleep(0);
        await loop.sleep(0);
        c.cancel();
        await wait(loop, [c]);
        out = [lst, c.cancelled];
      });
      return () => out;
    },
  },
  {
    name: 'future callbacks run in the order they were added',
    runs: 20,
    python: `
async def main():
    loop = asyncio.get_running_loop()
    lst = []
    f = loop.create_future()
    f.add_done_callback(lambda _: lst.append('cb1'))
    async def waiter():
        await f
        lst.append('waiter')
    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    f.add_done_callback(lambda _: lst.append('cb2'))
    f.set_result(None)
    f.add_done_callback(lambda _: lst.append('cb3'))
    lst.append('set')
    await t
    return lst
`,
    model({ loop }) {
      const lst: string[] = [];
      loop.createTask('main', async () => {
        const f = loop.createFuture<void>('f');
        f.addDoneCallback(() => void lst.push('cb1'));
        const t = loop.createTask('waiter', async () => {
          await f;
          lst.push('waiter');
        });
        await loop.sleep(0);
        f.addDoneCallback(() => void lst.push('cb2'));
        f.setResult();
        f.addDoneCallback(() => void lst.push('cb3'));
        lst.push('set');
        await t;
      });
      return () => lst;
    },
  },
];
