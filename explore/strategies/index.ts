import { UsageError } from '../../sim/errors.js';
import type { StrategyName } from '../options.js';
import { dfsStrategy } from './dfs.js';
import { pctStrategy } from './pct.js';
import { portfolioStrategy } from './portfolio.js';
import { posStrategy } from './pos.js';
import { randomStrategy } from './random.js';
import { preemptStrategy } from './preempt.js';
import { rffStrategy } from './rff.js';
import type { Strategy } from './strategy.js';
import { DEFAULTS } from '../../sim/defaults.js';

export interface StrategyOptions {
  depth?: number | undefined;
  preemptionBound?: number | undefined;
  reduction?: boolean | undefined;
  dfsCoversAll: boolean;
}

export function makeStrategy(name: StrategyName, seed: string, o: StrategyOptions): Strategy {
  const dfs = { ...(o.preemptionBound !== undefined && { preemptionBound: o.preemptionBound }), ...(o.reduction !== undefined && { reduction: o.reduction }) };
  switch (name) {
    case 'random':
      return randomStrategy(seed);
    case 'preempt':
      return preemptStrategy(seed);
    case 'pct':
      return pctStrategy(seed, o.depth ?? DEFAULTS.depth);
    case 'pos':
      return posStrategy(seed);
    case 'rff':
      return rffStrategy(seed);
    case 'dfs':
      return dfsStrategy(dfs);
    case 'portfolio':
      return portfolioStrategy(seed, { ...dfs, depth: o.depth ?? DEFAULTS.depth, dfsCoversAll: o.dfsCoversAll });
    default:
      throw new UsageError(`explore: strategy "${name}" is not available in this version`, 'use portfolio, random, preempt, pct, pos, rff, dfs or fast-check');
  }
}
