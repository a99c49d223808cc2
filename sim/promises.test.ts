/**
 * Concurrency through ordinary promises: an actor blocked on a promise another actor settles, the
 * continuation attributed to the actor that awaited, several operations in flight in one actor, and
 * a step that is over only when everything it set off has run.
 */
import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { executeRun, isTracked } from './execute.js';
import { explore } from '../explore/explore.js';
import { listSource } from './listSource.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';

/**
 * A promise library's scheduler, as Bluebird's: one queue for every caller, drained by the real
 * setImmediate it captured at import, which it queues only when the queue was empty.
 */
const captured = setImmediate;
const queued: Array<() => void> = [];
const libraryTick = () =>
  new Promise<void>((resolve) => {
    queued.push(resolve);
    if (queued.length === 1) captured(() => queued.splice(0).forEach((f) => f()));
  });

const order = (r: { trace: { steps: Array<{ actor: string; op: string }> } }) => r.trace.steps.map((s) => `${s.actor}:${s.op}`);

describe('promises', () => {
  it('an actor waiting on a promise another actor settles is blocked, and resumes as itself', async () => {
    const s = defineScenario({
      name: 'gate',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        let open!: () => void;
        const gate = new Promise<void>((resolve) => (open = resolve));
        sim.spawn('waiter', async () => {
          await gate;
          sim.log('through', sim.current?.name);
          await c.set(1);
        });
        sim.spawn('opener', async () => {
          await c.get();
          open();
          await c.set(2);
        });
        return c;
      },
    });
    const r = await runOnce(s);
    expect(r.ok).toBe(true);
    expect(r.tracked).toBe(true);
    // The waiter's continuation ran in the opener's step (as on a real event loop) but as the waiter:
    // its next operation is the waiter's.
    expect(order(r)).toEqual(['waiter:start', 'opener:start', 'opener:c.get', 'opener:c.set', 'waiter:c.set']);
    expect(r.trace.events[0]).toMatchObject({ actor: 'waiter', kind: 'through', data: 'waiter', step: 2 });
    const all = await explore(s, { strategy: 'dfs', seed: 1 });
    expect(all.exhausted?.complete).toBe(true);
  });

  it("the first run of a process does not deadlock on a library's queue drain its fast attempt left pending", async () => {
    // The fast run stops at the library's promise and hands over to a tracked run. Its drain is still
    // queued, so the library queues none for the tracked run, whose step then ended on a promise
    // nothing in it would settle: a deadlock on the first run only (redlock over Bluebird, val9).
    const s = defineScenario({
      name: 'library-queue',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('a', async () => {
          process.nextTick(() => undefined);
          await libraryTick();
          await libraryTick();
          await c.set(1);
        });
        return c;
      },
      check: (c) => void expect(c.value).toBe(1),
    });
    for (let i = 0; i < 2; i++) expect((await runOnce(s)).failure?.message).toBeUndefined();
  });

  it('un-awaited calls and Promise.all are operations in flight, each its own option', async () => {
    const s = defineScenario({
      name: 'in-flight',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('a', async () => {
          void c.set(1);
          const [x, y] = await Promise.all([c.get(), c.get()]);
          sim.log('read', [x, y]);
        });
      },
    });
    const reads = new Set<string>();
    for (const choices of [[0, 0], [1, 0], [2, 0], [1, 1], [2, 1]]) {
      const r = await runOnce(s, { choices });
      reads.add(JSON.stringify(r.trace.events[0]!.data));
    }
    expect([...reads].sort()).toEqual(['[0,0]', '[0,1]', '[1,0]', '[1,1]']);
  });

  it('a step is over only when every job it set off has run (a chain of plain awaits it left behind)', async () => {
    const s = defineScenario({
      name: 'left-running',
      setup(sim) {
        const shared = { started: false, x: 0, seen: 1 };
        const c = new Cell(sim, 'c', 0);
        sim.spawn('a', async () => {
          shared.started = true;
          void (async () => {
            for (let i = 0; i < 5; i++) await null;
            shared.x = 1;
          })();
          await c.set(1);
        });
        sim.spawn('b', async () => {
          await c.get();
          if (shared.started) shared.seen = shared.x;
        });
        return shared;
      },
      // On a real event loop the chain (promise jobs only) is done before any I/O completes after it.
      check(shared) {
        if (shared.seen !== 1) throw new Error(`b saw x = ${shared.seen}`);
      },
    });
    // a's first step leaves the chain running; b starts and reads in the next two steps.
    const tracked = await executeRun(s, undefined, { source: listSource([0, 1, 0]), tracked: true });
    expect(tracked.ok).toBe(true);
    // Only the tracked loop sees the chain: every failure explore meets is checked there, so the
    // fast loop's view is never reported, and the scenario runs tracked from then on.
    const r = await explore(s, { strategy: 'dfs', seed: 1 });
    expect(r.failure?.message).toBeUndefined();
    expect(r.exhausted?.complete).toBe(true);
    expect(isTracked(s)).toBe(true);
  });
});
