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

describe('pct', () => {
  it('advances the clock more than once while an actor is runnable', async () => {
    const r = await explore(twoSlowSteps, { strategy: 'pct', seed: 1, runs: 500, shrink: false, corpus: false });
    expect(r.failure?.message).toContain('both timers fired');
  });
});
