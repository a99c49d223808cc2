import { describe, expect, it } from 'vitest';
import { outcomeSet } from '../../explore/outcomeSet.fixture.js';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { TaskStore } from './TaskStore.js';
import type { TaskStoreOptions } from './TaskStorePort.js';

/** Runs `body` as the only actor against a fresh store and returns what it returned. */
async function solo<T>(body: (store: TaskStore, sim: Sim) => Promise<T>, options: TaskStoreOptions = {}): Promise<T> {
  let out: T | undefined;
  let err: unknown;
  const r = await runOnce(
    defineScenario({
      name: 'taskstore-solo',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks', options);
        sim.spawn('A', async () => {
          try {
            out = await body(store, sim);
          } catch (e) {
            err = e;
          }
        });
      },
    }),
  );
  if (!r.ok) throw new Error(r.failure!.message);
  if (err !== undefined) throw err;
  return out as T;
}

describe('TaskStore model', () => {
  it('creates pending rows and refuses a duplicate id', async () => {
    const row = await solo((s) => s.create({ id: 't1', op: 'ingest' }));
    expect(row).toEqual({ id: 't1', op: 'ingest', status: 'pending', result: null, error: null });
    await expect(solo(async (s) => (await s.create({ id: 't1', op: 'a' }), s.create({ id: 't1', op: 'b' })))).rejects.toThrow('task "t1" already exists');
  });

  it('never changes a terminal row', async () => {
    const out = await solo(async (s) => {
      await s.create({ id: 't', op: 'x' });
      const a = await s.updateStatus('t', 'running');
      const b = await s.updateStatus('t', 'succeeded', { result: { n: 1 } });
      const c = await s.updateStatus('t', 'cancelled', { error: 'late' });
      const d = await s.updateStatus('missing', 'running');
      return { a, b, c, d, row: await s.get('t') };
    });
    expect(out).toEqual({ a: true, b: true, c: false, d: false, row: { id: 't', op: 'x', status: 'succeeded', result: { n: 1 }, error: null } });
  });

  it('stamps seq = max+1 and, with the terminal guard, drops non-final events after terminal', async () => {
    const run = (dropAfterTerminal: boolean) =>
      solo(async (s) => {
        await s.create({ id: 't', op: 'x' });
        const seqs = [await s.appendEvent('t', { kind: 'task_started' })];
        await s.updateStatus('t', 'cancelled');
        seqs.push(await s.appendEvent('t', { kind: 'final', data: { status: 'cancelled' } }));
        seqs.push(await s.appendEvent('t', { kind: 'progress', data: 1 }));
        return { seqs, tape: (await s.listEvents('t')).map((e) => `${e.seq}:${e.kind}`) };
      }, { dropAfterTerminal });
    expect(await run(true)).toEqual({ seqs: [1, 2, 2], tape: ['1:task_started', '2:final'] });
    expect(await run(false)).toEqual({ seqs: [1, 2, 3], tape: ['1:task_started', '2:final', '3:progress'] });
  });

  it('appendEvent on an unknown task throws; listEvents of one is empty', async () => {
    await expect(solo((s) => s.appendEvent('nope', { kind: 'progress' }))).rejects.toThrow('no task "nope"');
    expect(await solo((s) => s.listEvents('nope'))).toEqual([]);
  });

  it('a transaction sees its own writes; others see committed state only; a throw rolls back', async () => {
    const seen: string[] = [];
    const scenario = defineScenario({
      name: 'taskstore-tx',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks');
        sim.spawn('writer', async () => {
          await store.create({ id: 't', op: 'x' });
          await store
            .transaction(async (tx) => {
              await tx.updateStatus('t', 'running');
              seen.push(`in tx: ${(await tx.get('t'))!.status}`);
              await tx.appendEvent('t', { kind: 'task_started' });
              throw new Error('boom');
            })
            .catch(() => seen.push('rolled back'));
          await store.transaction(async (tx) => {
            await tx.updateStatus('t', 'running');
          });
        });
        sim.spawn('reader', async () => {
          for (let i = 0; i < 6; i++) seen.push(`reader: ${(await store.get('t'))?.status ?? 'none'} ${(await store.listEvents('t')).length}`);
        });
        return store;
      },
      check(store) {
        if (store.row('t')?.status !== 'running' || store.tape('t').length !== 0) throw new Error('commit/rollback wrong');
      },
    });
    const r = await explore(scenario, { strategy: 'random', runs: 300, seed: 7 });
    expect(r.ok).toBe(true);
    // The reader never sees the rolled-back event or the uncommitted status.
    expect(seen.filter((s) => s.startsWith('reader') && s.endsWith(' 1'))).toEqual([]);
    expect(seen).toContain('in tx: running');
  });

  it('transactions are critical sections: concurrent read-modify-write appends never collide', async () => {
    const scenario = defineScenario({
      name: 'taskstore-tx-serial',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks');
        sim.spawn('init', async () => {
          await store.create({ id: 't', op: 'x' });
          for (const name of ['A', 'B']) {
            sim.spawn(name, () =>
              store.transaction(async (tx) => {
                const n = (await tx.listEvents('t')).length;
                await tx.appendEvent('t', { kind: 'progress', data: n });
              }),
            );
          }
        });
        return store;
      },
      check(store) {
        const data = store.tape('t').map((e) => e.data);
        if (JSON.stringify(data) !== '[0,1]') throw new Error(`lost update under the write lock: ${JSON.stringify(data)}`);
      },
    });
    const r = await explore(scenario, { strategy: 'dfs', runs: 2000, seed: 1 });
    expect(r.ok).toBe(true);
    expect(r.exhausted).toBeDefined();
  });

  it('dfs sees a reader before and after a commit (the commit step writes what the transaction wrote)', async () => {
    const seen = new Set<string>();
    const scenario = defineScenario({
      name: 'taskstore-commit-vs-reader',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks');
        sim.spawn('init', async () => {
          await store.create({ id: 't', op: 'x' });
          sim.spawn('writer', () =>
            store.transaction(async (tx) => {
              await tx.updateStatus('t', 'running');
              // Hands the next choice to the reader, so dfs explores "reader first" at this node.
              await sim.yield();
            }),
          );
          sim.spawn('reader', async () => {
            seen.add((await store.get('t'))!.status);
          });
        });
      },
    });
    const r = await explore(scenario, { strategy: 'dfs', runs: 1000, seed: 1 });
    expect(r.exhausted).toBeDefined();
    expect([...seen].sort()).toEqual(['pending', 'running']);
  });

  it("serves one client's statements in flight at once in the order it sent them, inside a transaction or not", async () => {
    // A sends updateStatus and get at once; B marks the task failed. One connection serves A's
    // update before A's get, so A reads its own write or B's later one, never the row before both.
    const outcomes = (inTransaction: boolean, order: 'sent' | 'any' = 'sent') =>
      outcomeSet(
        {
          name: `taskstore-inflight-${inTransaction ? 'tx' : 'plain'}`,
          setup(sim) {
            const store = new TaskStore(sim, 'tasks', { order });
            const w = { status: '' };
            sim.spawn('init', async () => {
              await store.create({ id: 't', op: 'x' });
              sim.spawn('A', async () => {
                const both = (s: Pick<TaskStore, 'updateStatus' | 'get'>) => Promise.all([s.updateStatus('t', 'running'), s.get('t')]);
                const [, row] = inTransaction ? await store.transaction(both) : await both(store);
                w.status = row!.status;
              });
              sim.spawn('B', () => store.updateStatus('t', 'failed'));
            });
            return w;
          },
          outcome: (w) => w.status,
        },
        { reduction: false },
      );
    // Before, A's get could go first and read 'pending'. 'failed': B came first, and a terminal row
    // never changes.
    expect(await outcomes(false)).toEqual(['failed', 'running']);
    expect(await outcomes(true)).toEqual(['failed', 'running']);
    // A pool (order: 'any') may run A's get on another connection first.
    expect(await outcomes(false, 'any')).toEqual(['failed', 'pending', 'running']);
  });

  it('a store write outside its own open transaction deadlocks, and the report names the write lock', async () => {
    const scenario = defineScenario({
      name: 'taskstore-self-deadlock',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks');
        sim.spawn('A', () =>
          store.transaction(async () => {
            await store.create({ id: 't', op: 'x' });
          }),
        );
      },
    });
    const r = await runOnce(scenario);
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toContain('TaskStore "tasks" write lock (BEGIN IMMEDIATE / pg_advisory_xact_lock) held by A itself');
  });

  it('a killed transaction holder rolls back and frees the lock', async () => {
    const scenario = defineScenario({
      name: 'taskstore-kill',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks');
        const victim = sim.spawn('victim', () =>
          store.transaction(async (tx) => {
            await tx.create({ id: 'lost', op: 'x' });
            await sim.point('hang inside the transaction', { enabled: () => false });
          }),
        );
        sim.spawn('killer', async () => {
          await sim.yield();
          victim.kill();
          await store.create({ id: 'kept', op: 'y' });
        });
        return store;
      },
      check(store) {
        if (store.row('kept') === undefined) throw new Error('writer after the kill never got the lock');
        if (store.row('lost') !== undefined) throw new Error('a killed transaction committed');
      },
    });
    const r = await explore(scenario, { strategy: 'dfs', runs: 500, seed: 1 });
    expect(r.failure?.message).toBeUndefined();
    expect(r.ok).toBe(true);
  });

  it('replays a failing token to the same trace', async () => {
    const scenario = defineScenario({
      name: 'taskstore-race',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks', { dropAfterTerminal: false });
        sim.spawn('setup', async () => {
          await store.create({ id: 't', op: 'x' });
          sim.spawn('worker', () => store.appendEvent('t', { kind: 'progress' }));
          sim.spawn('canceller', async () => {
            await store.updateStatus('t', 'cancelled');
            await store.appendEvent('t', { kind: 'final' });
          });
        });
        return store;
      },
      check(store) {
        const tape = store.tape('t');
        if (tape.at(-1)?.kind !== 'final') throw new Error(`tape ends with ${tape.at(-1)?.kind}`);
      },
    });
    const r = await explore(scenario, { strategy: 'random', runs: 200, seed: 3 });
    expect(r.ok).toBe(false);
    const again = await replay(scenario, r.failure!.token);
    expect(again.trace.fingerprint).toBe(r.failure!.trace.fingerprint);
  });
});
