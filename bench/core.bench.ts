/**
 * Core throughput (docs/architecture.md, "Performance"): simulated steps per second with tracing on, on a lost-update-free
 * compare-and-set counter with 2, 4 and 8 actors, against fast-check's `fc.scheduler()` on the same
 * scenario and against a bare promise-resume loop that keeps no books (the practical ceiling). All
 * three run in this one process, so the printed ratios compare like with like on a noisy machine.
 */
import fc from 'fast-check';
import { Cell } from '../models/memory/Cell.js';
import { defineScenario } from '../sim/scenario.js';
import { executeRun } from '../sim/execute.js';
import { randomStrategy } from '../explore/strategies/random.js';

const INCREMENTS = 25;
/** Each contender runs in slices of this many ms, taking turns, so load on a shared machine hits all alike. */
const SLICE_MS = Number(process.env.BENCH_MS ?? 300);
const ROUNDS = 5;

function casScenario(actors: number) {
  return defineScenario({
    name: `cas-${actors}`,
    setup(sim) {
      const counter = new Cell(sim, 'counter', 0);
      for (let a = 0; a < actors; a++) {
        sim.spawn(`w${a}`, async () => {
          for (let i = 0; i < INCREMENTS; i++) {
            for (;;) {
              const v = await counter.get();
              if (await counter.compareAndSet(v, v + 1)) break;
            }
          }
        });
      }
      return counter;
    },
    check(counter) {
      if (counter.value !== actors * INCREMENTS) throw new Error(`lost update: ${counter.value}`);
    },
  });
}

async function timed(body: () => Promise<number>): Promise<number> {
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < SLICE_MS) steps += await body();
  return steps / ((performance.now() - start) / 1000);
}

async function interleave(actors: number): Promise<number> {
  const scenario = casScenario(actors);
  const strategy = randomStrategy('bench');
  return timed(async () => {
    const r = await executeRun(scenario, undefined, { source: strategy.next()!.source, maxSteps: 1_000_000 });
    if (!r.ok) throw new Error(r.failure!.message);
    return r.steps;
  });
}

async function fastCheckScheduler(actors: number): Promise<number> {
  let steps = 0;
  const start = performance.now();
  let seed = 1;
  while (performance.now() - start < SLICE_MS) {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        let counter = 0;
        const worker = async () => {
          for (let i = 0; i < INCREMENTS; i++) {
            for (;;) {
              const v = await s.schedule(Promise.resolve(counter));
              steps++;
              const swapped = await s.schedule(Promise.resolve()).then(() => {
                if (counter !== v) return false;
                counter = v + 1;
                return true;
              });
              steps++;
              if (swapped) break;
            }
          }
        };
        await s.waitFor(Promise.all(Array.from({ length: actors }, worker)));
        if (counter !== actors * INCREMENTS) throw new Error('lost update');
      }),
      { numRuns: 5, seed: seed++ },
    );
  }
  return steps / ((performance.now() - start) / 1000);
}

/** N coroutines; a loop resumes one at a time and waits for it to park again. No trace, no checks. */
async function bareLoop(actors: number): Promise<number> {
  return timed(async () => {
    let counter = 0;
    const resume: Array<(() => void) | null> = new Array(actors).fill(null);
    let parked: () => void = () => {};
    const park = (i: number) =>
      new Promise<void>((r) => {
        resume[i] = r;
        parked();
      });
    let live = actors;
    let steps = 0;
    const worker = async (i: number) => {
      await park(i);
      for (let k = 0; k < INCREMENTS; k++) {
        for (;;) {
          const v = counter;
          await park(i);
          const swapped = counter === v;
          if (swapped) counter = v + 1;
          await park(i);
          if (swapped) break;
        }
      }
      live--;
      resume[i] = null;
      parked();
    };
    const started = Array.from({ length: actors }, (_, i) => new Promise<void>((r) => { parked = r; void worker(i); }));
    await Promise.all(started);
    let turn = 0;
    while (live > 0) {
      let i = turn++ % actors;
      while (resume[i] === null) i = turn++ % actors;
      const r = resume[i]!;
      resume[i] = null;
      const done = new Promise<void>((res) => (parked = res));
      r();
      await done;
      steps++;
    }
    if (counter !== actors * INCREMENTS) throw new Error('lost update in bare loop');
    return steps;
  });
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`core throughput — steps/second with tracing on, median of ${ROUNDS} interleaved ${SLICE_MS} ms slices`);
console.log('actors  interleave   fc.scheduler   bare loop   vs fast-check   vs bare loop');
for (const actors of [2, 4, 8]) {
  const il: number[] = [];
  const fcs: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    il.push(await interleave(actors));
    fcs.push(await fastCheckScheduler(actors));
    bare.push(await bareLoop(actors));
  }
  const [a, b, c] = [median(il), median(fcs), median(bare)];
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(11);
  console.log(`${String(actors).padStart(6)} ${fmt(a)}  ${fmt(b)}  ${fmt(c)}   ${(a / b).toFixed(1).padStart(11)}×   ${(a / c).toFixed(2).padStart(10)}×`);
}
console.log('targets: ≥ 3× fc.scheduler, ≥ 0.5× the bare loop');
