import { UsageError } from '../sim/errors.js';
import type { ShrinkProgress } from './shrink/shrinker.js';

export const STRATEGIES = ['portfolio', 'random', 'preempt', 'pct', 'pos', 'rff', 'dfs', 'fast-check'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export interface ExploreOptions<P = unknown> {
  /** Default 'portfolio'. */
  strategy?: StrategyName;
  /** Most schedules to run (default 1000). */
  runs?: number;
  /** Default: random, and always reported so the exploration can be repeated. */
  seed?: number | string;
  /** PCT depth (default 3). */
  depth?: number;
  /** Steps per run before `step-limit` (default 10 000). */
  maxSteps?: number;
  /** dfs: highest preemption bound (default: none). */
  preemptionBound?: number;
  /** dfs: sleep-set reduction (default true). */
  reduction?: boolean;
  /** Shrink a failure to a minimal schedule (default true). */
  shrink?: boolean;
  /** Most candidate runs the shrinker may try (default 5000). */
  shrinkBudget?: number;
  /** Most real time shrinking may take; the smallest repro so far is reported (default 120 000 ms). */
  shrinkTimeMs?: number;
  /** Called while a failure is shrunk, at most every 250 ms: candidates tried, the best repro's size. */
  onShrinkProgress?(p: ShrinkProgress): void;
  /** Stop after this much real time (the exploration so far is reported). */
  timeLimitMs?: number;
  /** After each passing run, report resources still held (locks, leases) as a `check` failure. */
  leakCheck?: boolean;
  /** Run each schedule twice and compare fingerprints (reports `nondeterminism`). */
  selfCheck?: boolean;
  /** Pin the params instead of drawing them per run. */
  params?: P;
  /**
   * The module the replay command names (`--file`); default: the module that defined the scenario
   * (unless it is a test file). `null`: none — the CLI finds a bundled scenario by name.
   */
  file?: string | null;
  /** How long one `sim.external` call may take in real time (default 30 000 ms). */
  externalTimeoutMs?: number;
  /**
   * The failure corpus: a campaign replays the failures saved there before it explores, and saves
   * the one it finds (default `INTERLEAVE_CORPUS`, else `.interleave`; `false`: none).
   */
  corpus?: string | false;
  /** Called every few schedules. */
  onProgress?(p: { schedules: number; steps: number }): void;
  /** Stops the exploration between schedules (vitest passes its own). */
  signal?: AbortSignal;
  /**
   * Run only the schedules i of the campaign with i mod count = index, each planned from (seed, i)
   * alone, so shards on different processes together run exactly one campaign (`--shard`, workers).
   * Not for dfs or fast-check. `firstFoundAt` is then the schedule's index in the whole campaign.
   */
  shard?: { index: number; count: number };
  /**
   * With `shard`, for several explore calls that run one shard together (worker threads): instead of
   * every position of the shard, run the positions (0, 1, 2, … — the k-th schedule of the shard)
   * this returns, until it returns undefined. The callers share one counter, so each position runs
   * once and positions are handed out in increasing order: a caller that stops claiming once it
   * passes a failure found elsewhere leaves no smaller schedule unrun.
   */
  claim?: () => number | undefined;
  /**
   * Also return every access pair with the schedule that first saw it (`coveragePairs`), for callers
   * that merge several explore calls' coverage into one campaign's (worker threads).
   */
  coveragePairs?: boolean;
}

function positiveInt(name: string, v: unknown, min = 1): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new UsageError(`explore: ${name} must be an integer ≥ ${min}, got ${String(v)}`, `pass ${name}: ${Math.max(min, 1)} or more, or leave it out for the default`);
  }
}

/** Validates eagerly, so a typo fails at once with the option's name rather than mid-exploration. */
export function validateOptions(o: ExploreOptions): void {
  if (o === null || typeof o !== 'object') throw new UsageError('explore: options must be an object');
  if (o.strategy !== undefined && !STRATEGIES.includes(o.strategy)) {
    throw new UsageError(`explore: unknown strategy "${String(o.strategy)}"`, `use one of: ${STRATEGIES.join(', ')}`);
  }
  positiveInt('runs', o.runs);
  positiveInt('depth', o.depth);
  positiveInt('maxSteps', o.maxSteps);
  positiveInt('shrinkBudget', o.shrinkBudget, 0);
  positiveInt('shrinkTimeMs', o.shrinkTimeMs);
  positiveInt('preemptionBound', o.preemptionBound, 0);
  positiveInt('timeLimitMs', o.timeLimitMs);
  positiveInt('externalTimeoutMs', o.externalTimeoutMs);
  if (o.claim !== undefined && (typeof o.claim !== 'function' || o.shard === undefined)) {
    throw new UsageError('explore: claim needs a shard and must be a function', 'pass shard: { index, count } with it, or leave claim out');
  }
  if (o.corpus !== undefined && o.corpus !== false && (typeof o.corpus !== 'string' || o.corpus === '')) {
    throw new UsageError(`explore: corpus must be a directory path or false, got ${JSON.stringify(o.corpus)}`, 'pass corpus: ".interleave" (the default), another directory, or false for none');
  }
  if (o.seed !== undefined && typeof o.seed !== 'number' && typeof o.seed !== 'string') {
    throw new UsageError(`explore: seed must be a number or a string, got ${typeof o.seed}`);
  }
}
