/**
 * Real code, side by side with fast-check's `fc.scheduler()` — the one JavaScript peer that runs
 * promise-level code. The same buggy programs over unmodified npm packages (async-mutex, p-limit, a
 * memoized loader, events.once): for interleave the scenarios in scenarios/real-code/, for
 * fast-check the same code with every shared-state access a scheduled task (`s.schedule`), as its
 * documentation has it. Over BENCH_SEEDS seeds (50), at most BENCH_RUNS (10,000) schedules each:
 * seeds that find the bug, the median schedules to the first failure (a miss counts as more than
 * the budget), and the repro each prints — interleave's shrunk steps and context switches, and
 * fast-check's scheduled tasks in its counterexample (its scheduler does not shrink the schedule).
 * The lru-cache TTL program needs virtual time between two calls, which `fc.scheduler()` has no
 * notion of, so it is measured for interleave only.
 */
import { Mutex } from 'async-mutex';
import fc from 'fast-check';
import { EventEmitter, once } from 'node:events';
import pLimit from 'p-limit';
import * as asyncMutex from '../scenarios/real-code/asyncMutex.js';
import * as eventOnce from '../scenarios/real-code/eventOnce.js';
import * as lruCache from '../scenarios/real-code/lruCache.js';
import * as memo from '../scenarios/real-code/memo.js';
import * as pLimitScenarios from '../scenarios/real-code/pLimit.js';
import { explore } from '../explore/explore.js';
import type { Scenario } from '../sim/scenario.js';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);

/** A shared variable as fast-check's users write one: each read and write a scheduled task. */
function cell<T>(s: fc.Scheduler, initial: T) {
  let v = initial;
  return {
    get: () => s.schedule(Promise.resolve()).then(() => v),
    set: (x: T) => s.schedule(Promise.resolve()).then(() => void (v = x)),
    get value() {
      return v;
    },
  };
}

type FcProgram = (s: fc.Scheduler) => Promise<boolean>;

const fcPrograms: Record<string, FcProgram> = {
  'async-mutex-run-exclusive-check-outside': async (s) => {
    const balance = cell(s, 100);
    const mutex = new Mutex();
    const withdraw = async (amount: number) => {
      if ((await balance.get()) < amount) return;
      await mutex.runExclusive(async () => balance.set((await balance.get()) - amount));
    };
    await s.waitFor(Promise.all([withdraw(60), withdraw(60)]));
    return balance.value >= 0;
  },
  'p-limit-2': async (s) => {
    const hits = cell(s, 0);
    const limit = pLimit(2);
    const increment = () => limit(async () => hits.set((await hits.get()) + 1));
    await s.waitFor(Promise.all([increment(), increment(), increment()]));
    return hits.value === 3;
  },
  'memoized-load-missing': async (s) => {
    const loads = cell(s, 0);
    let value: string | undefined;
    const get = async () => {
      if (value === undefined) {
        await loads.set((await loads.get()) + 1);
        value = 'v1';
      }
      return value;
    };
    await s.waitFor(Promise.all([get(), get()]));
    return loads.value === 1;
  },
  'event-once-subscribe-late': async (s) => {
    const ready = new EventEmitter();
    const config = cell<string | undefined>(s, undefined);
    const status = cell(s, 'starting');
    let started = false;
    const loader = (async () => {
      await config.set('v1');
      ready.emit('ready');
    })();
    void (async () => {
      if ((await config.get()) === undefined) {
        await status.set('waiting for config');
        await once(ready, 'ready');
      }
      started = true;
    })();
    await s.waitFor(loader);
    await s.waitAll();
    return started;
  },
};

const interleaveScenarios: Array<Scenario<unknown, unknown>> = [
  asyncMutex.runExclusiveCheckOutside,
  pLimitScenarios.limitTwo,
  memo.notMemoized,
  eventOnce.subscribeLate,
  lruCache.hasThenGet,
] as Array<Scenario<unknown, unknown>>;

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const show = (n: number) => (n > RUNS ? `>${RUNS.toLocaleString('en-US')}` : n.toLocaleString('en-US'));

async function measureInterleave(s: Scenario<unknown, unknown>) {
  const found: number[] = [];
  const sizes: string[] = [];
  let hits = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const r = await explore(s, { seed, runs: RUNS, corpus: false });
    if (r.failure) {
      hits++;
      found.push(r.failure.firstFoundAt);
      sizes.push(`${r.failure.steps}/${r.failure.preemptions}`);
    } else found.push(RUNS + 1);
  }
  const steps = median(sizes.map((x) => Number(x.split('/')[0])));
  const switches = median(sizes.map((x) => Number(x.split('/')[1])));
  return { hits, median: median(found), repro: `${steps} steps, ${switches} switch${switches === 1 ? '' : 'es'}` };
}

async function measureFastCheck(program: FcProgram) {
  const found: number[] = [];
  const sizes: number[] = [];
  let hits = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const details = await fc.check(fc.asyncProperty(fc.scheduler(), program), { seed, numRuns: RUNS, endOnFailure: true });
    if (details.failed) {
      hits++;
      found.push(details.numRuns);
      sizes.push((details.counterexample![0] as fc.Scheduler).report().length);
    } else found.push(RUNS + 1);
  }
  return { hits, median: median(found), repro: sizes.length ? `${median(sizes)} scheduled tasks` : '—' };
}

console.log(`real code, interleave vs fc.scheduler() — ${SEEDS} seeds, at most ${RUNS.toLocaleString('en-US')} schedules each`);
console.log('');
console.log('| program | interleave: found, median schedules | fc.scheduler: found, median schedules | interleave repro | fc.scheduler repro |');
console.log('|---|---|---|---|---|');
for (const s of interleaveScenarios) {
  const il = await measureInterleave(s);
  const program = fcPrograms[s.name];
  const f = program ? await measureFastCheck(program) : undefined;
  const fcCell = f ? `${f.hits}/${SEEDS}, ${show(f.median)}` : 'n/a (no virtual clock)';
  console.log(`| ${s.name} | ${il.hits}/${SEEDS}, ${show(il.median)} | ${fcCell} | ${il.repro} | ${f?.repro ?? '—'} |`);
}
