/**
 * The bug-finding benchmark (issue 13): every program of bench/programs/ under each strategy, explore
 * seeds 1..BENCH_SEEDS with shrinking off, at most BENCH_RUNS schedules: how many seeds find the bug
 * and the median schedules-to-first-failure (a miss counts as "more than the budget"), then the
 * default's (portfolio's) median over the best single strategy's. dfs takes no seed, so it runs once
 * and stands for every seed.
 *
 * Environment: BENCH_SEEDS (20), BENCH_RUNS (10000), BENCH_CELL_S (60: wall-clock cap per program and
 * strategy; a capped cell is marked * and counts the seeds that did not run as misses), BENCH_ONLY
 * (substrings of program names, comma-separated), BENCH_STRATEGIES (comma-separated). Prints Markdown.
 */
import { explore } from '../explore/explore.js';
import { STRATEGIES, type StrategyName } from '../explore/options.js';
import { programs } from './programs/index.js';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`bench: ${name} must be a positive integer, got "${raw}"`);
  return n;
}

const SEEDS = envInt('BENCH_SEEDS', 20);
/** The first seed (BENCH_FIRST_SEED, 1): a second sample of seeds tells a real difference from seed luck. */
const FIRST = envInt('BENCH_FIRST_SEED', 1);
const RUNS = envInt('BENCH_RUNS', 10_000);
const CELL_MS = envInt('BENCH_CELL_S', 60) * 1000;
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const WANTED = process.env.BENCH_STRATEGIES
  ? process.env.BENCH_STRATEGIES.split(',')
  : ['random', 'preempt', 'pct', 'pos', 'dfs', 'rff', 'portfolio'];
const DEFAULT = 'portfolio';

interface Cell {
  found: number;
  median: number;
  capped: boolean;
  missing?: string;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(0.5 * s.length) - 1)]!;
}

async function measure(name: StrategyName, program: (typeof programs)[number]): Promise<Cell> {
  const t0 = performance.now();
  const at: number[] = [];
  let capped = false;
  const seeds = name === 'dfs' ? 1 : SEEDS;
  for (let seed = FIRST; seed < FIRST + seeds; seed++) {
    if (performance.now() - t0 > CELL_MS) {
      capped = true;
      break;
    }
    const r = await explore(program.buggy, {
      strategy: name,
      seed,
      runs: RUNS,
      shrink: false,
      corpus: false,
    });
    at.push(r.failure ? r.failure.firstFoundAt : Infinity);
  }
  if (name === 'dfs') while (at.length < SEEDS) at.push(at[0]!);
  while (at.length < SEEDS) at.push(Infinity);
  return { found: at.filter(Number.isFinite).length, median: median(at), capped };
}

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : `>${RUNS}`);
const strategies = WANTED.filter((s) =>
  (STRATEGIES as readonly string[]).includes(s),
) as StrategyName[];
const unknown = WANTED.filter((s) => !strategies.includes(s as StrategyName));
const selected = programs.filter((p) => ONLY.length === 0 || ONLY.some((o) => p.name.includes(o)));
const began = performance.now();
console.log(
  `bug-finding bench — ${new Date().toISOString()}, node ${process.version}; ${selected.length} programs, seeds ${FIRST}..${FIRST + SEEDS - 1}, at most ${RUNS} schedules, ${CELL_MS / 1000} s cap per cell`,
);
if (unknown.length) console.log(`not in this version: ${unknown.join(', ')}`);
console.log(
  '\nmedian schedules to the first failure (found/seeds); a miss counts as more than the budget\n',
);
console.log(`| program | ${strategies.join(' | ')} | ${DEFAULT}/best single |`);
console.log(`| --- | ${strategies.map(() => '---').join(' | ')} | --- |`);
const worst = { ratio: 0, program: '' };
let allFound = true;
for (const p of selected) {
  const cells = new Map<StrategyName, Cell>();
  for (const s of strategies) cells.set(s, await measure(s, p));
  const singles = strategies.filter((s) => s !== DEFAULT).map((s) => cells.get(s)!.median);
  const best = Math.min(...singles);
  const def = cells.get(DEFAULT as StrategyName);
  let ratio = '—';
  if (def && singles.length) {
    const r = Number.isFinite(def.median) ? def.median / best : Infinity;
    ratio = Number.isFinite(r) ? r.toFixed(2) : '∞';
    if (r > worst.ratio) Object.assign(worst, { ratio: r, program: p.name });
    if (def.found < SEEDS) allFound = false;
  }
  const shown = strategies.map((s) => {
    const c = cells.get(s)!;
    return `${fmt(c.median)} (${c.found}/${SEEDS}${c.capped ? '*' : ''})`;
  });
  console.log(`| ${p.name} | ${shown.join(' | ')} | ${ratio} |`);
}
console.log(
  `\n\\* stopped after ${CELL_MS / 1000} s (BENCH_CELL_S); the seeds not run count as misses.`,
);
if (strategies.includes(DEFAULT as StrategyName)) {
  console.log(
    `\n${DEFAULT}: ${allFound ? 'found every bug in every seed' : 'MISSED some seeds'}; ${worst.program ? `worst ratio to the best single strategy ${worst.ratio.toFixed(2)} (${worst.program})` : 'no single strategy measured, so no ratio (add them to BENCH_STRATEGIES)'}; acceptance: every ratio ≤ 1.25`,
  );
}
console.log(`\ntotal ${((performance.now() - began) / 1000).toFixed(1)} s`);
