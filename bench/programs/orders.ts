/**
 * Ordering bugs: a reader that runs in the window between two writes of another actor, or a lock
 * that protects the wrong thing (bench/programs/program.ts).
 */
import { Cell } from '../../models/memory/Cell.js';
import { Mutex } from '../../models/sync/Mutex.js';
import { defineScenario } from '../../sim/scenario.js';
import { assert, type BenchProgram } from './program.js';

/** SCTBench `reorder_N`: N−1 setters write a = 1 then b = −1; a checker must see both or neither. */
function reorder(n: number, locked: boolean) {
  return defineScenario({
    name: `bench-reorder-${n}${locked ? '-locked' : ''}`,
    setup(sim) {
      const a = new Cell(sim, 'a', 0);
      const b = new Cell(sim, 'b', 0);
      const m = new Mutex(sim, 'm');
      for (let i = 1; i < n; i++) {
        sim.spawn(`set${i}`, async () => {
          if (locked) await m.lock();
          await a.set(1);
          await b.set(-1);
          if (locked) await m.unlock();
        });
      }
      sim.spawn('check', async () => {
        if (locked) await m.lock();
        const x = await a.get();
        const y = await b.get();
        if (locked) await m.unlock();
        assert((x === 0 && y === 0) || (x === 1 && y === -1), `checker saw a = ${x}, b = ${y}`);
      });
      return {};
    },
  });
}

/**
 * SCTBench `twostage_N`: N workers each set data1 under one lock, then data2 = data1 + 1 under
 * another; a reader that takes the first lock, then the second, can see data1 set and data2 not.
 * The fix holds the first lock across both stages.
 */
function twostage(n: number, locked: boolean) {
  return defineScenario({
    name: `bench-twostage-${n}${locked ? '-locked' : ''}`,
    setup(sim) {
      const data1 = new Cell(sim, 'data1', 0);
      const data2 = new Cell(sim, 'data2', 0);
      const m1 = new Mutex(sim, 'm1');
      const m2 = new Mutex(sim, 'm2');
      for (let i = 0; i < n; i++) {
        sim.spawn(`worker${i}`, async () => {
          await m1.lock();
          await data1.set(1);
          if (!locked) await m1.unlock();
          await m2.lock();
          await data2.set((await data1.get()) + 1);
          await m2.unlock();
          if (locked) await m1.unlock();
        });
      }
      sim.spawn('reader', async () => {
        await m1.lock();
        const t1 = await data1.get();
        if (t1 === 0) return m1.unlock();
        if (!locked) await m1.unlock();
        await m2.lock();
        const t2 = await data2.get();
        await m2.unlock();
        if (locked) await m1.unlock();
        assert(t2 === t1 + 1, `reader saw data1 = ${t1} but data2 = ${t2}`);
      });
      return {};
    },
  });
}

/** SCTBench `wronglock_N`: one actor updates under `dataLock`, N others under `thisLock`. */
function wronglock(n: number, locked: boolean) {
  return defineScenario({
    name: `bench-wronglock-${n}${locked ? '-locked' : ''}`,
    setup(sim) {
      const data = new Cell(sim, 'data', 0);
      const dataLock = new Mutex(sim, 'dataLock');
      const thisLock = new Mutex(sim, 'thisLock');
      sim.spawn('funcA', async () => {
        await dataLock.lock();
        const x = await data.get();
        await data.set(x + 1);
        const y = await data.get();
        await dataLock.unlock();
        assert(y === x + 1, `funcA wrote ${x + 1} and read back ${y}`);
      });
      const lock = locked ? dataLock : thisLock;
      for (let i = 0; i < n; i++) {
        sim.spawn(`funcB${i}`, async () => {
          await lock.lock();
          await data.update((v) => v + 1);
          await lock.unlock();
        });
      }
      return {};
    },
  });
}

/** Double-checked lazy initialisation that publishes the instance before filling it in. */
function lazyDcl(fixed: boolean) {
  return defineScenario({
    name: `bench-lazy-dcl${fixed ? '-fixed' : ''}`,
    setup(sim) {
      const instance = new Cell<{ ready: Cell<boolean> } | null>(sim, 'instance', null);
      const m = new Mutex(sim, 'init');
      let n = 0;
      const get = async () => {
        let obj = await instance.get();
        if (obj === null) {
          await m.lock();
          obj = await instance.get();
          if (obj === null) {
            const made = { ready: new Cell(sim, `ready${n++}`, false) };
            if (fixed) await made.ready.set(true);
            await instance.set(made);
            if (!fixed) await made.ready.set(true);
            obj = made;
          }
          await m.unlock();
        }
        assert(await obj.ready.get(), 'used the instance before it was initialised');
      };
      for (let i = 0; i < 3; i++) sim.spawn(`user${i}`, get);
      return {};
    },
  });
}

/** A one-producer ring buffer that publishes the tail before it writes the slot (`circular_buffer`). */
function circularBuffer(fixed: boolean) {
  return defineScenario({
    name: `bench-circular-buffer${fixed ? '-fixed' : ''}`,
    setup(sim) {
      const size = 2;
      const count = 4;
      const slots = [0, 1].map((i) => new Cell(sim, `slot${i}`, -1));
      const head = new Cell(sim, 'head', 0);
      const tail = new Cell(sim, 'tail', 0);
      sim.spawn('producer', async () => {
        for (let v = 0; v < count; v++) {
          let t = await tail.get();
          while (t - (await head.get()) === size) await sim.yield('full');
          t = await tail.get();
          if (fixed) await slots[t % size]!.set(v);
          await tail.set(t + 1);
          if (!fixed) await slots[t % size]!.set(v);
        }
      });
      sim.spawn('consumer', async () => {
        for (let want = 0; want < count; want++) {
          const h = await head.get();
          while ((await tail.get()) === h) await sim.yield('empty');
          const v = await slots[h % size]!.get();
          assert(v === want, `consumer read ${v}, expected ${want}`);
          await head.set(h + 1);
        }
      });
      return {};
    },
  });
}

export const orderPrograms: BenchProgram[] = [
  {
    name: 'reorder_3',
    bug: "a checker between a setter's two writes (2 setters)",
    buggy: reorder(3, false),
    correct: reorder(3, true),
  },
  {
    name: 'reorder_10',
    bug: 'the same with 9 setters',
    buggy: reorder(10, false),
    correct: reorder(10, true),
  },
  {
    name: 'reorder_20',
    bug: 'the same with 19 setters: wide enough that PCT loses to a random walk',
    buggy: reorder(20, false),
    correct: reorder(20, true),
  },
  {
    name: 'twostage',
    bug: 'a reader between the two locked stages (1 worker)',
    buggy: twostage(1, false),
    correct: twostage(1, true),
  },
  {
    name: 'twostage_20',
    bug: 'the same with 20 workers',
    buggy: twostage(20, false),
    correct: twostage(20, true),
  },
  {
    name: 'wronglock',
    bug: 'one writer under the wrong lock',
    buggy: wronglock(1, false),
    correct: wronglock(1, true),
  },
  {
    name: 'wronglock_3',
    bug: 'three writers under the wrong lock',
    buggy: wronglock(3, false),
    correct: wronglock(3, true),
  },
  {
    name: 'lazy_dcl',
    bug: 'double-checked init publishes before it initialises',
    buggy: lazyDcl(false),
    correct: lazyDcl(true),
  },
  {
    name: 'circular_buffer',
    bug: 'the tail published before the slot is written',
    buggy: circularBuffer(false),
    correct: circularBuffer(true),
  },
];
