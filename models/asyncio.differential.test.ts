/**
 * Differential test of the sync and queue models against the real thing: Python's asyncio
 * (`Semaphore`, `Event`, `Queue`, `Barrier`, `Condition`), run by `asyncio-driver.py`.
 *
 * A program is a list of commands; command k starts a new task/actor at tick k, and everything
 * settles before the next tick. What is compared is, per tick, the multiset of operations that
 * completed and their results — the observable behaviour. Which of several blocked waiters is woken
 * is left to the scheduler by the models (asyncio happens to be FIFO), so that order is not
 * compared; how many complete, and with what, is.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EPOCH } from '../sim/clock.js';
import { runOnce } from '../sim/runOnce.js';
import { defineScenario } from '../sim/scenario.js';
import type { Sim } from '../sim/sim.js';
import { Channel } from './queues/Channel.js';
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

const TICK = 10;

function simOp(sim: Sim, kind: Kind, param: number): (c: Command) => Promise<unknown> {
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

async function runModel(p: Program): Promise<Completion[]> {
  const done: Completion[] = [];
  const s = defineScenario({
    name: 'asyncio-differential',
    setup(sim) {
      const apply = simOp(sim, p.kind, p.param);
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

const canonical = (cs: Completion[]) => cs.map((c) => JSON.stringify(c)).sort();

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

describe('models vs Python asyncio (differential)', () => {
  it('Semaphore, Event, Channel, Barrier and Condition complete the same operations with the same results, tick by tick', async () => {
    const programs = fc.sample(program, { numRuns: 400, seed: 4242 });
    const real = runAsyncio(programs);
    const counts: Record<string, number> = {};
    for (let i = 0; i < programs.length; i++) {
      const p = programs[i]!;
      const model = await runModel(p);
      if (JSON.stringify(canonical(model)) !== JSON.stringify(canonical(real[i]!))) {
        expect.fail(`model and asyncio disagree on ${JSON.stringify(p)}\n  model:   ${JSON.stringify(canonical(model))}\n  asyncio: ${JSON.stringify(canonical(real[i]!))}`);
      }
      counts[p.kind] = (counts[p.kind] ?? 0) + 1;
    }
    console.log(`asyncio differential: ${programs.length} programs agree (${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  });
});
