/**
 * The loop over runs: replay the failures saved in the corpus, then plan a schedule with the
 * strategy, run it, check it, and on the first failure shrink it to a minimal schedule, mint its
 * replay token and save it to the corpus.
 */
import { randomBytes } from 'node:crypto';
import { executeRun, runChoices, runSource } from '../sim/execute.js';
import { listSource } from '../sim/listSource.js';
import { DEFAULTS } from '../sim/defaults.js';
import { checkParams, drawParams, type ParamsValue } from '../sim/params.js';
import { StaleReplayError, UsageError } from '../sim/errors.js';
import { real } from '../sim/realTimers.js';
import type { RunResult, RunSettings } from '../sim/run.js';
import { isScenario, type Scenario } from '../sim/scenario.js';
import type { Failure } from './failure.js';
import { CampaignCoverage, type CoverageReport, RunCoverage } from './coverage.js';
import { corpusDir } from './corpus.js';
import { exploreWithFastCheck } from './fastCheckCampaign.js';
import { mintFailure } from './mintFailure.js';
import { keep, replaySaved } from './savedFailures.js';
import { type ExploreOptions, validateOptions } from './options.js';
import { type NaturalRun, shardedPlanner, validateShard } from './shardPlan.js';
import { makeStrategy } from './strategies/index.js';
import type { Exhausted, Strategy } from './strategies/strategy.js';

export interface ExploreResult {
  ok: boolean;
  /** Schedules run (not counting shrinking). */
  schedules: number;
  /** Steps over all schedules run. */
  steps: number;
  /** Set when a systematic strategy ran every schedule (up to its bound) without a failure. */
  exhausted?: Exhausted;
  elapsedMs: number;
  seed: string;
  strategy: string;
  failure?: Failure;
  /** Access pairs seen and when the last new one came (explore/coverage.ts): saturated or unlucky. */
  coverage?: CoverageReport;
  /** With `coveragePairs`: every pair and the schedule (shard position) that first saw it. */
  coveragePairs?: Array<[string, number]>;
}

const realNow = performance.now.bind(performance);

/** The pair records a caller asked for with `coveragePairs` (worker threads merge them). */
function pairsOf(coverage: CampaignCoverage, options: { coveragePairs?: boolean }): Pick<ExploreResult, 'coveragePairs'> {
  return options.coveragePairs ? { coveragePairs: coverage.firstSeen() } : {};
}
/** Drawn params checked for a JSON round trip up front; the one that goes into a token always is. */
const CHECKED_DRAWS = 64;

export async function explore<W, P>(scenario: Scenario<W, P>, options: ExploreOptions<P> = {}): Promise<ExploreResult> {
  if (!isScenario(scenario)) {
    throw new UsageError(`explore needs a scenario made with defineScenario, got ${scenario === null ? 'null' : typeof scenario}`, 'pass the scenario itself (a module that exports it as `default` and by name gives the same object)');
  }
  validateOptions(options as ExploreOptions);
  if (options.params !== undefined) checkParams(scenario as Scenario<unknown, unknown>, options.params, 'options.params');
  const started = realNow();
  const seed = String(options.seed ?? randomBytes(4).readUInt32BE(0));
  const settings = settingsOf(options);
  const runs = options.runs ?? DEFAULTS.runs;
  const strategyName = options.strategy ?? 'portfolio';
  const pinned = options.params !== undefined || !scenario.params;
  const fixed: ParamsValue<P> = options.params !== undefined ? { value: options.params, context: undefined } : drawParams(scenario, `${seed}/params/0`);
  const base = { seed, strategy: strategyName };
  const shard = options.shard;
  if (shard) validateShard(strategyName, shard);

  if (strategyName === 'fast-check') {
    const found = await exploreWithFastCheck(scenario, { seed, runs, params: options.params, settings, shrinkTimeMs: options.shrinkTimeMs });
    const elapsed = () => realNow() - started;
    if (!found.failure) return { ok: true, schedules: found.schedules, steps: found.steps, elapsedMs: elapsed(), ...base };
    const campaign = { scenario, seed, options, settings };
    const failure = await mintFailure(campaign, found.failure, { value: found.failure.params as P, context: undefined }, { firstFoundAt: found.schedules, foundBy: 'fast-check' });
    const dir = corpusDir(options.corpus);
    if (dir !== undefined) keep(dir, campaign, failure);
    return { ok: false, schedules: found.schedules, steps: found.steps, elapsedMs: elapsed(), failure, ...base };
  }

  // Saved failures first — once per campaign: by the unsharded run, or by shard 1 when it runs alone
  // (the CLI's worker pool replays them before it starts the workers, see cli/exploreCommand.ts).
  const corpus = corpusDir(options.corpus);
  const campaign = { scenario, seed, options, settings };
  if (corpus !== undefined && (!shard || (shard.index === 0 && !options.claim))) {
    const saved = await replaySaved(campaign, corpus);
    if (saved) return { ok: false, schedules: 0, steps: saved.steps, elapsedMs: realNow() - started, failure: saved.failure, ...base };
  }

  const strategy: Strategy = makeStrategy(strategyName, seed, { depth: options.depth, preemptionBound: options.preemptionBound, reduction: options.reduction, dfsCoversAll: pinned });
  // Sharded: schedule i is planned from (seed, i) alone; PCT's k and the width come from the natural run.
  const planAt = shard && shardedPlanner(strategyName, seed, options.depth ?? DEFAULTS.depth, await naturalRun(scenario, fixed.value, settings));
  let schedules = 0;
  let steps = 0;
  let lastTurn = realNow();
  let blocked = 0;
  const coverage = new CampaignCoverage();
  // Sharded, schedule i = index + count·k for the k-th position of the shard: the next one, or the
  // one claimed from a counter shared with other workers on the same shard.
  let position = 0;
  const nextPosition = options.claim ?? (() => position++);
  for (let i = 0; ; i++) {
    if (options.signal?.aborted) break;
    if (options.timeLimitMs !== undefined && realNow() - started > options.timeLimitMs) break;
    let at: number | undefined;
    if (shard) {
      const k = nextPosition();
      if (k === undefined) break;
      i = shard.index + shard.count * k;
      at = k + 1;
    }
    if (i >= runs) break;
    const plan = planAt ? planAt(i) : strategy.next();
    if (!plan) break;
    const params = plan.fixedParams || pinned ? fixed : drawParams(scenario, `${seed}/params/${i}`, i < CHECKED_DRAWS);
    // The first schedule and every failure are checked on the tracked loop too (executeRun's verify).
    const recorder = new RunCoverage(plan.source);
    let r: RunResult = await executeRun(scenario, params.value, { ...settings, source: recorder }, { verify: schedules === 0 || options.selfCheck ? true : 'failures' });
    const newPairs = r.abandoned ? 0 : coverage.add(recorder, at);
    strategy.done({ steps: r.steps, schedulePoints: r.choices.length, failed: !r.ok, abandoned: r.abandoned ?? false, newPairs, coverage: recorder, choices: r.choices, actorName: (id) => r.trace.steps.find((s) => s.actorId === id)?.actor });
    if (r.abandoned && r.ok) {
      if (strategy.nondeterminism) r = nondeterminism(r, strategy.nondeterminism);
      else {
        // A sleep-set-blocked prefix is not a schedule; it costs a run but not the budget.
        if (++blocked <= 10 * runs) i--;
        continue;
      }
    }
    schedules++;
    steps += r.steps;
    if (r.ok && options.selfCheck && !r.hung) {
      // A re-run whose choices no longer fit (it offered fewer options) diverged too.
      const again = await runChoices(scenario, params.value, r.choices, settings, true, true).catch((e: unknown) => {
        if (e instanceof StaleReplayError) return e;
        throw e;
      });
      const other = again instanceof StaleReplayError ? `a run the same choices no longer fit (${again.what})` : again.trace.fingerprint;
      if (other !== r.trace.fingerprint) {
        r = nondeterminism(r, `the same choices gave two different runs (fingerprint ${r.trace.fingerprint}, then ${other}): something in the run is not under the simulation's control (Math.random, Date.now, real I/O, or state kept between runs)`);
      }
    }
    if (!r.ok) {
      const failure = await mintFailure(campaign, r, params, { firstFoundAt: shard ? i + 1 : schedules, foundBy: plan.strategy });
      if (corpus !== undefined) keep(corpus, campaign, failure);
      return { ok: false, schedules, steps, elapsedMs: realNow() - started, failure, coverage: coverage.report(), ...pairsOf(coverage, options), ...base };
    }
    if (options.onProgress && schedules % 16 === 0) options.onProgress({ schedules, steps });
    if (realNow() - lastTurn > 50) {
      await real.turn();
      lastTurn = realNow();
    }
  }
  options.onProgress?.({ schedules, steps });
  const result: ExploreResult = { ok: true, schedules, steps, elapsedMs: realNow() - started, coverage: coverage.report(), ...pairsOf(coverage, options), ...base };
  if (strategy.exhausted) result.exhausted = strategy.exhausted;
  return result;
}

function settingsOf<P>(options: ExploreOptions<P>): RunSettings {
  return { maxSteps: options.maxSteps ?? DEFAULTS.maxSteps, externalTimeoutMs: options.externalTimeoutMs, leakCheck: options.leakCheck };
}

/**
 * Only the corpus part of a campaign: the first saved failure of the scenario that still fails, as
 * explore would report it, or undefined. For callers that split a campaign themselves (the CLI's
 * worker pool), which run this once before the shards, as explore does for an unsharded campaign.
 */
export async function replayCorpus<W, P>(scenario: Scenario<W, P>, options: ExploreOptions<P> = {}): Promise<ExploreResult | undefined> {
  if (!isScenario(scenario)) {
    throw new UsageError(`explore needs a scenario made with defineScenario, got ${scenario === null ? 'null' : typeof scenario}`, 'pass the scenario itself (a module that exports it as `default` and by name gives the same object)');
  }
  validateOptions(options as ExploreOptions);
  if (options.params !== undefined) checkParams(scenario as Scenario<unknown, unknown>, options.params, 'options.params');
  const started = realNow();
  const dir = corpusDir(options.corpus);
  if (dir === undefined) return undefined;
  const seed = String(options.seed ?? randomBytes(4).readUInt32BE(0));
  const saved = await replaySaved({ scenario, seed, options, settings: settingsOf(options) }, dir);
  if (!saved) return undefined;
  return { ok: false, schedules: 0, steps: saved.steps, elapsedMs: realNow() - started, failure: saved.failure, seed, strategy: options.strategy ?? 'portfolio' };
}

function nondeterminism(r: RunResult, message: string): RunResult {
  return { ...r, ok: false, failure: { kind: 'nondeterminism', message } };
}

/** The natural run (every choice 0), the same in every shard: its length and width. */
async function naturalRun<W, P>(scenario: Scenario<W, P>, params: P, settings: RunSettings): Promise<NaturalRun> {
  const recorder = new RunCoverage(listSource([]));
  const run = await runSource(scenario, params, recorder, settings);
  // A spin-wait seldom spins in the natural run (the first actor takes the lock uncontended): a run
  // that switches at every point, the same in every shard, makes the actors meet.
  const switching = new RunCoverage({ choose: (p) => (p.kind === 'schedule' ? 1 : 0) });
  await runSource(scenario, params, switching, settings);
  return { k: Math.max(16, run.choices.length), width: recorder.width, spins: recorder.yields + switching.yields > 0 };
}
