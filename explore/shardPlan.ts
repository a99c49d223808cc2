/**
 * Deterministic sharding (docs/architecture.md, "Performance"): schedule i of a campaign is planned
 * from (seed, i) alone, so any process can run it and shards `i mod n` together run exactly the
 * unsharded campaign's schedules. The price is that no member learns across runs: PCT's step
 * estimate k comes from the natural run (the same in every shard) instead of from earlier runs;
 * `pos` learns nothing across runs anyway. `portfolio` turns random, PCT(d) and PCT(d−1) by i mod 3,
 * or random, POS and random on a wide scenario (the natural run has the unsharded portfolio's WIDE
 * actors runnable at once), since PCT's chance per run falls with the actor count, and random, the
 * preemptive walk and POS on a pair that spins (the natural run is two wide, and it or a run that
 * switches at every point yields). dfs is left out:
 * systematic enumeration is sequential by nature (each schedule is the successor of the last), so
 * `dfs` cannot be sharded at all.
 */
import { UsageError } from '../sim/errors.js';
import type { StrategyName } from './options.js';
import { pctStrategy } from './strategies/pct.js';
import { posStrategy } from './strategies/pos.js';
import { randomStrategy } from './strategies/random.js';
import { PAIR, WIDE } from './strategies/portfolio.js';
import { preemptStrategy } from './strategies/preempt.js';
import { deriveSeed } from './rng.js';
import type { RunPlan, Strategy } from './strategies/strategy.js';

export interface Shard {
  /** 0-based shard number. */
  index: number;
  /** Number of shards; schedule i belongs to shard i mod count. */
  count: number;
}

export function validateShard(strategy: StrategyName, shard: Shard): void {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new UsageError(`explore: shard ${index + 1}/${count} does not exist`, `use a shard i/n with 1 ≤ i ≤ n (e.g. --shard 1/${Math.max(1, count)})`);
  }
  if (strategy === 'dfs' || strategy === 'rff' || strategy === 'fast-check') {
    throw new UsageError(`explore: strategy "${strategy}" cannot be sharded: it picks each schedule from the ones before`, 'use --strategy portfolio, random or pct with --shard or --workers');
  }
}

/** What the natural run (every choice 0) says about the scenario: the same in every shard. */
export interface NaturalRun {
  /** PCT's step estimate, fixed for the whole campaign. */
  k: number;
  /** The most actors runnable at one point (explore/coverage.ts). */
  width: number;
  /** Whether an actor yielded while runnable (a spin-wait's poll; explore/coverage.ts), in the natural run or one that switches at every point. */
  spins: boolean;
}

const NARROW_TURNS = ['random', 'pct', 'pct2'] as const;
const WIDE_TURNS = ['random', 'pos', 'random'] as const;
/** A pair that spins (the unsharded portfolio's SPIN_ROTATION): spin loops lengthen runs, which starves PCT. */
const SPIN_TURNS = ['random', 'preempt', 'pos'] as const;

/** Plans schedule i from (seed, i). */
export function shardedPlanner(strategy: StrategyName, seed: string, depth: number, natural: NaturalRun): (i: number) => RunPlan {
  const { k } = natural;
  const turns = natural.width >= WIDE ? WIDE_TURNS : natural.spins && natural.width <= PAIR ? SPIN_TURNS : NARROW_TURNS;
  const fresh = (member: 'random' | 'preempt' | 'pos' | 'pct' | 'pct2', i: number): Strategy => {
    const s = deriveSeed(seed, `${member}#${i}`);
    if (member === 'random') return randomStrategy(s);
    if (member === 'preempt') return preemptStrategy(s);
    if (member === 'pos') return posStrategy(s);
    const pct = pctStrategy(s, member === 'pct' ? depth : Math.max(2, depth - 1));
    pct.done({ steps: k, schedulePoints: k, failed: false, abandoned: false });
    return pct;
  };
  return (i) => {
    const member = strategy === 'random' || strategy === 'pos' || strategy === 'pct' ? strategy : turns[i % 3]!;
    return fresh(member, i).next()!;
  };
}
