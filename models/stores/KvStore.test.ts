import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outcomeSet } from '../../explore/outcomeSet.fixture.js';
import { UsageError } from '../../sim/errors.js';
import { explore } from '../../explore/explore.js';
import { replay } from '../../explore/replay.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { historyFromEvents } from '../../properties/history.js';
import { kvSpec } from '../../properties/kvSpec.js';
import { linearizable } from '../../properties/linearizable.js';
import { type KvOp, KvStore } from './KvStore.js';

function one<W>(setup: (sim: Sim) => W, name = 'kv') {
  return defineScenario({ name, setup });
}

describe('KvStore', () => {
  it('gets, sets and deletes, each one scheduling point', async () => {
    const seen: unknown[] = [];
    const r = await runOnce(
      one((sim) => {
        const kv = new KvStore(sim, 's');
        sim.spawn('A', async () => {
          seen.push(await kv.get('k'));
          await kv.set('k', { n: 1 });
          seen.push(await kv.get('k'));
          seen.push(await kv.delete('k'), await kv.delete('k'), await kv.get('k'));
        });
      }),
    );
    expect(r.ok).toBe(true);
    expect(seen).toEqual([undefined, { n: 1 }, true, false, undefined]);
    expect(r.trace.steps.map((s) => s.op)).toEqual(['start', 's.get', 's.set', 's.get', 's.delete', 's.delete', 's.get']);
  });

  it('update applies increment / set / merge atomically and returns { old, new }', async () => {
    const out: unknown[] = [];
    await runOnce(
      one((sim) => {
        const kv = new KvStore(sim, 's');
        sim.spawn('A', async () => {
          out.push(await kv.update('n', [{ type: 'increment', by: 1 }]));
          out.push(await kv.update('n', [{ type: 'increment', by: 2 }, { type: 'increment' }]));
          out.push(await kv.update('o', [{ type: 'merge', value: { a: 1 } }, { type: 'increment', path: 'c' }]));
          out.push(await kv.update('o', [{ type: 'set', path: 'a', value: 7 }]));
        });
      }),
    );
    expect(out).toEqual([
      { old: undefined, new: 1 },
      { old: 1, new: 4 },
      { old: undefined, new: { a: 1, c: 1 } },
      { old: { a: 1, c: 1 }, new: { a: 7, c: 1 } },
    ]);
  });

  it('update of two racing incrementers never loses one; get-then-set does (found and shrunk)', async () => {
    const racy = (atomic: boolean) =>
      defineScenario({
        name: atomic ? 'kv-atomic' : 'kv-racy',
        setup(sim) {
          const kv = new KvStore(sim, 's');
          for (const n of ['A', 'B'])
            sim.spawn(n, async () => {
              if (atomic) await kv.update('n', [{ type: 'increment' }]);
              else await kv.set('n', (((await kv.get('n')) as number | undefined) ?? 0) + 1);
            });
          return kv;
        },
        check(kv) {
          if (kv.peek('n') !== 2) throw new Error(`lost update: n = ${String(kv.peek('n'))}`);
        },
      });
    expect((await explore(racy(true), { strategy: 'dfs', seed: 1 })).ok).toBe(true);
    const bad = await explore(racy(false), { strategy: 'random', seed: 1, runs: 500 });
    expect(bad.failure?.kind).toBe('check');
    expect(bad.failure!.preemptions).toBe(1);
  });

  it('compare-and-set succeeds only on the current version; a delete never repeats a version', async () => {
    const out: unknown[] = [];
    await runOnce(
      one((sim) => {
        const kv = new KvStore(sim, 's');
        sim.spawn('A', async () => {
          out.push(await kv.compareAndSet('k', 0, 'a'));
          const v = await kv.getVersioned('k');
          out.push(v, await kv.compareAndSet('k', 0, 'b'));
          await kv.delete('k');
          out.push(await kv.compareAndSet('k', v.version, 'c'), await kv.compareAndSet('k', 0, 'd'), await kv.getVersioned('k'));
        });
      }),
    );
    expect(out).toEqual([{ ok: true, version: 1 }, { value: 'a', version: 1 }, { ok: false, version: 1 }, { ok: false, version: 0 }, { ok: true, version: 3 }, { value: 'd', version: 3 }]);
  });

  it('reads an expired TTL key as absent, on the virtual clock', async () => {
    const out: unknown[] = [];
    await runOnce(
      one((sim) => {
        const kv = new KvStore(sim, 's');
        sim.spawn('A', async () => {
          await kv.set('k', 1, { ttlMs: 1000 });
          await kv.update('k', [{ type: 'increment' }]);
          await sim.sleep(999);
          out.push(await kv.get('k'), kv.versionOf('k') > 0);
          await sim.sleep(1);
          out.push(await kv.get('k'), kv.versionOf('k'), kv.keys());
        });
      }),
    );
    expect(out).toEqual([2, true, undefined, 0, []]);
  });

  it('fans each matching write out to its own trigger actor, so two handlers race', async () => {
    const scenario = defineScenario({
      name: 'kv-trigger',
      setup(sim) {
        const kv = new KvStore(sim, 's');
        kv.onWrite('approvals/', async (w) => {
          const n = ((await kv.get('count')) as number | undefined) ?? 0;
          await kv.set('count', n + 1);
          sim.log('handled', w.key);
        });
        sim.spawn('approver', async () => {
          await kv.set('approvals/1', 'yes');
          await kv.set('other', 1);
          await kv.set('approvals/2', 'yes');
        });
        return kv;
      },
      check(kv, sim) {
        expect(sim.events.filter((e) => e.kind === 'handled')).toHaveLength(2);
        if (kv.peek('count') !== 2) throw new Error(`trigger handlers raced: count = ${String(kv.peek('count'))}`);
      },
    });
    const natural = await runOnce(scenario);
    expect(natural.ok).toBe(true);
    expect(natural.trace.steps.filter((s) => s.op === 'start').map((s) => s.actor)).toEqual(['approver', 'on-write approvals/', 'on-write approvals/#2']);
    const found = await explore(scenario, { strategy: 'random', seed: 3, runs: 500 });
    expect(found.failure?.message).toMatch(/trigger handlers raced/);
  });

  it("replies: 'any-order' lets a read's stale reply arrive after another client's write was acted on; the default does not", async () => {
    // The reader caches what it read; the admin writes and then clears the cache. Only a reply
    // delayed past the admin's write and clear leaves a stale cache: clients on separate connections.
    const staleCache = (replies: 'in-order' | 'any-order') =>
      defineScenario({
        name: `stale-cache-${replies}`,
        setup(sim) {
          const db = new KvStore(sim, 'db', { replies, history: true });
          db.preload('price', 10);
          const w = { cache: undefined as unknown };
          sim.spawn('reader', async () => {
            w.cache = await db.get('price');
          });
          sim.spawn('admin', async () => {
            await db.set('price', 12);
            w.cache = undefined;
          });
          return { db, w };
        },
        check({ db, w }) {
          if (w.cache !== undefined && w.cache !== db.peek('price')) throw new Error(`cache ${String(w.cache)}, db ${String(db.peek('price'))}`);
        },
      });
    const shared = await explore(staleCache('in-order'), { strategy: 'dfs', reduction: false, corpus: false });
    expect(shared.ok).toBe(true);
    expect(shared.exhausted?.complete).toBe(true);
    const anyOrder = staleCache('any-order');
    for (const strategy of ['dfs', 'random'] as const) {
      const separate = await explore(anyOrder, { strategy, seed: 1, runs: 500, corpus: false });
      expect(separate.failure?.message).toMatch(/cache 10, db 12/);
      const h = separate.failure!.trace.steps.map((s) => `${s.actor}:${s.op}`);
      expect(h.indexOf('reader:db.get reply')).toBeGreaterThan(h.indexOf('admin:db.set'));
      const again = await replay(anyOrder, separate.failure!.token);
      expect(again.verdict).toBe('reproduced');
      expect(again.trace.fingerprint).toBe(separate.failure!.trace.fingerprint);
    }
    expect(() => new KvStore({} as Sim, 'db', { replies: 'sometimes' as 'in-order' })).toThrow(/replies must be 'in-order' or 'any-order', got "sometimes"/);
  });

  it("serves one client's commands in the order it sent them, and with 'any-order' returns their replies in that order", async () => {
    // A sends set(k, 1) and get(k) at once; B sets k to 2. One connection (shared or A's own)
    // serves A's set before A's get, so A never reads 0 (before: it did, with either reply mode).
    const outcomes = (replies: 'in-order' | 'any-order', order: 'sent' | 'any' = 'sent') =>
      outcomeSet(
        {
          name: `kv-inflight-${replies}`,
          setup(sim) {
            const kv = new KvStore(sim, 'kv', { replies, order });
            kv.preload('k', 0);
            const w = { v: undefined as unknown };
            sim.spawn('A', async () => {
              [, w.v] = await Promise.all([kv.set('k', 1), kv.get('k')]);
            });
            sim.spawn('B', () => kv.set('k', 2));
            return { kv, w };
          },
          outcome: ({ kv, w }) => `k=${String(kv.peek('k'))} v=${String(w.v)}`,
        },
        { reduction: false, runs: 5_000 },
      );
    // Measured against PostgreSQL through node-postgres (4,000 runs each): a connection per client
    // gives exactly these three. A shared connection gives only the first two: B's set cannot come
    // between two commands A queued in one tick, which this model still allows.
    const three = ['k=1 v=1', 'k=2 v=1', 'k=2 v=2'];
    expect(await outcomes('any-order')).toEqual(three);
    expect(await outcomes('in-order')).toEqual(three);
    // A pool or an HTTP API (order: 'any') may serve A's get first: A reads 0, or B's 2 before its own set.
    expect(await outcomes('any-order', 'any')).toEqual(['k=1 v=0', 'k=1 v=1', 'k=1 v=2', 'k=2 v=0', 'k=2 v=1', 'k=2 v=2']);
    // A failure reached through the ordered replies replays from its token to the same trace.
    const lateRead = defineScenario({
      name: 'kv-inflight-replay',
      setup(sim) {
        const kv = new KvStore(sim, 'kv', { replies: 'any-order' });
        kv.preload('k', 0);
        const w = { v: undefined as unknown };
        sim.spawn('A', async () => {
          [, w.v] = await Promise.all([kv.set('k', 1), kv.get('k')]);
        });
        sim.spawn('B', () => kv.set('k', 2));
        return w;
      },
      check(w) {
        if (w.v === 2) throw new Error('A read B’s write between its own set and get');
      },
    });
    const found = await explore(lateRead, { strategy: 'random', seed: 1, runs: 500, corpus: false });
    expect(found.failure?.message).toMatch(/between its own set and get/);
    const again = await replay(lateRead, found.failure!.token);
    expect([again.verdict, again.trace.fingerprint]).toEqual(['reproduced', found.failure!.trace.fingerprint]);
  });

  it('records call and return steps for a linearizability checker', async () => {
    let kv!: KvStore;
    const r = await runOnce(
      one((sim) => {
        kv = new KvStore(sim, 's', { history: true });
        sim.spawn('A', () => kv.set('k', 1));
        sim.spawn('B', () => kv.get('k'));
      }),
    );
    expect(kv.history.map(({ actor, op, result }) => ({ actor, op, result }))).toEqual([
      { actor: 'A', op: 'set', result: undefined },
      { actor: 'B', op: 'get', result: 1 },
    ]);
    for (const h of kv.history) expect(h.ret).toBeGreaterThan(h.call);
    expect(r.trace.steps[kv.history[1]!.ret]!.op).toBe('s.get');
  });

  it('its history feeds the linearizability checker directly (historyFromEvents + kvSpec)', async () => {
    let checked = 0;
    const scenario = defineScenario({
      name: 'kv-lin',
      setup(sim) {
        const kv = new KvStore(sim, 's', { history: true });
        for (const n of ['A', 'B'])
          sim.spawn(n, async () => {
            await kv.update('n', [{ type: 'increment' }]);
            await kv.get('n');
            await kv.set('m', n);
          });
      },
      check(_w, sim) {
        const ops = historyFromEvents(sim.events, { call: 'kv.call', ret: 'kv.return' });
        expect(ops).toHaveLength(6);
        linearizable(ops, kvSpec());
        // A read the store could not have returned is caught: the checker really looks.
        const forged = ops.map((o) => (o.op === 'get' ? { ...o, output: 7 } : o));
        expect(() => linearizable(forged, kvSpec())).toThrow();
        checked++;
      },
    });
    expect((await explore(scenario, { strategy: 'dfs', seed: 1 })).ok).toBe(true);
    expect(checked).toBeGreaterThan(1);
  });

  it('refuses misuse with a UsageError that says what to do', async () => {
    const errors: unknown[] = [];
    await runOnce(
      one((sim) => {
        const kv = new KvStore(sim, 's');
        kv.preload('str', 'x');
        sim.spawn('A', async () => {
          for (const f of [() => kv.update('str', [{ type: 'increment' }]), () => kv.update('k', []), () => kv.set('k', 1, { ttlMs: -1 })]) {
            try {
              await f();
            } catch (e) {
              errors.push(e);
            }
          }
        });
      }),
    );
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(e).toBeInstanceOf(UsageError);
  });

  it('matches a sequential Map-based reference on random op sequences (differential)', async () => {
    type Cmd = { k: string } & ({ t: 'get' } | { t: 'set'; v: number } | { t: 'del' } | { t: 'inc'; by: number } | { t: 'cas'; expectFresh: boolean; v: number });
    const key = fc.constantFrom('a', 'b');
    const cmd: fc.Arbitrary<Cmd> = fc.oneof(
      fc.record({ t: fc.constant('get' as const), k: key }),
      fc.record({ t: fc.constant('set' as const), k: key, v: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ t: fc.constant('del' as const), k: key }),
      fc.record({ t: fc.constant('inc' as const), k: key, by: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ t: fc.constant('cas' as const), k: key, expectFresh: fc.boolean(), v: fc.integer({ min: 0, max: 9 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { maxLength: 20 }), async (cmds) => {
        const ref = new Map<string, { v: number; ver: number }>();
        let rev = 0;
        const expected: unknown[] = [];
        for (const c of cmds) {
          const cur = ref.get(c.k);
          if (c.t === 'get') expected.push(cur?.v);
          else if (c.t === 'set') ref.set(c.k, { v: c.v, ver: ++rev });
          else if (c.t === 'del') {
            expected.push(ref.delete(c.k));
          } else if (c.t === 'inc') {
            const n = (cur?.v ?? 0) + c.by;
            ref.set(c.k, { v: n, ver: ++rev });
            expected.push({ old: cur?.v, new: n });
          } else {
            const want = c.expectFresh ? 0 : (cur?.ver ?? 0);
            const ok = (cur?.ver ?? 0) === want;
            if (ok) ref.set(c.k, { v: c.v, ver: ++rev });
            expected.push(ok);
          }
        }
        const got: unknown[] = [];
        await runOnce(
          one((sim) => {
            const kv = new KvStore(sim, 's');
            sim.spawn('A', async () => {
              for (const c of cmds) {
                if (c.t === 'get') got.push(await kv.get(c.k));
                else if (c.t === 'set') await kv.set(c.k, c.v);
                else if (c.t === 'del') got.push(await kv.delete(c.k));
                else if (c.t === 'inc') got.push(await kv.update(c.k, [{ type: 'increment', by: c.by } as KvOp]));
                else got.push((await kv.compareAndSet(c.k, c.expectFresh ? 0 : kv.versionOf(c.k), c.v)).ok);
              }
            });
          }),
        );
        expect(got).toEqual(expected);
      }),
      { numRuns: 100, seed: 42 },
    );
  });
});
