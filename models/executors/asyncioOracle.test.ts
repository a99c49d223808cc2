/**
 * Differential test of the executor models against real CPython asyncio (asyncio_oracle.py).
 *
 * The program space is small, so python runs once over all of it; fast-check then draws programs
 * (and would shrink a mismatch) and each is explored exhaustively (dfs) in the model. Compared:
 * - `exact` fields: outcomes asyncio guarantees whatever the thread timing — the model must give
 *   that one outcome in every schedule;
 * - the whole outcome: asyncio's must be one of the model's (the model's schedules are a superset:
 *   it does not reproduce the loop's FIFO ready queue, nor how far the loop runs while a thread is
 *   between two statements).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../sim/actor.js';
import { CancelledError } from '../../sim/errors.js';
import { explore } from '../../sim/explore.js';
import { defineScenario } from '../../sim/scenario.js';
import type { Sim } from '../../sim/sim.js';
import { Event } from '../sync/Event.js';
import { EventLoop } from './EventLoop.js';
import { runCoroutineThreadsafe } from './runCoroutineThreadsafe.js';
import { toThread } from './toThread.js';

type ToThreadProgram = { kind: 'to_thread'; steps: number; raises: boolean; cancel: 'none' | 'before-start' | 'while-running' | 'from-worker-at-end' };
type RctProgram = { kind: 'rct'; awaits: number; raises: boolean; mode: 'wait' | 'nowait' | 'cancel' };
type Program = ToThreadProgram | RctProgram;
type Outcome = Record<string, unknown>;

const toThreadArb: fc.Arbitrary<Program> = fc.record({
  kind: fc.constant('to_thread' as const),
  steps: fc.integer({ min: 0, max: 3 }),
  raises: fc.boolean(),
  cancel: fc.constantFrom('none' as const, 'before-start' as const, 'while-running' as const, 'from-worker-at-end' as const),
});
const rctArb: fc.Arbitrary<Program> = fc.record({
  kind: fc.constant('rct' as const),
  awaits: fc.integer({ min: 0, max: 2 }),
  raises: fc.boolean(),
  mode: fc.constantFrom('wait' as const, 'nowait' as const, 'cancel' as const),
});

function allPrograms(): Program[] {
  const out: Program[] = [];
  for (const steps of [0, 1, 2, 3]) for (const raises of [false, true]) for (const cancel of ['none', 'before-start', 'while-running', 'from-worker-at-end'] as const) out.push({ kind: 'to_thread', steps, raises, cancel });
  for (const awaits of [0, 1, 2]) for (const raises of [false, true]) for (const mode of ['wait', 'nowait', 'cancel'] as const) out.push({ kind: 'rct', awaits, raises, mode });
  return out;
}

/** Fields asyncio guarantees for this program (the rest may depend on thread timing). */
function exactFields(p: Program): string[] {
  if (p.kind === 'to_thread') return p.cancel === 'from-worker-at-end' ? [] : ['awaiter', 'list', 'logged'];
  return p.mode === 'nowait' ? ['awaiter', 'list', 'logged'] : ['awaiter', 'list', 'logged', 'seenAtResume', 'cancel', 'result'];
}

const key = (p: Program) => JSON.stringify(p);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function oracle(programs: Program[]): Map<string, Outcome> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'asyncio_oracle.py');
  const out = JSON.parse(execFileSync('python3', [script], { input: JSON.stringify(programs), encoding: 'utf8', timeout: 60_000 })) as Outcome[];
  return new Map(programs.map((p, i) => [key(p), out[i]!]));
}

/** The same program written against the models; returns the outcome of one run. */
function build(sim: Sim, p: Program): () => Outcome {
  const loop = new EventLoop(sim);
  const lst: string[] = [];
  const out: Outcome = {};
  // A thread's list.append: atomic under the GIL, but the thread may be preempted before it.
  const threadAppend = async (x: string) => {
    await sim.point('list.append', { obj: 'list', args: [x] });
    lst.push(x);
  };
  const loopAppend = (x: string) => {
    lst.push(x);
    sim.touch('list');
  };
  if (p.kind === 'to_thread') {
    out.awaiter = 'not-started';
    const started = new Event(sim, 'started');
    const gate = new Event(sim, 'gate');
    let task!: Actor;
    const worker = async () => {
      if (p.cancel === 'while-running') {
        await started.set();
        await gate.wait();
      }
      for (let i = 0; i < p.steps; i++) await threadAppend(`w${i}`);
      if (p.cancel === 'from-worker-at-end') loop.callSoonThreadsafe(() => void task.cancel());
      if (p.raises) throw new Error('worker');
      return 'wv';
    };
    const awaiter = async () => {
      out.awaiter = 'started';
      try {
        out.awaiter = `value:${await toThread(sim, worker)}`;
      } catch (e) {
        if (e instanceof CancelledError) {
          out.awaiter = 'cancelled';
          loopAppend('cleanup');
        } else out.awaiter = `error:${message(e)}`;
      }
    };
    loop.createTask('main', async () => {
      task = loop.createTask('awaiter', awaiter);
      if (p.cancel === 'before-start') task.cancel();
      if (p.cancel === 'while-running') {
        await toThread(sim, () => started.wait(), 'started.wait');
        task.cancel();
        await task.join().catch(() => {});
        await gate.set();
      }
      await task.join().catch(() => {});
    });
    return () => ({ awaiter: out.awaiter, list: [...lst], logged: [] });
  }
  const never = new Event(sim, 'never');
  const coro = async () => {
    loopAppend('c0');
    if (p.mode === 'cancel') {
      try {
        await never.wait();
      } catch (e) {
        if (e instanceof CancelledError) loopAppend('coro-cancelled');
        throw e;
      }
    }
    for (let i = 0; i < p.awaits; i++) {
      await sim.yield('asyncio.sleep(0)');
      loopAppend(`c${i + 1}`);
    }
    if (p.raises) throw new Error('coro');
    return 'cv';
  };
  const worker = async () => {
    const f = runCoroutineThreadsafe(loop, coro, 'coro');
    if (p.mode === 'wait') {
      try {
        const v = await f.result();
        await threadAppend(`got:${v}`);
      } catch (e) {
        await threadAppend(`got-error:${message(e)}`);
      }
    }
    if (p.mode === 'cancel') {
      out.cancel = f.cancel();
      try {
        await f.result();
      } catch (e) {
        if (e instanceof CancelledError) out.result = 'cancelled';
      }
    }
    return 'wv';
  };
  loop.createTask('awaiter', async () => {
    out.awaiter = `value:${await toThread(sim, worker)}`;
    if (p.mode !== 'cancel') out.seenAtResume = [...lst];
  });
  return () => ({ ...out, list: p.mode === 'cancel' ? [...lst].sort() : [...lst], logged: [] });
}

/** Every outcome of the program over all its schedules (dfs without reduction: the list is plain state). */
async function modelOutcomes(p: Program): Promise<Set<string>> {
  const seen = new Set<string>();
  const s = defineScenario({
    name: 'asyncio-oracle',
    setup: (sim) => build(sim, p),
    check: (summary) => void seen.add(JSON.stringify(summary())),
  });
  const r = await explore(s, { strategy: 'dfs', reduction: false, runs: 20_000, seed: 1 });
  if (!r.ok) seen.add(JSON.stringify({ runFailed: r.failure?.message }));
  expect(r.exhausted, `dfs did not exhaust ${key(p)}`).toBeDefined();
  return seen;
}

const pick = (o: Outcome, fields: string[]) => JSON.stringify(fields.map((f) => [f, o[f] ?? null]));
const canonical = (o: Outcome) => JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])));

describe('executor models vs CPython asyncio', () => {
  const table = oracle(allPrograms());

  it('python reports no "never retrieved" or other loop errors for any program', () => {
    for (const o of table.values()) expect(o.logged).toEqual([]);
  });

  it('the model reproduces asyncio\'s outcome for generated programs (guaranteed fields exactly, the rest as one of its schedules)', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(toThreadArb, rctArb), async (p) => {
        const real = table.get(key(p))!;
        const model = [...(await modelOutcomes(p))].map((s) => JSON.parse(s) as Outcome);
        const fields = exactFields(p);
        const exact = new Set(model.map((o) => pick(o, fields)));
        expect([...exact], `guaranteed fields of ${key(p)}`).toEqual([pick(real, fields)]);
        expect(model.map(canonical), `asyncio's outcome is one of the model's for ${key(p)}`).toContain(canonical(real));
        compared++;
      }),
      { numRuns: 30, seed: 20261122 },
    );
    expect(compared).toBe(30);
  });
});
