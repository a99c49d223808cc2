/**
 * Differential programs: task cancellation on the loop alone — awaiting a task, `_must_cancel`,
 * cancel messages, `cancelling()`/`uncancel()`, done-callback order. No threads: CPython runs each
 * the same way every time, and so must the model.
 */
import type { AsyncioProgram } from './harness.fixture.js';
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioTimeoutError } from '../asyncioErrors.js';
import { wait } from '../wait.js';

const LONG = 10_000;

const kind = (e: unknown) =>
  e instanceof CancelledError
    ? 'CancelledError'
    : e instanceof AsyncioTimeoutError
      ? 'TimeoutError'
      : e instanceof Error
        ? e.message
        : String(e);

export const taskPrograms: AsyncioProgram[] = [
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
