import { describe, expect, it } from 'vitest';
import { Cell } from '../models/memory/Cell.js';
import { abba } from '../scenarios/demo/abba.js';
import { explore } from './explore.js';
import { runOnce } from './runOnce.js';
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

  it('reports an actor awaiting a promise nobody resolves as an escape', async () => {
    const r = await runOnce(
      defineScenario({
        name: 'forever',
        setup(sim) {
          sim.spawn('stuck', () => new Promise(() => {}));
        },
      }),
    );
    expect(r.failure?.kind).toBe('escape');
    expect(r.failure?.actor).toBe('stuck');
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
