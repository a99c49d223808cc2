/** Deadlocks and lost wake-ups (bench/programs/program.ts); the kit reports a deadlock by itself. */
import { Cell } from '../../models/memory/Cell.js';
import { Condition } from '../../models/sync/Condition.js';
import { Mutex } from '../../models/sync/Mutex.js';
import { defineScenario } from '../../sim/scenario.js';
import type { BenchProgram } from './program.js';

/** Lock-order inversion between two actors (SCTBench `deadlock01`). */
function abba(ordered: boolean) {
  return defineScenario({
    name: `bench-abba${ordered ? '-ordered' : ''}`,
    setup(sim) {
      const a = new Mutex(sim, 'A');
      const b = new Mutex(sim, 'B');
      const both = (first: Mutex, second: Mutex) => async () => {
        await first.lock();
        await second.lock();
        await second.unlock();
        await first.unlock();
      };
      sim.spawn('t1', both(a, b));
      sim.spawn('t2', ordered ? both(a, b) : both(b, a));
      return {};
    },
  });
}

/**
 * A lock-order inversion that only one path takes (after SCTBench `carter01`): t1 takes B inside A
 * only when a third actor has raised a flag, so the deadlock needs that actor to run first.
 */
function carter(ordered: boolean) {
  return defineScenario({
    name: `bench-carter${ordered ? '-ordered' : ''}`,
    setup(sim) {
      const a = new Mutex(sim, 'A');
      const b = new Mutex(sim, 'B');
      const flag = new Cell(sim, 'flag', false);
      sim.spawn('t1', async () => {
        await a.lock();
        if (await flag.get()) {
          await b.lock();
          await b.unlock();
        }
        await a.unlock();
      });
      sim.spawn('t2', async () => {
        const [first, second] = ordered ? [a, b] : [b, a];
        await first.lock();
        await second.lock();
        await second.unlock();
        await first.unlock();
      });
      sim.spawn('t3', () => flag.set(true));
      return {};
    },
  });
}

/** Three dining philosophers, each taking the left fork then the right; the fix orders the forks. */
function dinPhil(ordered: boolean) {
  return defineScenario({
    name: `bench-din-phil-3${ordered ? '-ordered' : ''}`,
    setup(sim) {
      const forks = [0, 1, 2].map((i) => new Mutex(sim, `fork${i}`));
      for (let i = 0; i < 3; i++) {
        const left = forks[i]!;
        const right = forks[(i + 1) % 3]!;
        const [first, second] = ordered && i === 2 ? [right, left] : [left, right];
        sim.spawn(`phil${i}`, async () => {
          await first.lock();
          await second.lock();
          await second.unlock();
          await first.unlock();
        });
      }
      return {};
    },
  });
}

/** The waiter tests the flag outside the lock, so the signal can fall between test and wait. */
function lostWakeup(fixed: boolean) {
  return defineScenario({
    name: `bench-lost-wakeup${fixed ? '-fixed' : ''}`,
    setup(sim) {
      const m = new Mutex(sim, 'm');
      const cond = new Condition(sim, 'cond', m);
      const ready = new Cell(sim, 'ready', false);
      sim.spawn('waiter', async () => {
        if (fixed) {
          await m.lock();
          while (!(await ready.get())) await cond.wait();
          await m.unlock();
        } else if (!(await ready.get())) {
          await m.lock();
          await cond.wait();
          await m.unlock();
        }
      });
      sim.spawn('signaller', async () => {
        if (!fixed) await ready.set(true);
        await m.lock();
        if (fixed) await ready.set(true);
        await cond.signal();
        await m.unlock();
      });
      return {};
    },
  });
}

export const lockPrograms: BenchProgram[] = [
  {
    name: 'abba',
    bug: 'two locks taken in opposite orders',
    buggy: abba(false),
    correct: abba(true),
  },
  {
    name: 'carter',
    bug: 'an inversion on the path a third actor enables',
    buggy: carter(false),
    correct: carter(true),
  },
  {
    name: 'din_phil_3',
    bug: 'three philosophers each hold a left fork',
    buggy: dinPhil(false),
    correct: dinPhil(true),
  },
  {
    name: 'lost_wakeup',
    bug: "a signal between the waiter's test and its wait",
    buggy: lostWakeup(false),
    correct: lostWakeup(true),
  },
];
