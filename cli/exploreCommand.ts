/**
 * `interleave explore [scenario…]`: explores bundled scenarios (or a user's `--file`) and prints,
 * for each failure, the minimal per-actor timeline and the command that replays it. With no
 * scenario names it runs the whole bundled registry and prints one table row per scenario; then the
 * exit code says whether every row matched its expectation (bug found / stayed clean).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describeCoverage } from '../explore/coverage.js';
import { explore, type ExploreResult, replayCorpus } from '../explore/explore.js';
import type { ExploreOptions } from '../explore/options.js';
import type { Exhausted } from '../explore/strategies/strategy.js';
import { intFlag, shardFlag, strategyFlag, workersFlag } from './cliArgs.js';
import { availableParallelism } from 'node:os';
import { ensureDirectory } from '../explore/outputPath.js';
import { UsageError } from '../sim/errors.js';
import type { Io } from './io.js';
import { type Colours } from './colour.js';
import { failureEvent, progressEvent, summaryEvent } from './events.js';
import { paintOut } from './io.js';
import { type Progress, progressBar } from './progressBar.js';
import { DEFAULTS } from '../sim/defaults.js';
import { render } from '../reports/render.js';
import { terminalText } from '../reports/sanitise.js';
import { registryTable, type TableRow } from './registryTable.js';
import { reviewView } from '../reports/reviewView.js';
import { wrapToWidth } from '../reports/displayWidth.js';
import { plural } from '../reports/timeline.js';
import { allScenarios, type Found, findScenario } from './scenarioSource.js';
import { widthOf } from './terminalWidth.js';
import { WorkerPool } from './workerPool.js';

export interface ExploreFlags {
  strategy?: string;
  runs?: string;
  seed?: string;
  depth?: string;
  maxSteps?: string;
  /** False for --no-reduction (commander's negatable option). */
  reduction?: boolean;
  json?: boolean;
  report?: string;
  shard?: string;
  workers?: string;
  /** Run --workers n threads even when n is more than the cores. */
  workersForce?: boolean;
  file?: string;
  /** A directory, or false for --no-corpus (commander's negatable option). */
  corpus?: string | false;
}

interface Outcome {
  found: Found;
  result: ExploreResult;
}

export async function exploreCommand(names: string[], flags: ExploreFlags, io: Io): Promise<number> {
  const overrides: ExploreOptions = {};
  const strategy = strategyFlag(flags.strategy);
  if (strategy) overrides.strategy = strategy;
  const runs = intFlag('--runs', flags.runs);
  if (runs) overrides.runs = runs;
  const depth = intFlag('--depth', flags.depth);
  if (depth) overrides.depth = depth;
  const maxSteps = intFlag('--max-steps', flags.maxSteps);
  if (maxSteps) overrides.maxSteps = maxSteps;
  if (flags.reduction === false) overrides.reduction = false;
  const shard = shardFlag(flags.shard);
  const workers = workersFlag(flags.workers, flags.workersForce, availableParallelism(), io.err);
  // Where the results go is checked before the campaign that makes them.
  if (flags.report) ensureDirectory(flags.report, '--report');
  if (typeof flags.corpus === 'string') ensureDirectory(flags.corpus, '--corpus');
  const registryMode = names.length === 0 && !flags.file;
  const targets = names.length ? await Promise.all(names.map((n) => findScenario(n, flags.file))) : await allScenarios(flags.file);
  if (shard) {
    for (const found of targets) {
      const runsOf = overrides.runs ?? found.entry?.options?.runs ?? DEFAULTS.runs;
      if (shard.count > runsOf) {
        throw new UsageError(`--shard ${flags.shard}: ${shard.count.toLocaleString('en-US')} shards of ${runsOf.toLocaleString('en-US')} schedules${targets.length > 1 ? ` (${found.scenario.name})` : ''} leave shards with none to run`, `use at most ${runsOf.toLocaleString('en-US')} shards, or raise --runs`);
      }
    }
  }
  // The registry run is the README's main command: a fixed default seed keeps its table stable.
  const defaultSeed = registryMode ? '1' : String(randomBytes(4).readUInt32BE(0));

  const pool = workers > 1 ? new WorkerPool(workers, flags.file) : undefined;
  const outcomes: Outcome[] = [];
  try {
    for (const found of targets) {
      const options: ExploreOptions = { ...found.entry?.options, ...overrides, seed: flags.seed ?? found.entry?.options?.seed ?? defaultSeed, file: flags.file ?? null, ...(flags.corpus !== undefined && { corpus: flags.corpus }), ...(registryMode && { corpus: false }) };
      // random, pct and pos always plan schedule i from (seed, i), so --shard and --workers split
      // exactly this campaign; portfolio keeps its dfs member unless sharded (explore/shardPlan.ts).
      const perSchedule = options.strategy === 'random' || options.strategy === 'pct' || options.strategy === 'pos';
      if (shard || perSchedule) options.shard = shard ?? { index: 0, count: 1 };
      const runsTotal = options.runs ?? DEFAULTS.runs;
      const bar = flags.json ? jsonProgress(found.scenario.name, runsTotal, io) : progressBar(found.scenario.name, runsTotal, true);
      try {
        // The pool's workers claim schedules of a shard; the corpus is replayed once, here, first.
        const result = pool
          ? ((options.shard?.index ?? 0) === 0 ? await replayCorpus(found.scenario, options) : undefined) ?? (await pool.explore(found.scenario.name, options, (n) => bar.update(n)))
          : await explore(found.scenario, { ...options, onProgress: ({ schedules }) => bar.update(schedules) });
        outcomes.push({ found, result });
      } finally {
        bar.stop();
      }
      const last = outcomes.at(-1)!.result;
      if (flags.json) {
        if (!last.ok) io.out(failureEvent(found, last));
      } else if (!registryMode) io.out(describe(found, last, flags.file, paintOut(io), widthOf(io)));
    }
  } finally {
    await pool?.close();
  }

  if (flags.report) writeReports(flags.report, outcomes, flags.file, io, !flags.json);
  const rows: TableRow[] = outcomes.map(({ found, result }) => ({ found, result, matched: !found.entry || (found.entry.expect === 'fails') === !result.ok }));
  if (flags.json) io.out(summaryEvent(registryMode ? rows.every((r) => r.matched) : rows.every((r) => r.result.ok), rows));
  if (!registryMode) return outcomes.some((o) => !o.result.ok) ? 1 : 0;
  if (!flags.json) io.out(registryTable(rows, widthOf(io)));
  const wrong = rows.filter((r) => !r.matched);
  const c = paintOut(io);
  if (!flags.json) {
    for (const r of wrong) {
      const e = r.found.entry!;
      io.out(
        e.expect === 'fails'
          ? `${c.red('✗')} ${r.found.scenario.name}: expected the bug (${e.property}) to be found, but ${r.result.schedules} schedules ran clean — raise its runs in scenarios/registry or try another --seed`
          : `${c.red('✗')} ${r.found.scenario.name}: expected to stay clean, but explore found: ${r.result.failure!.kind} — ${terminalText(r.result.failure!.message.split('\n')[0]!)} (replay: npx interleave replay ${r.result.failure!.token})`,
      );
    }
    io.out(wrong.length ? c.red(`${wrong.length} of ${rows.length} rows did not match their expectation`) : c.green(`all ${rows.length} rows matched their expectation (seed ${flags.seed ?? 'from each row, else 1'})`));
  }
  return wrong.length ? 1 : 0;
}

/** What a finished dfs proved: every interleaving, or every one up to a preemption bound. */
function describeExhausted(e: Exhausted): string {
  const what = e.complete ? 'every interleaving' : `every schedule with at most ${plural(e.bound, 'preemption')}`;
  return e.commutes === 'models'
    ? `exhausted: ${what}, up to the order of steps on different models (state the actors share outside models is not seen: --no-reduction orders those steps too)`
    : `exhausted: ${what}${e.complete ? ', up to the order of independent steps' : ''}`;
}

/** One scenario's verdict: how it was found, then the same rendering `replay` prints. */
function describe(found: Found, r: ExploreResult, file: string | undefined, c: Colours, width: number): string {
  const name = found.scenario.name;
  // dfs draws nothing from the seed: it matters there only when it drew the scenario's params.
  const seeded = r.strategy !== 'dfs' || found.scenario.params !== undefined;
  const where = `${r.schedules} schedules, ${r.strategy}${seeded ? `, seed ${r.seed}` : ''}, ${(r.elapsedMs / 1000).toFixed(1)} s`;
  if (r.ok) return `${c.green('✓')} ${name}: no failure in ${where}${r.exhausted ? ` — ${describeExhausted(r.exhausted)}` : ''}${r.coverage ? `\n  coverage: ${describeCoverage(r.coverage, r.exhausted?.complete)}` : ''}\n`;
  const f = r.failure!;
  const how = f.foundBy === 'corpus' ? `${f.kind} replayed from the corpus, a saved failure that still fails` : `${f.kind} found at schedule ${f.firstFoundAt}`;
  const [first, ...rest] = wrapToWidth(`${name}: ${how} (${where}, by ${f.foundBy}); shrunk from ${plural(f.stepsBeforeShrink, 'step')} / ${plural(f.preemptionsBeforeShrink, 'preemption')} to ${f.steps} / ${f.preemptions}`, width - 4);
  return [
    `${c.red('✗')} ${first}`,
    ...rest.map((l) => `    ${l}`),
    '',
    render(reviewView(name, { failure: f, trace: f.trace, steps: f.steps, preemptions: f.preemptions }, f.token, f.params, file), 'text', { width }),
    '',
  ].join('\n');
}

/** --json's progress events: one a second at most, and the last count when the scenario is done. */
function jsonProgress(scenario: string, runs: number, io: Io): Progress {
  let shown = performance.now();
  let last = -1;
  let latest = 0;
  return {
    update(n) {
      latest = n;
      const now = performance.now();
      if (now - shown < 1000) return;
      shown = now;
      last = n;
      io.out(progressEvent(scenario, n, runs));
    },
    stop() {
      if (latest !== last) io.out(progressEvent(scenario, latest, runs));
    },
  };
}

function fileName(scenario: string): string {
  return scenario.replace(/[^A-Za-z0-9_-]+/g, '_');
}

/** Writes HTML, Markdown and JSON reports of every failure into `dir`, for CI artifacts. */
function writeReports(dir: string, outcomes: Outcome[], file: string | undefined, io: Io, say: boolean): void {
  mkdirSync(dir, { recursive: true });
  for (const { found, result } of outcomes) {
    const f = result.failure;
    if (!f) continue;
    const view = { ...reviewView(found.scenario.name, { failure: f, trace: f.trace, steps: f.steps, preemptions: f.preemptions }, f.token, f.params, file), stepsBeforeShrink: f.stepsBeforeShrink, preemptionsBeforeShrink: f.preemptionsBeforeShrink, firstFoundAt: f.firstFoundAt, seed: f.seed };
    const base = join(dir, fileName(found.scenario.name));
    for (const format of ['html', 'md', 'json'] as const) writeFileSync(`${base}.${format}`, render(view, format));
    if (say) io.err(`  report: ${base}.html`);
  }
}
