/** Fair scheduling: a correct polling loop finishes under every strategy; a real livelock is a step-limit that names its cycle. */
import { Mutex as LibraryMutex } from 'async-mutex';
import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { Channel } from '../models/queues/Channel.js';
import { KvStore } from '../models/stores/KvStore.js';
import { Lease } from '../models/sync/Lease.js';
import { Mutex } from '../models/sync/Mutex.js';
import { Semaphore } from '../models/sync/Semaphore.js';
import { explore } from '../explore/explore.js';
import { defineScenario } from './scenario.js';
import { listSource } from './listSource.js';
import { executeRun } from './execute.js';

const polling = defineScenario({
  name: 'polling-a-correct-lock',
  setup(sim) {
    const mutex = new LibraryMutex();
    const c = new Cell(sim, 'c', 0);
    sim.spawn('holder', () =>
      mutex.runExclusive(async () => {
        for (let i = 0; i < 5; i++) await c.update((n) => n + 1);
      }),
    );
    sim.spawn('poller', async () => {
      await sim.yield();
      while (mutex.isLocked()) await sim.yield();
      await c.update((n) => n * 10);
    });
  },
});

describe('fair scheduling', () => {
  it('a polling loop around a correct lock is never a step-limit, whatever the strategy', async () => {
    for (const strategy of ['pct', 'random', 'pos'] as const) {
      const r = await explore(polling, { strategy, seed: 1, runs: 300, maxSteps: 500 });
      expect(r.failure?.message, strategy).toBeUndefined();
    }
  });

  it('a schedule that keeps choosing the spinner still lets the holder run', async () => {
    // Choice 0 after a yield means "the next actor round-robin"; choice 1 picks the poller again
    // whenever the holder is the other option — an adversary's schedule.
    const r = await executeRun(polling, undefined, { source: listSource(Array(2000).fill(1)), maxSteps: 2000 });
    expect(r.failure?.message).toBeUndefined();
    expect(r.steps).toBeLessThan(500);
  });

  it('an unfair strategy cannot starve the actor a spinner waits for', async () => {
    const waiting = defineScenario({
      name: 'spin-until-set',
      setup(sim) {
        const flag = new Cell(sim, 'flag', false);
        const work = new Cell(sim, 'work', 0);
        sim.spawn('spinner', async () => {
          while (!(await flag.get())) await sim.yield();
        });
        sim.spawn('setter', async () => {
          await work.set(1);
          await work.set(2);
          await flag.set(true);
        });
      },
    });
    // PCT always runs the highest-priority runnable actor: without fairness, a spinner above the
    // setter spins alone until the step limit.
    const r = await explore(waiting, { strategy: 'pct', seed: 3, runs: 200, maxSteps: 300 });
    expect(r.failure?.message).toBeUndefined();
  });

  it('two spinners taking turns cannot starve the actor both wait for', async () => {
    const twoWaiters = defineScenario({
      name: 'two-spin-until-set',
      setup(sim) {
        const flag = new Cell(sim, 'flag', false);
        const work = new Cell(sim, 'work', 0);
        for (const name of ['waiter1', 'waiter2'])
          sim.spawn(name, async () => {
            while (!(await flag.get())) await sim.yield();
          });
        sim.spawn('setter', async () => {
          for (let i = 0; i < 3; i++) await work.set(i);
          await flag.set(true);
        });
      },
    });
    // With the setter at PCT's lowest priority, the two waiters yield to each other: each one's
    // polls end the other's streak unless only state-changing steps do.
    for (let seed = 1; seed <= 10; seed++) {
      const r = await explore(twoWaiters, { strategy: 'pct', seed, runs: 50, maxSteps: 1000, shrink: false, corpus: false });
      expect(r.failure?.message, `seed ${seed}`).toBeUndefined();
    }
  });

  it('two compare-and-set spinners cannot starve the holder: a failed CAS changes nothing', async () => {
    const casLock = defineScenario({
      name: 'cas-spinners',
      setup(sim) {
        const owner = new Cell<string | null>(sim, 'owner', null);
        const work = new Cell(sim, 'work', 0);
        for (const name of ['holder', 'spinner1', 'spinner2'])
          sim.spawn(name, async () => {
            while (!(await owner.compareAndSet(null, name))) await sim.yield('spin');
            for (let i = 0; i < 3; i++) await work.update((n) => n + 1);
            await owner.set(null);
          });
      },
    });
    // An adversary's schedule: after every yield, pick the other spinner over the holder. Each
    // spinner's failed CAS used to end the other's streak, so neither was ever held back.
    for (const pick of [1, 2]) {
      const r = await executeRun(casLock, undefined, { source: listSource(Array(4000).fill(pick)), maxSteps: 4000 });
      expect(r.failure?.message, `choice ${pick}`).toBeUndefined();
    }
    for (let seed = 1; seed <= 10; seed++) {
      const r = await explore(casLock, { strategy: 'pct', seed, runs: 50, maxSteps: 2000, shrink: false, corpus: false });
      expect(r.failure?.message, `seed ${seed}`).toBeUndefined();
    }
  });

  it('a failed tryLock, tryAcquire, tryRecv or trySend changes nothing either: two pollers cannot starve the one they wait for', async () => {
    // Two actors poll; a third must get steps to make their poll succeed. Each failed try used to
    // end the other poller's streak, so neither was held back and dfs reported a livelock.
    const pollers = (kind: 'tryLock' | 'tryAcquire' | 'tryRecv' | 'trySend' | 'lease') =>
      defineScenario({
        name: `pollers-${kind}`,
        setup(sim) {
          const m = new Mutex(sim, 'm');
          const sem = new Semaphore(sim, 's', 0);
          const lease = new Lease(sim, 'l', { ttlMs: 10_000 });
          const ch = new Channel<number>(sim, 'ch', { capacity: 1 });
          const work = new Cell(sim, 'work', 0);
          const held = new Cell(sim, 'held', false);
          sim.spawn('third', async () => {
            if (kind === 'tryLock') await m.lock();
            const token = kind === 'lease' ? await lease.acquire() : 0;
            if (kind === 'trySend') await ch.send(0);
            await held.set(true);
            for (let i = 0; i < 3; i++) await work.update((n) => n + 1);
            if (kind === 'tryLock') await m.unlock();
            if (kind === 'tryAcquire') for (let i = 0; i < 2; i++) await sem.release();
            if (kind === 'tryRecv') for (let i = 0; i < 2; i++) await ch.send(i);
            if (kind === 'trySend') await ch.recv();
            if (kind === 'lease') await lease.release(token);
          });
          for (const name of ['p1', 'p2'])
            sim.spawn(name, async () => {
              while (!(await held.get())) await sim.yield('wait');
              const poll = async () =>
                kind === 'tryLock' ? (await m.tryLock()) && (await m.unlock(), true)
                : kind === 'tryAcquire' ? await sem.tryAcquire()
                : kind === 'tryRecv' ? (await ch.tryRecv()) !== undefined
                : kind === 'trySend' ? await ch.trySend(1).then((ok) => ok && ch.recv().then(() => true))
                : await lease.tryAcquire().then(async (t) => t !== null && (await lease.release(t), true));
              while (!(await poll())) await sim.yield('poll');
            });
        },
      });
    for (const kind of ['tryLock', 'tryAcquire', 'tryRecv', 'trySend', 'lease'] as const) {
      const r = await explore(pollers(kind), { strategy: 'dfs', runs: 300, maxSteps: 3000, shrink: false, corpus: false });
      expect(r.failure?.message, kind).toBeUndefined();
    }
  });

  it('time stops passing for an actor the clock has passed over a hundred times: periodic timers cannot starve it', async () => {
    // Two unref'd intervals (a circuit breaker's bucket rotation) and two requests: correct code.
    // POS's fixed priorities kept choosing "time passes" over a runnable request, the intervals
    // fired until the step limit, and the run was reported as a livelock.
    const intervals = defineScenario({
      name: 'interval-starvation',
      setup(sim) {
        sim.installGlobals();
        for (let i = 0; i < 2; i++) setInterval(() => undefined, 1000).unref();
        const db = new KvStore(sim, 'db');
        for (const id of ['o1', 'o2'])
          sim.spawn(id, async () => {
            await new Promise((r) => setTimeout(r, 300));
            await db.compareAndSet(`order:${id}`, 0, 'reserved');
            await db.update('stock', [{ type: 'increment', by: -1 }]);
          });
      },
    });
    for (const strategy of ['pos', 'portfolio'] as const)
      for (let seed = 1; seed <= 3; seed++) {
        const r = await explore(intervals, { strategy, seed, runs: 3000, shrink: false, corpus: false });
        expect(r.failure?.message, `${strategy} seed ${seed}`).toBeUndefined();
      }
    // Time still passes while an actor can run (a slow operation): a 10 s lease expires under a
    // holder whose write waits, with a 1 s heartbeat ticking meanwhile.
    const slowHolder = defineScenario({
      name: 'lease-under-slow-write',
      setup(sim) {
        sim.installGlobals();
        const heartbeat = setInterval(() => undefined, 1000);
        const lease = new Lease(sim, 'l', { ttlMs: 10_000 });
        const db = new Cell(sim, 'db', 0);
        sim.spawn('holder', async () => {
          const token = await lease.acquire();
          await db.set(1);
          if (!(await lease.renew(token))) throw new Error('the lease expired under the write');
          clearInterval(heartbeat);
        });
      },
    });
    expect((await explore(slowHolder, { seed: 1, runs: 3000, shrink: false, corpus: false })).failure?.message).toMatch(/the lease expired under the write/);
  });

  it('a real livelock is a step-limit whose message names the repeating cycle', async () => {
    const livelock = defineScenario({
      name: 'both-wait-first',
      setup(sim) {
        const ready = { alice: new Cell(sim, 'alice.ready', false), bob: new Cell(sim, 'bob.ready', false) };
        for (const [me, other] of [['alice', 'bob'], ['bob', 'alice']] as const) {
          sim.spawn(me, async () => {
            while (!(await ready[other].get())) await sim.yield();
            await ready[me].set(true);
          });
        }
      },
    });
    const r = await explore(livelock, { strategy: 'random', seed: 3, runs: 5, maxSteps: 300, shrink: false });
    expect(r.failure?.kind).toBe('step-limit');
    expect(r.failure?.message).toMatch(/From step \d+ on, the run repeats a cycle: (alice bob\.ready\.get → yield; bob alice\.ready\.get → yield|bob alice\.ready\.get → yield; alice bob\.ready\.get → yield) — a livelock/);
    expect(r.failure?.cycle?.length).toBeGreaterThanOrEqual(4);
    // The report shows the run up to one round of the cycle, not all 300 steps.
    const text = r.failure!.report('text');
    expect(text).toMatch(/… \d+ more steps repeat the cycle from step \d+/);
    expect(text.split('\n').length).toBeLessThan(60);
    expect(r.failure!.report('md')).toMatch(/more steps repeat the cycle/);
  });
});
