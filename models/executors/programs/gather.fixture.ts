/**
 * Differential programs: `asyncio.gather` — order of results and steps, cancelling the outer
 * future, a failing child, `return_exceptions`, children already done.
 */
import type { AsyncioProgram } from './harness.fixture.js';
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioTimeoutError } from '../asyncioErrors.js';
import { gather } from '../gather.js';

const LONG = 10_000;

const kind = (e: unknown) =>
  e instanceof CancelledError
    ? 'CancelledError'
    : e instanceof AsyncioTimeoutError
      ? 'TimeoutError'
      : e instanceof Error
        ? e.message
        : String(e);

export const gatherPrograms: AsyncioProgram[] = [
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
];
