/** Small protocols with a hole: a driver's stop path, a token ring (bench/programs/program.ts). */
import { Cell } from '../../models/memory/Cell.js';
import { Condition } from '../../models/sync/Condition.js';
import { Mutex } from '../../models/sync/Mutex.js';
import { defineScenario } from '../../sim/scenario.js';
import { assert, type BenchProgram } from './program.js';

/**
 * SCTBench `bluetooth_driver` (Qadeer & Wu's KISS example): an I/O request checks the stopping
 * flag, then counts itself in; the stopper can raise the flag, drain the count and stop the device
 * in between, and the request then runs on a stopped device. The fix checks and counts under a lock
 * the stopper takes to raise the flag.
 */
function bluetooth(fixed: boolean) {
  return defineScenario({
    name: `bench-bluetooth-driver${fixed ? '-fixed' : ''}`,
    setup(sim) {
      const pendingIo = new Cell(sim, 'pendingIo', 1);
      const stoppingFlag = new Cell(sim, 'stoppingFlag', false);
      const stoppingEvent = new Cell(sim, 'stoppingEvent', false);
      const stopped = new Cell(sim, 'stopped', false);
      const m = new Mutex(sim, 'm');
      const dec = async () => {
        if ((await pendingIo.update((n) => n - 1)) === 0) await stoppingEvent.set(true);
      };
      sim.spawn('adder', async () => {
        if (fixed) await m.lock();
        const stopping = await stoppingFlag.get();
        if (!stopping) await pendingIo.update((n) => n + 1);
        if (fixed) await m.unlock();
        if (stopping) return;
        assert(!(await stopped.get()), 'an I/O request ran on a stopped driver');
        await dec();
      });
      sim.spawn('stopper', async () => {
        if (fixed) await m.lock();
        await stoppingFlag.set(true);
        if (fixed) await m.unlock();
        await dec();
        while (!(await stoppingEvent.get())) await sim.yield('wait-stopping-event');
        await stopped.set(true);
      });
      return {};
    },
  });
}

/**
 * A token ring of three actors, two rounds each: the holder reads the shared count, passes the token,
 * then writes the count back — so the next holder can read the old count. The fix writes first.
 */
function tokenRing(fixed: boolean) {
  return defineScenario({
    name: `bench-token-ring${fixed ? '-fixed' : ''}`,
    setup(sim) {
      const n = 3;
      const rounds = 2;
      const token = new Cell(sim, 'token', 0);
      const count = new Cell(sim, 'count', 0);
      const m = new Mutex(sim, 'ring');
      const turn = new Condition(sim, 'turn', m);
      for (let i = 0; i < n; i++) {
        sim.spawn(`node${i}`, async () => {
          for (let r = 0; r < rounds; r++) {
            await m.lock();
            while ((await token.get()) !== i) await turn.wait();
            await m.unlock();
            const c = await count.get();
            if (fixed) await count.set(c + 1);
            await m.lock();
            await token.set((i + 1) % n);
            await turn.broadcast();
            await m.unlock();
            if (!fixed) await count.set(c + 1);
          }
        });
      }
      return { count, total: n * rounds };
    },
    check: ({ count, total }) =>
      assert(count.value === total, `count is ${count.value} after ${total} turns`),
  });
}

export const protocolPrograms: BenchProgram[] = [
  {
    name: 'bluetooth_driver',
    bug: 'a request counted in after the stopper drained the count',
    buggy: bluetooth(false),
    correct: bluetooth(true),
  },
  {
    name: 'token_ring',
    bug: 'the token passed before the count is written',
    buggy: tokenRing(false),
    correct: tokenRing(true),
  },
];
