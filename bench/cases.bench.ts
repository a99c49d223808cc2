/**
 * Bug-finding and shrinking (docs/architecture.md, "Performance"; the acceptance figures in each case README under scenarios/),
 * over every row of the bundled registry, so a case added later is measured without touching this file:
 *
 * 1. Finding: each `fails` row, under random, pct and the default portfolio, over explore seeds
 *    1..BENCH_SEEDS with shrinking off: how many seeds find the bug within the case's budget, and the
 *    median and p90 schedules-to-first-failure (a seed that misses counts as "more than the budget").
 *    PASS when at least 95% of the seeds find it (the case files' "95 of 100 explore seeds").
 * 2. Shrinking: each `fails` row, BENCH_SHRINK_SEEDS seeds, default strategy, shrinking on: steps and
 *    context switches (preemptions) before and after, against the case file's hand-derived bound.
 * 3. Clean variants: each `passes` row, random and pct, the case's "10,000 random + 10,000 PCT" or the
 *    row's own budget (BENCH_PASS_RUNS caps it): schedules run, any failure, time taken.
 *
 * A row whose options name a systematic strategy (dfs) also gets one run of it, since seeds do not
 * change it.
 *
 * Environment: BENCH_SEEDS (100), BENCH_SHRINK_SEEDS (10), BENCH_PASS_RUNS (no cap), BENCH_ROW_S (60:
 * part 1's wall-clock cap per row and strategy; a capped row says over how many seeds), BENCH_ONLY
 * (substring of scenario names), BENCH_CASES (e.g. `A,D`), BENCH_PARTS (find,shrink,passes). Prints Markdown tables; times are
 * printed, never judged.
 */
import { registry, type RegistryEntry } from '../scenarios/registry.js';
import { explore, type ExploreResult } from '../explore/explore.js';
import type { StrategyName } from '../explore/options.js';

function envInt(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench: ${name} must be a positive integer, got "${raw}"`);
  return n;
}

const SEEDS = envInt('BENCH_SEEDS', 100)!;
const SHRINK_SEEDS = envInt('BENCH_SHRINK_SEEDS', 10)!;
const PASS_CAP = envInt('BENCH_PASS_RUNS', undefined);
/** Wall-clock cap per row and strategy in part 1: a strategy that misses costs seeds × budget runs. */
const ROW_CAP_MS = envInt('BENCH_ROW_S', 60)! * 1000;
const ONLY = process.env.BENCH_ONLY ?? '';
const CASES = process.env.BENCH_CASES ? new Set(process.env.BENCH_CASES.split(',')) : undefined;
const PARTS = new Set((process.env.BENCH_PARTS ?? 'find,shrink,passes').split(','));
const FIND_STRATEGIES = (process.env.BENCH_STRATEGIES ? process.env.BENCH_STRATEGIES.split(',') : ['random', 'pct', 'portfolio']) as StrategyName[];
const CLEAN_STRATEGIES: StrategyName[] = ['random', 'pct'];

/**
 * Schedules within which a bug must be found, from each case file's "Acceptance figures"; keyed by
 * scenario name, then `case:variant`. Takes precedence over the row's `options.runs`, the fallback.
 */
const FIND_BUDGET: Record<string, { runs: number; source: string }> = {
  'event-tape:before:final-is-last': { runs: 500, source: 'B-event-tape.md: "property 1 within 500 schedules"' },
  'A:before': { runs: 200, source: 'A-submit-run.md: "each of properties 1, 3, 4 found within 200 schedules"' },
  'A:after': { runs: 2000, source: 'A-submit-run.md: "property 4 found within 2,000 schedules"' },
  'C:before': { runs: 1000, source: 'C-janitor-vs-acquire.md: "each of properties 1–4 found within 1,000 schedules"' },
  'D:before': { runs: 100, source: 'D-double-wake.md: "property 1 within 100 schedules"' },
  'double-wake-after-mutual-exclusion': { runs: 5000, source: 'D-double-wake.md: "property 2 found within 5,000 schedules"' },
};

/**
 * Variants the case files require clean over "10,000 random + 10,000 PCT schedules": runs per
 * strategy, keyed by scenario name, then `case:variant`; other rows run their own `options.runs`.
 */
const CLEAN_BUDGET: Record<string, number> = {
  'event-tape:before:tape-matches-row': 10_000, // the row's 20,000 is random + PCT together
  'A:locked': 10_000, // A-submit-run.md
  'B:after': 10_000, // B-event-tape.md (properties 1–2)
  'C:after': 10_000, // C-janitor-vs-acquire.md
  'D:fenced': 10_000, // D-double-wake.md
};

/**
 * Hand-derived minimal repros, by scenario name: context switches (preemptions) and, where the
 * source states it, steps. Case rows quote the case files; demo/sync rows quote their tests.
 */
const SHRINK_BOUND: Record<string, { steps?: number; switches: number; source: string }> = {
  'lost-update': { steps: 6, switches: 1, source: 'demo: read, read, write, write' },
  'lost-update-padded': { steps: 6, switches: 1, source: 'demo: the idle actors vanish' },
  abba: { steps: 4, switches: 1, source: 'demo: lock A, lock B, then both block' },
  'lost-wakeup-if': { steps: 12, switches: 1, source: 'sound bounded dfs: choices [1,0,0,0,0,0,0,1,0,0,0,0] fail in 12 steps with 1 preemption' },
  'lost-wakeup-check-outside-lock': { switches: 1, source: 'lostWakeup.test.ts' },
  'kv-update-read-then-write': { switches: 1, source: 'kvUpdate.test.ts' },
  'submit-run-before-completion': { switches: 1, source: 'A: "two actors …, at most 1 context switch"' },
  'submit-run-after-cancel-is-final': { switches: 2, source: 'A: "at most 2 context switches"' },
  'event-tape:before:final-is-last': { switches: 2, source: 'B: "at most 2 context switches"' },
  'event-tape:before:no-strand': { switches: 1, source: 'B: "cancel-before-start repro (at most 1 context switch)"' },
  'event-tape:after:no-strand': { switches: 1, source: 'B: "cancel-before-start repro (at most 1 context switch)"' },
  'janitor-before-one-holder': { switches: 2, source: 'C: "three actors …, at most 2 context switches"' },
  'double-wake-before-exactly-once': { switches: 1, source: 'D: "two wakes, at most 1 context switch"' },
  'double-wake-after-mutual-exclusion': { switches: 2, source: 'D: "minimal repro at most 2 context switches"' },
};

/** Case-file bounds that hold for every row of a property, whatever its variant's name. */
function boundFor(row: RegistryEntry): { steps?: number; switches: number; source: string } | undefined {
  const named = SHRINK_BOUND[row.scenario.name];
  if (named) return named;
  // Property 1's bug is the same whether all four fixes or only the inode check are missing.
  if (row.case === 'C' && row.variant.startsWith('before') && row.scenario.name.endsWith('-one-holder')) return SHRINK_BOUND['janitor-before-one-holder'];
  return undefined;
}

function findBudget(row: RegistryEntry): { runs: number; source: string } {
  return FIND_BUDGET[row.scenario.name] ?? FIND_BUDGET[`${row.case}:${row.variant}`] ?? (row.options?.runs ? { runs: row.options.runs, source: 'the row' } : { runs: 1000, source: 'explore default' });
}

function cleanBudget(row: RegistryEntry): number {
  const runs = CLEAN_BUDGET[row.scenario.name] ?? CLEAN_BUDGET[`${row.case}:${row.variant}`] ?? row.options?.runs ?? 1000;
  return PASS_CAP === undefined ? runs : Math.min(runs, PASS_CAP);
}

/** A strategy the row itself asks for (dfs), beyond the ones every row is measured with. */
function ownStrategy(row: RegistryEntry): StrategyName | undefined {
  const s = row.options?.strategy;
  return s && !FIND_STRATEGIES.includes(s) ? s : undefined;
}

/** Nearest-rank percentile; misses are Infinity and print as "> budget". */
function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)]!;
}
const median = (xs: number[]) => percentile(xs, 0.5);
const fmtN = (n: number, budget?: number) => (Number.isFinite(n) ? String(n) : `>${budget ?? '?'}`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const oneLine = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n', 1)[0]!.slice(0, 120);
const cell = (s: string) => s.replace(/\|/g, '\\|');
const rowLabel = (r: RegistryEntry) => `${r.case} | ${cell(r.variant)} | ${cell(r.scenario.name)}`;

const selected = registry.filter((r) => (ONLY === '' || r.scenario.name.includes(ONLY)) && (!CASES || CASES.has(r.case)));
const failing = selected.filter((r) => r.expect === 'fails');
const clean = selected.filter((r) => r.expect === 'passes');
const began = performance.now();
const cpus = (await import('node:os')).cpus().length;
console.log(`cases bench — ${new Date().toISOString()}, node ${process.version}, ${cpus} cores; ${failing.length} failing rows, ${clean.length} clean rows`);
console.log(`settings: BENCH_SEEDS=${SEEDS} BENCH_SHRINK_SEEDS=${SHRINK_SEEDS} BENCH_PASS_RUNS=${PASS_CAP ?? '(none)'} BENCH_ROW_S=${ROW_CAP_MS / 1000}${ONLY ? ` BENCH_ONLY=${ONLY}` : ''}${CASES ? ` BENCH_CASES=${[...CASES].join(',')}` : ''} BENCH_PARTS=${[...PARTS].join(',')}`);

async function attempt(row: RegistryEntry, options: Parameters<typeof explore>[1]): Promise<ExploreResult | Error> {
  try {
    // No corpus: a failure saved by one seed would be replayed by the next as found at schedule 0.
    return await explore(row.scenario, { ...row.options, ...options, corpus: false });
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

if (PARTS.has('find')) {
  console.log(`\n## 1. Schedules to first failure (seeds 1..${SEEDS}, shrink off; a miss counts as > budget)\n`);
  console.log('| case | variant | scenario | strategy | found | median | p90 | budget | ≥95% | failure kinds | time |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of failing) {
    const budget = findBudget(row);
    for (const strategy of FIND_STRATEGIES) {
      const t0 = performance.now();
      const at: number[] = [];
      const kinds = new Map<string, number>();
      let error: Error | undefined;
      for (let seed = 1; seed <= SEEDS && !error && performance.now() - t0 < ROW_CAP_MS; seed++) {
        const r = await attempt(row, { strategy, seed, shrink: false, runs: budget.runs });
        if (r instanceof Error) error = r;
        else if (r.failure) {
          at.push(r.failure.firstFoundAt);
          kinds.set(r.failure.kind, (kinds.get(r.failure.kind) ?? 0) + 1);
        } else at.push(Infinity);
      }
      const time = secs(performance.now() - t0);
      if (error) {
        console.log(`| ${rowLabel(row)} | ${strategy} | error: ${cell(oneLine(error))} | | | ${budget.runs} | ERROR | | ${time} |`);
        continue;
      }
      const found = at.filter(Number.isFinite).length;
      // Capped: the verdict and the percentiles are over the seeds that ran, marked with *.
      const capped = at.length < SEEDS ? '*' : '';
      const verdict = (found * 100 >= 95 * at.length ? 'PASS' : 'MISS') + capped;
      console.log(`| ${rowLabel(row)} | ${strategy} | ${found}/${at.length}${capped} | ${fmtN(median(at), budget.runs)} | ${fmtN(percentile(at, 0.9), budget.runs)} | ${budget.runs} | ${verdict} | ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || '—'} | ${time} |`);
    }
    const own = ownStrategy(row);
    if (own) {
      const t0 = performance.now();
      const r = await attempt(row, { strategy: own, seed: 1, shrink: false });
      const time = secs(performance.now() - t0);
      const runs = row.options?.runs ?? 1000;
      if (r instanceof Error) console.log(`| ${rowLabel(row)} | ${own} (the row's) | error: ${cell(oneLine(r))} | | | ${runs} | ERROR | | ${time} |`);
      else console.log(`| ${rowLabel(row)} | ${own} (the row's) | ${r.failure ? 'found' : `not found${r.exhausted ? ' (exhausted)' : ''}`} | ${r.failure ? r.failure.firstFoundAt : '—'} | — | ${runs} | ${r.failure ? 'PASS' : 'MISS'} | ${r.failure?.kind ?? '—'} | ${time} |`);
    }
  }
  console.log(`\n\\* stopped after ${ROW_CAP_MS / 1000} s (BENCH_ROW_S): found/seeds-run, over the seeds that ran.`);
  console.log('\nbudgets:');
  for (const row of failing) console.log(`- ${row.scenario.name} — ${row.property}: budget ${findBudget(row).runs} (${findBudget(row).source})`);
}

if (PARTS.has('shrink')) {
  console.log(`\n## 2. Shrinking (seeds 1..${SHRINK_SEEDS}, default strategy, shrink on): steps / context switches\n`);
  console.log('| case | variant | scenario | found | steps before → after (median) | switches before → after (median) | max after (steps / switches) | bound (steps / switches) | verdict | time |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of failing) {
    const budget = findBudget(row);
    const bound = boundFor(row);
    const t0 = performance.now();
    const before = { steps: [] as number[], switches: [] as number[] };
    const after = { steps: [] as number[], switches: [] as number[] };
    let error: Error | undefined;
    for (let seed = 1; seed <= SHRINK_SEEDS && !error; seed++) {
      const r = await attempt(row, { strategy: 'portfolio', seed, shrink: true, runs: budget.runs });
      if (r instanceof Error) error = r;
      else if (r.failure) {
        before.steps.push(r.failure.stepsBeforeShrink);
        before.switches.push(r.failure.preemptionsBeforeShrink);
        after.steps.push(r.failure.steps);
        after.switches.push(r.failure.preemptions);
      }
    }
    const time = secs(performance.now() - t0);
    if (error) {
      console.log(`| ${rowLabel(row)} | error: ${cell(oneLine(error))} | | | | | ERROR | ${time} |`);
      continue;
    }
    const n = after.steps.length;
    if (n === 0) {
      console.log(`| ${rowLabel(row)} | 0/${SHRINK_SEEDS} | — | — | — | ${bound ? `${bound.steps ?? '—'} / ${bound.switches}` : 'none stated'} | NOT FOUND | ${time} |`);
      continue;
    }
    const maxSteps = Math.max(...after.steps);
    const maxSwitches = Math.max(...after.switches);
    let verdict = 'no bound';
    if (bound) verdict = maxSwitches <= bound.switches && (bound.steps === undefined || maxSteps <= bound.steps) ? 'PASS' : 'MISS';
    console.log(`| ${rowLabel(row)} | ${n}/${SHRINK_SEEDS} | ${median(before.steps)} → ${median(after.steps)} | ${median(before.switches)} → ${median(after.switches)} | ${maxSteps} / ${maxSwitches} | ${bound ? `${bound.steps ?? '—'} / ${bound.switches}` : 'none stated'} | ${verdict} | ${time} |`);
  }
  console.log('\nbounds:');
  for (const row of failing) {
    const b = boundFor(row);
    if (b) console.log(`- ${row.scenario.name}: ${b.steps === undefined ? '' : `${b.steps} steps, `}${b.switches} switches (${b.source})`);
  }
}

if (PARTS.has('passes')) {
  console.log('\n## 3. Clean variants (seed 1, shrink on if anything fails)\n');
  console.log('| case | variant | scenario | strategy | schedules | result | time |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of clean) {
    const own = ownStrategy(row);
    for (const strategy of own ? [...CLEAN_STRATEGIES, own] : CLEAN_STRATEGIES) {
      // A dfs row's budget is for its enumeration; random and PCT get the case's usual 10,000.
      const runs = strategy === own ? (row.options?.runs ?? 1000) : own ? Math.min(cleanBudget(row), 10_000) : cleanBudget(row);
      const t0 = performance.now();
      const r = await attempt(row, { strategy, seed: 1, runs });
      const time = secs(performance.now() - t0);
      if (r instanceof Error) console.log(`| ${rowLabel(row)} | ${strategy} | — | error: ${cell(oneLine(r))} | ${time} |`);
      else if (r.failure) console.log(`| ${rowLabel(row)} | ${strategy}${strategy === own ? " (the row's)" : ''} | ${r.schedules}/${runs} | FAILED at ${r.failure.firstFoundAt}: ${r.failure.kind}: ${cell(oneLine(r.failure.message))} | ${time} |`);
      else console.log(`| ${rowLabel(row)} | ${strategy}${strategy === own ? " (the row's)" : ''} | ${r.schedules}/${runs} | clean${r.exhausted ? ' (exhausted)' : ''} | ${time} |`);
    }
  }
}

console.log(`\ntotal ${secs(performance.now() - began)}`);
