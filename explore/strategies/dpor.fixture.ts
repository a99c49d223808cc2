/**
 * Small random programs for checking partial-order reduction against plain enumeration: a few actors
 * each doing a few operations on shared cells, under one mutex, with sleeps, yields and kills of
 * one another (a kill takes the victim's pending operation away). The outcome of
 * a run is every value an actor read plus the cells' final values, so two schedules with the same
 * outcome are indistinguishable to any check a scenario could make.
 */
import fc from 'fast-check';
import { Cell } from '../../models/memory/Cell.js';
import { Mutex } from '../../models/sync/Mutex.js';
import { executeRun } from '../../sim/execute.js';
import { defineScenario, type Scenario } from '../../sim/scenario.js';
import { dfsStrategy, type DfsOptions } from './dfs.js';

export type Op =
  | { kind: 'get' | 'set' | 'update'; cell: number }
  | { kind: 'sleep'; ms: number }
  | { kind: 'yield' }
  | { kind: 'kill'; actor: number }
  | { kind: 'locked'; ops: Op[] };

export type Program = Op[][];

const cellOp = fc.record({ kind: fc.constantFrom('get' as const, 'set' as const, 'update' as const), cell: fc.integer({ min: 0, max: 2 }) });
const plainOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: cellOp },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sleep' as const), ms: fc.constantFrom(0, 5, 10) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('yield' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kill' as const), actor: fc.integer({ min: 0, max: 2 }) }) },
);
const op: fc.Arbitrary<Op> = fc.oneof({ weight: 5, arbitrary: plainOp }, { weight: 1, arbitrary: fc.record({ kind: fc.constant('locked' as const), ops: fc.array(cellOp, { minLength: 1, maxLength: 2 }) }) });

function size(ops: readonly Op[]): number {
  return ops.reduce((n, o) => n + (o.kind === 'locked' ? o.ops.length + 2 : 1), 0);
}

/** Two or three actors, at most `maxSteps` scheduling points in all (starts not counted). */
export function programs(maxSteps = 7): fc.Arbitrary<Program> {
  return fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }).filter((p) => p.reduce((n, a) => n + size(a), 0) <= maxSteps);
}

/** Exactly three actors of two to four operations: enough for a preemption bound to cut deep prefixes. */
export function widePrograms(maxSteps = 11): fc.Arbitrary<Program> {
  return fc.array(fc.array(op, { minLength: 2, maxLength: 4 }), { minLength: 3, maxLength: 3 }).filter((p) => p.reduce((n, a) => n + size(a), 0) <= maxSteps);
}

export function scenarioOf(program: Program, outcomes: Set<string>): Scenario<unknown, unknown> {
  return defineScenario({
    name: 'dpor-fuzz',
    setup(sim) {
      const cells = [0, 1, 2].map((c) => new Cell(sim, `c${c}`, 0));
      const m = new Mutex(sim, 'm');
      const reads: number[][] = program.map(() => []);
      const run = async (a: number, ops: readonly Op[]): Promise<void> => {
        for (const o of ops) {
          if (o.kind === 'get') reads[a]!.push(await cells[o.cell]!.get());
          else if (o.kind === 'set') await cells[o.cell]!.set(10 * (a + 1) + reads[a]!.length);
          else if (o.kind === 'update') reads[a]!.push(await cells[o.cell]!.update((v) => v * 3 + a + 1));
          else if (o.kind === 'sleep') await sim.sleep(o.ms);
          else if (o.kind === 'yield') await sim.yield();
          else if (o.kind === 'kill') {
            // A kill of itself or of no such actor is a plain yield: the program stays one of steps.
            if (o.actor !== a && actors[o.actor]) actors[o.actor]!.kill();
            await sim.yield();
          }
          else if (o.kind === 'locked') {
            await m.lock();
            await run(a, o.ops);
            await m.unlock();
          }
        }
      };
      const actors = program.map((ops, a) => sim.spawn(`a${a}`, () => run(a, ops)));
      return { cells, reads };
    },
    check({ cells, reads }: { cells: Cell<number>[]; reads: number[][] }) {
      outcomes.add(JSON.stringify([cells.map((c) => c.value), reads]));
    },
  }) as Scenario<unknown, unknown>;
}

export interface Enumeration {
  outcomes: Set<string>;
  /** Complete schedules of the final level. */
  schedules: number;
  /** Runs of all levels, sleep-set blocked ones included. */
  runs: number;
  complete: boolean;
}

/** Every outcome dfs reaches on the program (driven directly, so failures do not stop it). */
export async function enumerate(program: Program, options: DfsOptions, maxRuns = 100_000): Promise<Enumeration> {
  const outcomes = new Set<string>();
  const scenario = scenarioOf(program, outcomes);
  const strategy = dfsStrategy(options);
  let runs = 0;
  for (; runs < maxRuns; runs++) {
    const plan = strategy.next();
    if (!plan) break;
    const r = await executeRun(scenario, undefined, { source: plan.source });
    strategy.done({ steps: r.steps, schedulePoints: r.choices.length, failed: !r.ok, abandoned: r.abandoned ?? false });
  }
  if (strategy.nondeterminism) throw new Error(strategy.nondeterminism);
  if (!strategy.exhausted) throw new Error(`dfs did not finish within ${maxRuns} runs`);
  return { outcomes, schedules: strategy.exhausted.schedules, runs, complete: strategy.exhausted.complete };
}
