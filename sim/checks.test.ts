import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { abba } from '../scenarios/demo/abba.js';
import { explore } from '../explore/explore.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';

describe('what is checked in each run', () => {
  it('reports ABBA lock ordering as a deadlock naming both actors and both locks', async () => {
    const r = await explore(abba, { seed: 3, runs: 200 });
    const f = r.failure!;
    expect(f.kind).toBe('deadlock');
    expect(f.message).toContain('first waits at "L2.lock" for Mutex "L2" held by second');
    expect(f.message).toContain('second waits at "L1.lock" for Mutex "L1" held by first');
    expect(f.preemptions).toBe(1);
    expect(f.steps).toBe(4);
  });

  it('reports a spin-wait without progress as step-limit, with the per-actor distribution', async () => {
    const spin = defineScenario({
      name: 'spin',
      setup(sim) {
        const ready = new Cell(sim, 'ready', false);
        sim.spawn('waiter', async () => {
          while (!(await ready.get())) {
            // nobody ever sets ready
          }
        });
      },
    });
    const r = await explore(spin, { seed: 1, runs: 5, maxSteps: 300 });
    expect(r.failure?.kind).toBe('step-limit');
    expect(r.failure?.message).toMatch(/exceeded maxSteps \(300\).*spin loop.*Steps per actor: waiter 300.*raise maxSteps/);
  });

  it('reports an actor awaiting a real setTimeout as an escape within one run, not a hang', async () => {
    const escaping = defineScenario({
      name: 'escaping',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('sleeper', async () => {
          await c.get();
          await new Promise((resolve) => setTimeout(resolve, 10));
          await c.set(1);
        });
      },
    });
    const r = await explore(escaping, { seed: 1, runs: 100 });
    const f = r.failure!;
    expect(f.kind).toBe('escape');
    expect(f.firstFoundAt).toBe(1);
    expect(f.message).toMatch(/actor "sleeper" escaped the simulation after its scheduling point "c.get"/);
    expect(f.message).toMatch(/sim\.external\(label, fn\)/);
  });

  it('reports an actor awaiting a promise nobody resolves as a deadlock that says where the promise was made', async () => {
    const r = await runOnce(
      defineScenario({
        name: 'forever',
        setup(sim) {
          sim.spawn('stuck', () => new Promise(() => {}));
        },
      }),
    );
    expect(r.failure?.kind).toBe('deadlock');
    expect(r.failure?.message).toMatch(/stuck waits on a promise that nothing in the simulation can settle \(the promise was created at .*checks\.test\.ts:\d+:\d+\)/);
  });

  it('runs check once every actor has finished, and reports what it threw', async () => {
    const r = await runOnce(
      defineScenario({
        name: 'checked',
        setup(sim) {
          const c = new Cell(sim, 'c', 0);
          sim.spawn('a', () => c.set(5));
          return c;
        },
        check(c) {
          if (c.value !== 4) throw new Error(`expected 4, got ${c.value}`);
        },
      }),
    );
    expect(r.failure).toMatchObject({ kind: 'check', message: 'check failed: Error: expected 4, got 5' });
  });
});

describe('leak check and model calls outside actors', () => {
  const leaky = defineScenario({
    name: 'leaky-lock',
    async setup(sim) {
      const { Mutex } = await import('../models/sync/Mutex.js');
      const m = new Mutex(sim, 'm');
      const holder = sim.spawn('holder', async () => {
        await m.lock();
        await sim.sleep(1000);
        await m.unlock();
      });
      sim.spawn('reaper', async () => {
        await sim.yield();
        if (sim.maybe('kill the holder')) holder.kill();
      });
    },
  });

  it('reports a lock still held when the run ends, and carries the setting in the replay token', async () => {
    expect((await explore(leaky, { seed: 1, runs: 50 })).ok).toBe(true);
    const r = await explore(leaky, { seed: 1, runs: 50, leakCheck: true });
    expect(r.failure?.kind).toBe('check');
    expect(r.failure?.message).toMatch(/leak check: Mutex "m" still held by holder \(killed while holding it\)/);
    const { replay } = await import('../explore/replay.js');
    const again = await replay(leaky, r.failure!.token);
    expect(again.failure?.message).toBe(r.failure!.message);
  });

  it('probes semaphores: a permit never returned is a leak, and the token replays it', async () => {
    const { Semaphore } = await import('../models/sync/Semaphore.js');
    const forgetful = defineScenario({
      name: 'forgetful-permit',
      setup(sim) {
        const pool = new Semaphore(sim, 'pool', 2);
        sim.spawn('forgetful', async () => {
          await pool.acquire();
          if (sim.maybe('forget to release')) return;
          pool.release();
        });
      },
    });
    expect((await explore(forgetful, { seed: 1, runs: 50 })).ok).toBe(true);
    const r = await explore(forgetful, { seed: 1, runs: 50, leakCheck: true });
    expect(r.failure?.message).toMatch(/^leak check: Semaphore "pool" \(1 permit\(s\) left of 2; held by forgetful\): 1 permit\(s\) never returned/);
    const { replay } = await import('../explore/replay.js');
    expect((await replay(forgetful, r.failure!.token)).failure?.message).toBe(r.failure!.message);
  });

  it('probes task stores: a transaction left open is a leak, one whose holder was killed is not (the database rolled it back)', async () => {
    const { TaskStore } = await import('../models/stores/TaskStore.js');
    const open = defineScenario({
      name: 'open-transaction',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks');
        // All-zeros run: killed takes the write lock first; stuck blocks on it until the kill frees it.
        const killed = sim.spawn('killed', () => store.transaction(() => sim.sleep(10)));
        sim.spawn('stuck', () => store.transaction(() => sim.sleep(1e9)), { daemon: true });
        sim.spawn('reaper', async () => {
          await sim.sleep(5);
          killed.kill();
          await sim.sleep(1); // the run ends with the last non-daemon actor: give stuck its turn first
        });
        return store;
      },
    });
    const r = await runOnce(open, { leakCheck: true });
    expect(r.failure?.message).toMatch(/^leak check: TaskStore "tasks" write lock still held by stuck: a transaction that neither committed nor rolled back \(killed actors: killed\)/);
    const onlyKilled = defineScenario({
      name: 'killed-in-transaction',
      setup(sim) {
        const store = new TaskStore(sim, 'tasks');
        const killed = sim.spawn('killed', () => store.transaction(() => sim.sleep(10)));
        sim.spawn('reaper', async () => {
          await sim.sleep(5);
          killed.kill();
        });
      },
    });
    const clean = await runOnce(onlyKilled, { leakCheck: true });
    expect(clean.failure).toBeUndefined();
  });

  it('carries maxSteps in the token, so a step-limit found with a small budget replays as one', async () => {
    const spin = defineScenario({
      name: 'spin-token',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('spinner', async () => {
          for (;;) await c.get();
        });
      },
    });
    const r = await explore(spin, { seed: 1, runs: 3, maxSteps: 120 });
    expect(r.failure?.kind).toBe('step-limit');
    const { replay } = await import('../explore/replay.js');
    const again = await replay(spin, r.failure!.token);
    expect(again.failure?.kind).toBe('step-limit');
    expect(again.trace.fingerprint).toBe(r.failure!.trace.fingerprint);
  });

  it('refuses model calls from check and invariant instead of hanging', async () => {
    const errors: string[] = [];
    const r = await runOnce(
      defineScenario({
        name: 'calls-from-check',
        setup(sim) {
          const c = new Cell(sim, 'c', 0);
          sim.spawn('a', () => c.set(1));
          return c;
        },
        invariant(c) {
          c.get().catch((e: Error) => errors.push(e.message));
        },
        async check(c) {
          await c.get().catch((e: Error) => errors.push(e.message));
        },
      }),
    );
    expect(r.ok).toBe(true);
    expect(errors[0]).toMatch(/"c.get" was called from invariant — .*plain getters/);
    expect(errors.at(-1)).toMatch(/"c.get" was called from check — .*plain getters/);
  });
});
