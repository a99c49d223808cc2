/** Data races on plain cells: lost updates, check-then-act, torn reads (bench/programs/program.ts). */
import { Cell } from '../../models/memory/Cell.js';
import { Mutex } from '../../models/sync/Mutex.js';
import { defineScenario } from '../../sim/scenario.js';
import { assert, type BenchProgram } from './program.js';

/** Two increments of one counter, read then write: the textbook lost update. */
function lostUpdate(locked: boolean) {
  return defineScenario({
    name: `bench-lost-update${locked ? '-locked' : ''}`,
    setup(sim) {
      const counter = new Cell(sim, 'counter', 0);
      const m = new Mutex(sim, 'm');
      const inc = async () => {
        if (locked) await m.lock();
        const v = await counter.get();
        await counter.set(v + 1);
        if (locked) await m.unlock();
      };
      sim.spawn('t1', inc);
      sim.spawn('t2', inc);
      return { counter };
    },
    check: ({ counter }) =>
      assert(counter.value === 2, `counter is ${counter.value} after two increments`),
  });
}

/** Lazy initialisation guarded by a flag that is checked, then set: two initialisations. */
function checkThenAct(locked: boolean) {
  return defineScenario({
    name: `bench-check-then-act${locked ? '-locked' : ''}`,
    setup(sim) {
      const initialised = new Cell(sim, 'initialised', false);
      const inits = new Cell(sim, 'inits', 0);
      const m = new Mutex(sim, 'm');
      const user = async () => {
        if (locked) await m.lock();
        if (!(await initialised.get())) {
          await initialised.set(true);
          await inits.update((n) => n + 1);
        }
        if (locked) await m.unlock();
      };
      for (let i = 0; i < 3; i++) sim.spawn(`user${i}`, user);
      return { inits };
    },
    check: ({ inits }) => assert(inits.value === 1, `initialised ${inits.value} times`),
  });
}

/** Transfers between two accounts while an auditor sums them (SCTBench `account`): a torn read. */
function account(locked: boolean) {
  return defineScenario({
    name: `bench-account${locked ? '-locked' : ''}`,
    setup(sim) {
      const a = new Cell(sim, 'a', 100);
      const b = new Cell(sim, 'b', 100);
      const m = new Mutex(sim, 'bank');
      const transfer = (from: Cell<number>, to: Cell<number>, amount: number) => async () => {
        await m.lock();
        await from.set((await from.get()) - amount);
        await to.set((await to.get()) + amount);
        await m.unlock();
      };
      sim.spawn('pay', transfer(a, b, 30));
      sim.spawn('refund', transfer(b, a, 10));
      sim.spawn('audit', async () => {
        if (locked) await m.lock();
        const total = (await a.get()) + (await b.get());
        if (locked) await m.unlock();
        assert(total === 200, `audit saw a total of ${total}, not 200`);
      });
      return {};
    },
  });
}

/** An array stack whose push reads top, fills the slot, then bumps top: two pushes share a slot. */
function stack(locked: boolean) {
  return defineScenario({
    name: `bench-stack${locked ? '-locked' : ''}`,
    setup(sim) {
      const top = new Cell(sim, 'top', 0);
      const slots = [0, 1, 2, 3].map((i) => new Cell(sim, `slot${i}`, -1));
      const m = new Mutex(sim, 'm');
      const push = (v: number) => async () => {
        if (locked) await m.lock();
        const t = await top.get();
        await slots[t]!.set(v);
        await top.set(t + 1);
        if (locked) await m.unlock();
      };
      sim.spawn('push1', push(1));
      sim.spawn('push2', push(2));
      sim.spawn('push3', push(3));
      return { top, slots };
    },
    check({ top, slots }) {
      const items = slots.slice(0, top.value).map((s) => s.value);
      assert(
        top.value === 3 && [1, 2, 3].every((v) => items.includes(v)),
        `stack holds [${items.join(', ')}] after pushing 1, 2, 3`,
      );
    },
  });
}

/** Two consumers of one queue that check the size, then take the head: one item taken twice. */
function queue(locked: boolean) {
  return defineScenario({
    name: `bench-queue${locked ? '-locked' : ''}`,
    setup(sim) {
      const items = [10, 20];
      const head = new Cell(sim, 'head', 0);
      const taken: number[] = [];
      const m = new Mutex(sim, 'm');
      const consumer = async () => {
        for (let tries = 0; tries < 2; tries++) {
          if (locked) await m.lock();
          const h = await head.get();
          if (h < items.length) {
            taken.push(items[h]!);
            await head.set(h + 1);
          }
          if (locked) await m.unlock();
        }
      };
      sim.spawn('c1', consumer);
      sim.spawn('c2', consumer);
      return { taken };
    },
    check: ({ taken }) =>
      assert(
        taken.length === 2 && new Set(taken).size === 2,
        `consumers took [${taken.join(', ')}] from [10, 20]`,
      ),
  });
}

/** A block bitmap (SCTBench `fsbench`): allocators test a bit, then set it, and claim one block twice. */
function fsbench(locked: boolean) {
  return defineScenario({
    name: `bench-fsbench${locked ? '-locked' : ''}`,
    setup(sim) {
      const busy = [0, 1, 2].map((i) => new Cell(sim, `busy${i}`, false));
      const owner = busy.map((_, i) => new Cell<string | null>(sim, `owner${i}`, null));
      const m = new Mutex(sim, 'bitmap');
      const alloc = (me: string) => async () => {
        if (locked) await m.lock();
        for (let i = 0; i < busy.length; i++) {
          if (!(await busy[i]!.get())) {
            await busy[i]!.set(true);
            const prev = await owner[i]!.get();
            assert(prev === null, `block ${i} allocated to ${me} and ${prev}`);
            await owner[i]!.set(me);
            break;
          }
        }
        if (locked) await m.unlock();
      };
      for (const me of ['f1', 'f2', 'f3']) sim.spawn(me, alloc(me));
      return {};
    },
  });
}

export const racePrograms: BenchProgram[] = [
  {
    name: 'lost_update',
    bug: 'read-modify-write of a counter by two actors',
    buggy: lostUpdate(false),
    correct: lostUpdate(true),
  },
  {
    name: 'check_then_act',
    bug: 'a flag checked, then set: initialised twice',
    buggy: checkThenAct(false),
    correct: checkThenAct(true),
  },
  {
    name: 'account',
    bug: 'an audit reads two balances mid-transfer',
    buggy: account(false),
    correct: account(true),
  },
  { name: 'stack', bug: 'two pushes read the same top', buggy: stack(false), correct: stack(true) },
  {
    name: 'queue',
    bug: 'two consumers take the same head',
    buggy: queue(false),
    correct: queue(true),
  },
  {
    name: 'fsbench',
    bug: 'two allocators claim the same free block',
    buggy: fsbench(false),
    correct: fsbench(true),
  },
];
