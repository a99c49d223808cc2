/**
 * Scale (docs/architecture.md, "Performance"): schedules per second with 1 vs 2 worker threads on one case study (the
 * same deterministic campaign either way — explore's `shard` split), and memory after 10^6 schedules
 * of a small scenario against memory after 10^4 (flat: a run keeps nothing once it is checked).
 * Run with --expose-gc (bench/index.ts does) so the heap numbers are after a collection.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Cell } from '../models/memory/Cell.js';
import { WorkerPool } from '../cli/workerPool.js';
import { bundledScenario } from '../scenarios/registry.js';
import { explore } from '../explore/explore.js';
import { defineScenario } from '../sim/scenario.js';

const CASE = process.env.BENCH_CASE ?? 'event-tape:before:tape-matches-row';
/** Seconds one single-threaded campaign should take; the schedule count is calibrated to it. */
const CAMPAIGN_S = Number(process.env.BENCH_CAMPAIGN_S ?? 3);
const SMALL_RUNS = Number(process.env.BENCH_SMALL_RUNS ?? 1_000_000);

const entry = bundledScenario(CASE);
if (!entry) throw new Error(`bench: no bundled scenario "${CASE}" (set BENCH_CASE to one \`interleave list\` names)`);
const options = { strategy: 'random' as const, seed: 'bench', maxSteps: entry.options?.maxSteps, shard: { index: 0, count: 1 } };
const rate = (r: { schedules: number; elapsedMs: number }) => r.schedules / (r.elapsedMs / 1000);

// Warm-up: JIT for this thread, module loading and JIT in every worker. It also calibrates the
// campaign: short campaigns measure worker start-up and the tail where one worker idles, not throughput.
const pool = new WorkerPool(2);
await explore(entry.scenario, { ...options, runs: 3000 });
await pool.explore(CASE, { ...options, runs: 6000 });
const warm = await explore(entry.scenario, { ...options, runs: 6000 });
const runs = Math.max(6000, Math.round((rate(warm) * CAMPAIGN_S) / 1000) * 1000);

// `--workers 1` is what the CLI does with one worker: explore on the main thread, no pool. Rounds
// alternate 1 and 2 workers and the medians are compared, so a noisy neighbour hits both alike.
const ROUNDS = 3;
const ones: number[] = [];
const twos: number[] = [];
const cpu = [0, 0];
const timed = async <T>(k: number, f: () => Promise<T>): Promise<T> => {
  const before = process.cpuUsage();
  const r = await f();
  const used = process.cpuUsage(before);
  cpu[k]! += (used.user + used.system) / 1000;
  return r;
};
let same = true;
for (let round = 0; round < ROUNDS; round++) {
  const one = await timed(0, () => explore(entry.scenario, { ...options, runs }));
  const two = await timed(1, () => pool.explore(CASE, { ...options, runs }));
  same &&= one.ok === two.ok && one.schedules === two.schedules && one.failure?.token === two.failure?.token;
  ones.push(rate(one));
  twos.push(rate(two));
}
await pool.close();
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [a, b] = [median(ones), median(twos)];
const busy = loadavg()[0]! > availableParallelism() + 0.5;
console.log(`workers — ${CASE}, random, ${runs.toLocaleString('en-US')} schedules per campaign (~${CAMPAIGN_S} s on one thread), median of ${ROUNDS} alternating rounds (${entry.expect === 'passes' ? 'a clean variant: every schedule runs' : 'stops at the first failure'})`);
console.log(`  --workers 1: ${Math.round(a).toLocaleString('en-US')} schedules/s (main thread, no pool)`);
console.log(`  --workers 2: ${Math.round(b).toLocaleString('en-US')} schedules/s (two worker threads, sharded)`);
console.log(`  speed-up ${(b / a).toFixed(2)}× (target: close to 2× on 2 idle cores); same campaign result: ${same ? 'yes' : 'NO'}`);
// On a busy machine wall-clock speed-up says little; CPU time per schedule says whether the split costs anything.
console.log(`  CPU per 1000 schedules: ${((cpu[0]! / (runs * ROUNDS)) * 1000).toFixed(0)} ms with 1 thread, ${((cpu[1]! / (runs * ROUNDS)) * 1000).toFixed(0)} ms over 2 workers; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores${busy ? ' (busy: the wall-clock ratio is not meaningful)' : ''}`);

// Memory: a tiny clean scenario, heap sampled after 10^4 schedules and at the end.
const small = defineScenario({
  name: 'bench-small',
  setup(sim) {
    const c = new Cell(sim, 'c', 0);
    sim.spawn('A', () => c.update((v) => v + 1));
    sim.spawn('B', () => c.update((v) => v + 1));
    return c;
  },
  invariant(c) {
    if (c.value > 2) throw new Error('impossible');
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
let at1e4 = 0;
const started = performance.now();
const r = await explore(small, {
  strategy: 'random',
  seed: 1,
  runs: SMALL_RUNS,
  onProgress: ({ schedules }) => {
    if (!at1e4 && schedules >= 10_000) at1e4 = heap();
  },
});
const end = heap();
const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
console.log(`memory — ${r.schedules.toLocaleString('en-US')} schedules of a 2-actor scenario in ${((performance.now() - started) / 1000).toFixed(1)} s${gc ? '' : ' (no --expose-gc: numbers include garbage)'}`);
console.log(`  heap after 10^4 schedules: ${mb(at1e4)}; after ${r.schedules.toExponential(0).replace('e+', ' × 10^')}: ${mb(end)}; ratio ${(end / at1e4).toFixed(2)} (flat ≈ 1)`);
