/**
 * The asyncio flavours of the sync and queue models (`AsyncioEvent`, `AsyncioLock`,
 * `AsyncioCondition`, `AsyncioSemaphore`, `AsyncioBarrier`, `AsyncioQueue`) against real CPython
 * asyncio: hand-written programs on outcome sets in both directions (see
 * executors/programs/harness.fixture.ts), and 400 generated command programs (asyncio-driver.py)
 * whose completions must come in exactly CPython's order.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EPOCH } from '../sim/clock.js';
import { runOnce } from '../explore/runOnce.js';
import { defineScenario } from '../sim/scenario.js';
import type { Sim } from '../sim/sim.js';
import type { AsyncioTask } from './executors/AsyncioTask.js';
import { EventLoop } from './executors/EventLoop.js';
import { gather } from './executors/gather.js';
import { judge, table } from './executors/programs/harness.fixture.js';
import { syncPrograms } from './executors/programs/sync.fixture.js';
import { AsyncioQueue } from './queues/AsyncioQueue.js';
import { Channel } from './queues/Channel.js';
import { AsyncioBarrier } from './sync/AsyncioBarrier.js';
import { AsyncioCondition } from './sync/AsyncioCondition.js';
import { AsyncioEvent } from './sync/AsyncioEvent.js';
import { AsyncioLock } from './sync/AsyncioLock.js';
import { AsyncioSemaphore } from './sync/AsyncioSemaphore.js';
import { Barrier, BrokenBarrierError } from './sync/Barrier.js';
import { Condition } from './sync/Condition.js';
import { Event } from './sync/Event.js';
import { Mutex } from './sync/Mutex.js';
import { Semaphore } from './sync/Semaphore.js';

type Kind = 'semaphore' | 'event' | 'queue' | 'barrier' | 'condition';
interface Command {
  op: string;
  arg?: number;
}
interface Program {
  kind: Kind;
  param: number;
  commands: Command[];
}
type Completion = [tick: number, op: string, result: unknown];

/** Zero-sleeps between two ticks, as in asyncio-driver.py. */
const SETTLE = 40;

function modelOp(loop: EventLoop, kind: Kind, param: number): (c: Command) => Promise<unknown> {
  switch (kind) {
    case 'semaphore': {
      const s = new AsyncioSemaphore(loop, 's', param);
      return async (c) => (c.op === 'acquire' ? s.acquire() : s.release());
    }
    case 'event': {
      const e = new AsyncioEvent(loop, 'e');
      return async (c) => (c.op === 'wait' ? e.wait() : c.op === 'set' ? e.set() : c.op === 'clear' ? e.clear() : e.isSet());
    }
    case 'queue': {
      const q = new AsyncioQueue<number>(loop, 'q', param);
      return async (c) => (c.op === 'put' ? q.put(c.arg!) : q.get());
    }
    case 'barrier': {
      const b = new AsyncioBarrier(loop, 'b', param);
      return async (c) => {
        if (c.op === 'abort') return b.abort();
        if (c.op === 'reset') return b.reset();
        try {
          return await b.wait();
        } catch (e) {
          if (e instanceof BrokenBarrierError) return 'broken';
          throw e;
        }
      };
    }
    case 'condition': {
      const lock = new AsyncioLock(loop, 'lock');
      const cond = new AsyncioCondition(loop, 'c', lock);
      return (c) => lock.withLock<unknown>(() => (c.op === 'wait' ? cond.wait() : c.op === 'notify' ? cond.notify() : cond.notifyAll()));
    }
  }
}

/** The driver's run(), against the models: the one schedule a loop without threads has. */
async function runModel(p: Program): Promise<Completion[]> {
  const done: Completion[] = [];
  const s = defineScenario({
    name: 'asyncio-commands',
    setup(sim) {
      const loop = new EventLoop(sim);
      const apply = modelOp(loop, p.kind, p.param);
      loop.createTask('driver', async () => {
        let tick = 0;
        const tasks: AsyncioTask<unknown>[] = [];
        for (const c of p.commands) {
          const t = loop.createTask(c.op, () => apply(c));
          t.addDoneCallback((f) => void (f.cancelled || done.push([tick, c.op, f.result() ?? null])));
          tasks.push(t);
          for (let i = 0; i < SETTLE; i++) await loop.sleep(0);
          tick++;
        }
        for (const t of tasks) t.cancel();
        await gather(loop, tasks, { returnExceptions: true });
      });
    },
  });
  const r = await runOnce(s);
  if (!r.ok) throw new Error(`model run failed: ${r.failure?.message}`);
  return done;
}

// The thread flavours (scheduler-chosen wake-ups) against the same runs, per tick as a multiset.
const TICK = 10;

function threadOp(sim: Sim, kind: Kind, param: number): (c: Command) => Promise<unknown> {
  switch (kind) {
    case 'semaphore': {
      const s = new Semaphore(sim, 's', param);
      return async (c) => (c.op === 'acquire' ? s.acquire() : s.release());
    }
    case 'event': {
      const e = new Event(sim, 'e');
      return async (c) => (c.op === 'wait' ? e.wait() : c.op === 'set' ? e.set() : c.op === 'clear' ? e.clear() : e.isSet());
    }
    case 'queue': {
      // asyncio.Queue(maxsize=0) is unbounded.
      const q = new Channel<number>(sim, 'q', { capacity: param === 0 ? Infinity : param });
      return async (c) => {
        if (c.op === 'put') return q.send(c.arg!);
        const r = await q.recv();
        return r.ok ? r.value : 'closed';
      };
    }
    case 'barrier': {
      const b = new Barrier(sim, 'b', param);
      return async (c) => {
        if (c.op === 'abort') return b.abort();
        if (c.op === 'reset') return b.reset();
        try {
          return await b.wait();
        } catch (e) {
          if (e instanceof BrokenBarrierError) return 'broken';
          throw e;
        }
      };
    }
    case 'condition': {
      const m = new Mutex(sim, 'm');
      const cond = new Condition(sim, 'c', m);
      return async (c) => {
        await m.lock();
        try {
          return c.op === 'wait' ? await cond.wait() : c.op === 'notify' ? await cond.signal() : await cond.broadcast();
        } finally {
          await m.unlock();
        }
      };
    }
  }
}

async function runThreadModel(p: Program): Promise<Completion[]> {
  const done: Completion[] = [];
  const s = defineScenario({
    name: 'thread-flavours-vs-asyncio',
    setup(sim) {
      const apply = threadOp(sim, p.kind, p.param);
      p.commands.forEach((c, k) => {
        sim.spawn(`cmd${k}`, async () => {
          await sim.sleep(k * TICK);
          const v = await apply(c);
          done.push([Math.floor((sim.now - EPOCH) / TICK), c.op, v ?? null]);
        });
      });
    },
  });
  const r = await runOnce(s);
  if (!r.ok && r.failure?.kind !== 'deadlock') throw new Error(`model run failed: ${r.failure?.message}`);
  return done;
}

function runAsyncio(programs: Program[]): Completion[][] {
  const driver = fileURLToPath(new URL('./asyncio-driver.py', import.meta.url));
  return JSON.parse(execFileSync('python3', [driver], { input: JSON.stringify(programs), maxBuffer: 64 << 20 }).toString()) as Completion[][];
}

const commands = (ops: Record<string, number>) =>
  fc.array(
    fc.record({ op: fc.constantFrom(...Object.entries(ops).flatMap(([op, w]) => new Array<string>(w).fill(op))), arg: fc.integer({ min: 1, max: 9 }) }),
    { minLength: 1, maxLength: 10 },
  );

const program: fc.Arbitrary<Program> = fc.oneof(
  fc.record({ kind: fc.constant<Kind>('semaphore'), param: fc.integer({ min: 0, max: 2 }), commands: commands({ acquire: 2, release: 1 }) }),
  fc.record({ kind: fc.constant<Kind>('event'), param: fc.constant(0), commands: commands({ wait: 3, set: 1, clear: 1, isSet: 1 }) }),
  fc.record({ kind: fc.constant<Kind>('queue'), param: fc.integer({ min: 0, max: 2 }), commands: commands({ put: 1, get: 1 }) }),
  fc.record({ kind: fc.constant<Kind>('barrier'), param: fc.integer({ min: 1, max: 3 }), commands: commands({ wait: 6, abort: 1, reset: 1 }) }),
  fc.record({ kind: fc.constant<Kind>('condition'), param: fc.constant(0), commands: commands({ wait: 3, notify: 2, notifyAll: 1 }) }),
);

describe('asyncio sync and queue models vs CPython asyncio (outcome sets)', () => {
  it('every program: no CPython outcome the model lacks, no model outcome CPython cannot produce', async () => {
    const verdicts = await judge(syncPrograms);
    console.log(`asyncio differential (sync, queues):\n${table(verdicts)}`);
    for (const v of verdicts) {
      expect(v.missing, `${v.name}: CPython outcomes the model never produces`).toEqual([]);
      expect(v.unjustified, `${v.name}: model outcomes CPython never showed (and no forcing program)`).toEqual([]);
      expect(v.badForcing, `${v.name}: forcing programs that did not produce their outcome`).toEqual([]);
    }
  }, 300_000);

  it('400 generated command programs complete in exactly CPython\'s order, tick by tick', async () => {
    const programs = fc.sample(program, { numRuns: 400, seed: 4242 });
    const real = runAsyncio(programs);
    const counts: Record<string, number> = {};
    for (let i = 0; i < programs.length; i++) {
      const p = programs[i]!;
      const model = await runModel(p);
      if (JSON.stringify(model) !== JSON.stringify(real[i])) {
        expect.fail(`model and asyncio disagree on ${JSON.stringify(p)}\n  model:   ${JSON.stringify(model)}\n  asyncio: ${JSON.stringify(real[i])}`);
      }
      counts[p.kind] = (counts[p.kind] ?? 0) + 1;
    }
    console.log(`asyncio commands: ${programs.length} programs agree, in order (${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  }, 300_000);

  it('the thread flavours complete the same operations with the same results per tick, in their natural schedule', async () => {
    const programs = fc.sample(program, { numRuns: 400, seed: 4242 });
    const real = runAsyncio(programs);
    const canonical = (cs: Completion[]) => cs.map((c) => JSON.stringify(c)).sort();
    for (let i = 0; i < programs.length; i++) {
      const model = await runThreadModel(programs[i]!);
      if (JSON.stringify(canonical(model)) !== JSON.stringify(canonical(real[i]!))) {
        expect.fail(`thread flavours and asyncio disagree on ${JSON.stringify(programs[i])}\n  model:   ${JSON.stringify(canonical(model))}\n  asyncio: ${JSON.stringify(canonical(real[i]!))}`);
      }
    }
  }, 300_000);
});
