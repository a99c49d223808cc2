import { describe, expect, it } from 'vitest';
import { Cell } from '../../models/memory/Cell.js';
import { defineScenario } from '../../sim/scenario.js';
import { explore } from '../explore.js';

/**
 * Two timers fire while one actor still has steps to run: the clock must advance twice at points
 * where that actor is runnable (a slow step, then another one).
 */
const twoSlowSteps = defineScenario({
  name: 'pct-two-slow-steps',
  setup(sim) {
    const early = new Cell(sim, 'early', false);
    const late = new Cell(sim, 'late', false);
    sim.spawn('early-timer', async () => {
      await sim.sleep(5);
      await early.set(true);
    });
    sim.spawn('late-timer', async () => {
      await sim.sleep(20);
      await late.set(true);
    });
    sim.spawn('worker', async () => {
      let both = false;
      for (let i = 0; i < 4; i++) both = (await early.get()) && (await late.get());
      if (both) throw new Error('both timers fired while the worker ran');
    });
  },
});

/** A spin lock taken by test-then-set: both actors can see it free, then both take it. */
const testThenSet = defineScenario({
  name: 'pct-test-then-set',
  setup(sim) {
    const locked = new Cell(sim, 'locked', false);
    const inside = new Cell(sim, 'inside', 0);
    for (const name of ['t0', 't1'])
      sim.spawn(name, async () => {
        while (await locked.get()) await sim.yield();
        await locked.set(true);
        if ((await inside.update((n) => n + 1)) > 1) throw new Error('two holders');
        await inside.update((n) => n - 1);
        await locked.set(false);
      });
  },
});

describe('pct', () => {
  it('passes over an actor that yields, so a spin-wait does not stretch every run', async () => {
    // Before, the spinner at the top priority spun up to the fairness bound at every wait: runs of
    // hundreds of steps, change points that missed the window, 7 of 20 seeds within 10,000.
    for (let seed = 1; seed <= 5; seed++) {
      const r = await explore(testThenSet, { strategy: 'pct', seed, runs: 3000, shrink: false, corpus: false });
      expect(r.failure?.message ?? 'not found', `seed ${seed}`).toContain('two holders');
    }
  });

  it('advances the clock more than once while an actor is runnable', async () => {
    const r = await explore(twoSlowSteps, { strategy: 'pct', seed: 1, runs: 500, shrink: false, corpus: false });
    expect(r.failure?.message).toContain('both timers fired');
  });

  it('never advances the clock for ever past an actor a change point lowered (a heartbeat keeps a timer pending)', async () => {
    const heartbeat = defineScenario({
      name: 'pct-heartbeat',
      setup(sim) {
        const beats = new Cell(sim, 'beats', 0);
        const work = new Cell(sim, 'work', 0);
        sim.spawn(
          'heartbeat',
          async () => {
            for (;;) {
              await sim.sleep(10);
              await beats.update((n) => n + 1);
            }
          },
          { daemon: true },
        );
        for (const name of ['w0', 'w1'])
          sim.spawn(name, async () => {
            for (let i = 0; i < 4; i++) await work.update((n) => n + 1);
          });
      },
    });
    for (let seed = 1; seed <= 10; seed++) {
      const r = await explore(heartbeat, { strategy: 'pct', seed, runs: 300, maxSteps: 3000, shrink: false, corpus: false });
      expect(r.failure?.message, `seed ${seed}`).toBeUndefined();
    }
  });
});
