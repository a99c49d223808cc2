/**
 * Differential programs: `shield` and `wait_for` — timeouts, completion, the waiting task cancelled.
 */
import type { AsyncioProgram } from './harness.fixture.js';
import { CancelledError } from '../../../sim/errors.js';
import { AsyncioTimeoutError } from '../asyncioErrors.js';
import { shield } from '../shield.js';
import { wait } from '../wait.js';
import { waitFor } from '../waitFor.js';

const LONG = 10_000;

const kind = (e: unknown) =>
  e instanceof CancelledError
    ? 'CancelledError'
    : e instanceof AsyncioTimeoutError
      ? 'TimeoutError'
      : e instanceof Error
        ? e.message
        : String(e);

export const waitForPrograms: AsyncioProgram[] = [
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
          await waitFor(
            loop,
            async () => {
              try {
                await loop.sleep(LONG);
              } catch (e) {
                lst.push('slow-cancelled');
                throw e;
              }
            },
            10,
          );
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
        const r = await waitFor(
          loop,
          async () => {
            await loop.sleep(0);
            lst.push('quick-done');
            return 'q';
          },
          LONG,
        );
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
            await waitFor(
              loop,
              async () => {
                try {
                  await loop.sleep(LONG);
                } catch (e) {
                  lst.push('slow-cancelled');
                  throw e;
                }
              },
              LONG / 2,
            );
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
];
