/**
 * Uniform random choice at every choice point — the strongest simple baseline on SCTBench
 * (Thomson, Donaldson & Betts, "Concurrency testing using controlled schedulers", 2016).
 */
import type { ChoiceSource } from '../../sim/choices.js';
import { makeRng } from '../rng.js';
import type { Strategy } from './strategy.js';

export function randomStrategy(seed: string): Strategy {
  const rng = makeRng(seed);
  const source: ChoiceSource = { choose: (p) => Math.floor(rng() * p.n) };
  return {
    name: 'random',
    next: () => ({ source, strategy: 'random', fixedParams: false }),
    done() {},
  };
}
