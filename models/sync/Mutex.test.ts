import { describe, expect, it } from 'vitest';
import { type OutcomeProgram, outcomeSet } from '../../explore/outcomeSet.fixture.js';
import { explore } from '../../explore/explore.js';
import { runOnce } from '../../explore/runOnce.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Cell } from '../memory/Cell.js';
import { Event } from './Event.js';
import { Mutex } from './Mutex.js';

function guarded(fair: boolean, name = fair ? 'mutex-fair' : 'mutex') {
  return defineScenario({
    name,
    setup(sim: Sim) {
      const m = new Mutex(sim, 'm', { fair });
      const n = new Cell(sim, 'n', 0);
      const order: string[] = [];
      for (const who of ['A', 'B', 'C']) {
        sim.spawn(who, () =>
          m.withLock(async () => {
            order.push(who);
            await n.set((await n.get()) + 1);
          }),
        );
      }
      return { m, n, order };
    },
    invariant({ m }) {
      if (m.owner && m.owner.done) throw new Error(`${m.owner.name} finished holding the lock`);
    },
    check({ n }) {
      if (n.value !== 3) throw new Error(`counter is ${n.value}`);
    },
  });
}

describe('Mutex', () => {
  it('serialises critical sections under every explored schedule (dfs proof)', async () => {
    const r = await explore(guarded(false), { strategy: 'dfs', runs: 20_000 });
    expect(r.ok).toBe(true);
    expect(r.exhausted?.complete).toBe(true);
  });

  it('lets the scheduler choose which waiter gets a released lock', async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const r = await runOnce(guarded(false), { seed });
      orders.add(r.trace.steps.filter((s) => s.op === 'm.lock').map((s) => s.actor).join(''));
    }
    expect(orders.size).toBeGreaterThan(2);
  });

  it('hands the lock over first-come-first-served when fair (asyncio.Lock)', async () => {
    for (let seed = 0; seed < 40; seed++) {
      const r = await runOnce(guarded(true), { seed });
      expect(r.ok).toBe(true);
      const queued = r.trace.steps.filter((s) => s.op === 'start').map((s) => s.actor);
      const locked = r.trace.steps.filter((s) => s.op === 'm.lock').map((s) => s.actor);
      expect(locked).toEqual(queued);
    }
  });

  it('refuses an unlock by an actor that does not hold it, naming the holder', async () => {
    const r = await runOnce(
      defineScenario({
        name: 'bad-unlock',
        setup(sim) {
          const m = new Mutex(sim, 'm');
          sim.spawn('owner', async () => {
            await m.lock();
            await sim.sleep(10);
          });
          sim.spawn('intruder', () => m.unlock());
        },
      }),
    );
    expect(r.failure?.kind).toBe('error');
    expect(r.failure?.message).toMatch(/Mutex "m": unlock by actor "intruder", but it is held by owner — only the owner may unlock/);
  });

  it('reports a lock lost by a killed holder in the deadlock listing', async () => {
    const r = await runOnce(
      defineScenario({
        name: 'killed-holder',
        setup(sim) {
          const m = new Mutex(sim, 'm');
          const holder = sim.spawn('holder', async () => {
            await m.lock();
            await sim.sleep(100);
          });
          sim.spawn('waiter', async () => {
            await sim.yield();
            holder.kill();
            await m.lock();
          });
        },
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toContain('waiter waits at "m.lock" for Mutex "m" held by holder (killed while holding it)');
  });

  it('lets a cancelled waiter leave the queue without taking the lock', async () => {
    const r = await runOnce(
      defineScenario({
        name: 'cancelled-waiter',
        setup(sim) {
          const m = new Mutex(sim, 'm', { fair: true });
          const later: { waiter?: ReturnType<Sim['spawn']> } = {};
          sim.spawn('holder', async () => {
            await m.lock();
            await sim.yield();
            later.waiter!.cancel();
            await sim.yield();
            await m.unlock();
          });
          later.waiter = sim.spawn('waiter', () => m.lock());
          sim.spawn('late', () => m.withLock(() => undefined));
          return m;
        },
        check(m) {
          if (m.locked) throw new Error(`still held by ${m.owner?.name}`);
        },
      }),
    );
    expect(r.failure).toBeUndefined();
  });

  it('says the holder finished while holding it when an un-awaited withLock is why the others deadlock', async () => {
    const r = await runOnce(
      defineScenario({
        name: 'mutex-unawaited-withlock',
        setup(sim) {
          const m = new Mutex(sim, 'm');
          const ready = new Event(sim, 'ready');
          sim.spawn('A', async () => {
            void m.withLock(() => ready.wait());
          });
          sim.spawn('B', async () => {
            await sim.yield();
            await m.withLock(() => ready.set());
          });
        },
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toContain('B waits at "m.lock" for Mutex "m" held by A (it finished while holding it: an un-awaited withLock, or a lock without its unlock)');
  });

  it('a fair lock() joins the queue in the step that calls it, so reduction orders it against a tryLock', async () => {
    // C's tryLock fails while A is queued, even before A's lock point runs: the queue join is part of
    // A's earlier step. Reduction used to treat that step as independent of C's and lost an order.
    const program: OutcomeProgram<string[]> = {
      name: 'fair-trylock',
      setup(sim) {
        const m = new Mutex(sim, 'm', { fair: true });
        const log: string[] = [];
        sim.spawn('A', () => m.withLock(() => void log.push('A')));
        sim.spawn('C', async () => {
          const got = await m.tryLock();
          log.push(`C:${got}`);
          if (got) await m.unlock();
        });
        return log;
      },
      outcome: (log) => log.join(' '),
    };
    const outcomes = (reduction: boolean) => outcomeSet(program, { reduction });
    expect(await outcomes(true)).toEqual(await outcomes(false));
  });
});
