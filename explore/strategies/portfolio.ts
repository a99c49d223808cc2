/**
 * The default strategy: runs its members in turn (Coyote's and Shuttle's portfolio idea) — bounded
 * dfs first, so shallow bugs are found with the fewest preemptions, then uniform random and PCT at
 * two depths, which reach deep bugs dfs would take too long to enumerate. When dfs finishes its tree
 * on fixed params the portfolio stops with its proof; otherwise the others carry on.
 */
import { dfsStrategy } from './dfs.js';
import { pctStrategy } from './pct.js';
import { randomStrategy } from './random.js';
import { deriveSeed } from '../rng.js';
import type { Exhausted, RunPlan, RunSummary, Strategy } from './strategy.js';
import { DEFAULTS } from '../../sim/defaults.js';

export interface PortfolioOptions {
  depth?: number;
  preemptionBound?: number;
  /** Whether a dfs proof covers the whole scenario (true when it has no params to vary). */
  dfsCoversAll: boolean;
}

export function portfolioStrategy(seed: string, options: PortfolioOptions): Strategy {
  const depth = options.depth ?? DEFAULTS.depth;
  const members: Strategy[] = [
    dfsStrategy(options.preemptionBound === undefined ? {} : { preemptionBound: options.preemptionBound }),
    randomStrategy(deriveSeed(seed, 'random')),
    pctStrategy(deriveSeed(seed, 'pct'), depth),
    pctStrategy(deriveSeed(seed, 'pct2'), Math.max(2, depth - 1)),
  ];
  let turn = 0;
  let current: Strategy | undefined;
  let exhausted: Exhausted | undefined;
  return {
    name: 'portfolio',
    get exhausted() {
      return exhausted;
    },
    get nondeterminism() {
      return members[0]!.nondeterminism;
    },
    next(): RunPlan | undefined {
      if (exhausted) return undefined;
      for (let tries = 0; tries < members.length; tries++) {
        const m = members[turn++ % members.length]!;
        const plan = m.next();
        if (plan) {
          current = m;
          return plan;
        }
      }
      return undefined;
    },
    done(run: RunSummary) {
      current?.done(run);
      const dfs = members[0]!;
      if (current === dfs && dfs.exhausted && options.dfsCoversAll) exhausted = dfs.exhausted;
    },
  };
}
