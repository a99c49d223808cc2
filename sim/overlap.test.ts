/**
 * Runs overlapping in one process (as `test.concurrent` does) each see their own clock, timers and
 * randomness: two scenarios run concurrently give the same traces as each run alone.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from './scenario.js';

/** Real-looking code on installed globals: timers, the clock and randomness, two actors racing. */
const onGlobals = (name: string, delay: number) =>
  defineScenario({
    name,
    setup(sim) {
      sim.installGlobals();
      const c = new Cell(sim, 'c', 0);
      for (const who of ['p', 'q']) {
        sim.spawn(who, async () => {
          const v = await c.get();
          await new Promise((resolve) => setTimeout(resolve, delay));
          const t = setTimeout(() => sim.log('never'), 5);
          clearTimeout(t);
          await c.set(v + 1);
          sim.log('seen', { now: Date.now(), at: new Date().toISOString(), r: Math.random(), id: randomUUID(), perf: performance.now() });
        });
      }
    },
  });

/** A scenario of models only: its clock is the sim's. */
const onModels = defineScenario({
  name: 'overlap-models',
  setup(sim) {
    const c = new Cell(sim, 'c', 0);
    for (const who of ['x', 'y', 'z']) {
      sim.spawn(who, async () => {
        await sim.sleep(7);
        await c.set((await c.get()) + 1);
        sim.log('t', sim.now);
      });
    }
  },
});

const SEEDS = 1000;

describe('overlapping runs', () => {
  it('two scenarios run concurrently give the traces each gives alone (1,000 seeds)', async () => {
    const a = onGlobals('overlap-globals-a', 50);
    const b = onGlobals('overlap-globals-b', 20);
    const alone: string[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const runs = [await runOnce(a, { seed }), await runOnce(b, { seed }), await runOnce(onModels, { seed })];
      alone.push(runs.map((r) => `${r.trace.fingerprint}/${r.failure?.message ?? 'ok'}`).join(' '));
    }
    expect(alone[0]).not.toMatch(/escape|error/);
    for (let seed = 0; seed < SEEDS; seed++) {
      const runs = await Promise.all([runOnce(a, { seed }), runOnce(b, { seed }), runOnce(onModels, { seed })]);
      expect(runs.map((r) => `${r.trace.fingerprint}/${r.failure?.message ?? 'ok'}`).join(' ')).toBe(alone[seed]);
    }
  }, 120_000);

  it('a run without globals overlapping one with them keeps real time, and its real timer is its own escape', async () => {
    const real = defineScenario({
      name: 'overlap-real-timer',
      setup(sim) {
        const c = new Cell(sim, 'c', 0);
        sim.spawn('w', async () => {
          await c.get();
          await new Promise((resolve) => setTimeout(resolve, 5));
        });
      },
    });
    const [g, r] = await Promise.all([runOnce(onGlobals('overlap-globals-c', 50)), runOnce(real)]);
    expect(g.failure).toBeUndefined();
    expect(g.trace.steps.some((s) => s.actor === 'w')).toBe(false);
    expect(r.failure?.kind).toBe('escape');
    expect(r.failure?.actor).toBe('w');
  });
});
