/**
 * A promise rejection nothing handles is a failure of the run that left it (Node would end the
 * process), reported with a token that replays it — never the end of the explorer's process. The
 * process's own listeners are back once no run is open.
 */
import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { explore } from '../explore/explore.js';
import { replay } from '../explore/replay.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';

/** `a` rejects a deferred whose waiter went away — only when `b` ran first and gave up on it. */
const orphan = defineScenario({
  name: 'orphan-reject',
  setup(sim) {
    const gaveUp = new Cell(sim, 'gave-up', false);
    sim.spawn('a', async () => {
      let reject!: (e: Error) => void;
      const deferred = new Promise<void>((_resolve, no) => (reject = no));
      if (!(await gaveUp.get())) deferred.catch(() => undefined);
      reject(new Error('nobody listens'));
    });
    sim.spawn('b', async () => {
      await gaveUp.set(true);
    });
  },
});

describe('unhandled rejections', () => {
  it('fail the run that left one, with a token that replays it', async () => {
    const before = process.listeners('unhandledRejection');
    expect((await runOnce(orphan)).ok).toBe(true);
    const r = await explore(orphan, { seed: 1, runs: 200, corpus: false });
    expect(r.failure?.kind).toBe('error');
    expect(r.failure?.message).toMatch(/^a promise rejected and nothing handled it: Error: nobody listens \(thrown at .*rejections\.test\.ts:\d+:\d+\)\. Node ends the process/);
    const again = await replay(orphan, r.failure!.token);
    expect(again.verdict).toBe('reproduced');
    expect(process.listeners('unhandledRejection')).toEqual(before);
  });

  it("leave a promise library's own report alone: Bluebird emits unhandledRejection itself, and Node goes on", async () => {
    // Bluebird calls process.emit('unhandledRejection', reason, itsPromise) and, with nobody
    // listening, prints a warning; the process exits 0. A report with a native promise is Node's.
    const libraryReport = defineScenario({
      name: 'library-rejection-report',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('a', async () => {
          await c.set(1);
          const thenable = { then: () => undefined };
          process.emit('unhandledRejection', new Error('from the library'), thenable as unknown as Promise<unknown>);
          await c.set(2);
        });
      },
    });
    const r = await runOnce(libraryReport);
    expect(r.failure?.message).toBeUndefined();
  });

  it('fail the run when the handler comes only after the next awaited reply, as Node reports it; not when it comes in the same step', async () => {
    // Two requests in flight; the second rejects while the first is awaited, and is handled only
    // after it: Node reports the rejection between the replies (and ends the process).
    const late = (handledAtOnce: boolean) =>
      defineScenario({
        name: `late-handler-${handledAtOnce}`,
        setup(sim) {
          const db = new Cell(sim, 'db', 0);
          const audit = new Cell(sim, 'audit', 0);
          sim.spawn('handler', async () => {
            const profile = db.get();
            const quota = (async () => {
              await audit.get();
              throw new Error('quota service: 503');
            })();
            if (handledAtOnce) quota.catch(() => 'default quota');
            await profile;
            await quota.catch(() => 'default quota');
          });
        },
      });
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const found = await explore(late(false), { strategy: 'dfs', corpus: false });
      expect(found.failure?.message).toMatch(/^a promise rejected and nothing handled it: Error: quota service: 503/);
      expect((await replay(late(false), found.failure!.token)).verdict).toBe('reproduced');
      expect((await explore(late(true), { strategy: 'dfs', corpus: false })).ok).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
    // The run failed on Node's report; its later "handled asynchronously" is not printed as well.
    expect(warnings.filter((w) => (w as Error).name === 'PromiseRejectionHandledWarning')).toEqual([]);
  });

  it('leave a model call made after the run ended (an unref’d real timer’s) to the caller, not to the process', async () => {
    let late: Promise<unknown> | undefined;
    const r = await runOnce(
      defineScenario({
        name: 'late-call',
        setup(sim) {
          const c = new Cell(sim, 'c', 0);
          sim.spawn('w', async () => {
            await c.set(1);
          });
          return c;
        },
        check(c) {
          setTimeout(() => (late = c.set(2)), 5).unref();
        },
      }),
    );
    const unhandled: unknown[] = [];
    const listen = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', listen);
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(late).toBeDefined();
      await expect(late).rejects.toThrow(/was called after the run ended/);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
    expect(r.ok === false ? r.failure?.kind : 'ok').toMatch(/ok|escape/);
  });
});
