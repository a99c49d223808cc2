/**
 * Differential programs where CPython versions differ, each pinned to the version it is about (the
 * loop's `python` option); the harness runs a pinned program under that interpreter when the machine
 * has it (see cpython.fixture.ts) and skips it otherwise. Their 3.11 twins run everywhere.
 */
import { cancellationPrograms } from './cancellation.fixture.js';
import type { AsyncioProgram } from './harness.fixture.js';
import { syncPrograms } from './sync.fixture.js';

const twin = (
  programs: AsyncioProgram[],
  prefix: string,
  version: AsyncioProgram['version'],
  name: string,
): AsyncioProgram => {
  const p = programs.find((q) => q.name.startsWith(prefix));
  if (p === undefined) throw new Error(`no program named ${prefix}…`);
  return { ...p, name, version };
};

export const versionPrograms: AsyncioProgram[] = [
  twin(
    cancellationPrograms,
    'gather of a child already done',
    '3.12',
    'gather of a child already done: counted at once (3.12)',
  ),
  twin(
    cancellationPrograms,
    'wait_for completes before its timeout',
    '3.12',
    'wait_for completes before its timeout (3.12: inline, under timeout())',
  ),
  twin(
    cancellationPrograms,
    'wait_for: the waiting task is cancelled',
    '3.12',
    'wait_for: the waiting task is cancelled (3.12)',
  ),
  twin(cancellationPrograms, 'wait_for times out', '3.12', 'wait_for times out (3.12)'),
  twin(
    syncPrograms,
    'Condition: a notified waiter is cancelled',
    '3.13',
    'Condition: a notified waiter is cancelled before it resumes (3.13 hands the notify on)',
  ),
  twin(
    syncPrograms,
    'Semaphore: a woken waiter is cancelled',
    '3.13',
    'Semaphore: a woken waiter is cancelled (3.13)',
  ),
  {
    name: 'uncancel() withdraws a pending self-cancel (3.13) or not (3.11)',
    version: '3.13',
    runs: 20,
    python: `
async def main():
    async def body():
        me = asyncio.current_task()
        me.cancel()
        n = me.uncancel()
        try:
            await asyncio.sleep(0)
            return [n, 'not cancelled']
        except asyncio.CancelledError:
            return [n, 'cancelled']
    return await asyncio.create_task(body())
`,
    model({ loop }) {
      let out: unknown;
      loop.createTask('main', async () => {
        out = await loop.createTask('body', async () => {
          const me = loop.currentTask!;
          me.cancel();
          const n = me.uncancel();
          try {
            await loop.sleep(0);
            return [n, 'not cancelled'];
          } catch {
            return [n, 'cancelled'];
          }
        });
      });
      return () => out;
    },
  },
];

export const uncancel311 = {
  ...versionPrograms.at(-1)!,
  name: 'uncancel() leaves a pending self-cancel in place (3.11)',
  version: '3.11' as const,
};
