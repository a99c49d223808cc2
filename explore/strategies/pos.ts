/**
 * POS — partial order sampling (Yuan, Yang & Gu, "Partial Order Aware Concurrency Sampling", CAV
 * 2018). Every pending operation carries a random priority and the highest-priority one runs; after
 * an operation runs, the pending operations that race with it (touch the same object, one of them
 * writing) draw fresh priorities. Unlike uniform random choice, this samples the partial orders of
 * racing operations close to uniformly instead of favouring long runs of one actor. Data choices are
 * uniform.
 */
import { type ChoicePoint, type ChoiceSource, independent, STALL } from '../../sim/choices.js';
import { makeRng, type Rng } from '../rng.js';
import type { Strategy } from './strategy.js';

class PosRun implements ChoiceSource {
  readonly wantsFootprints = true;
  private readonly priority = new Map<number, number>();
  private readonly pending = new Map<number, string>();

  constructor(
    private readonly rng: Rng,
    private readonly demote: number,
  ) {}

  choose(p: ChoicePoint): number {
    if (p.kind === 'data' || !p.actors) return Math.floor(this.rng() * p.n);
    let best = 0;
    let bestPriority = -1;
    p.actors.forEach((actor, i) => {
      let prio = this.priority.get(actor);
      if (prio === undefined) {
        prio = this.rng();
        this.priority.set(actor, prio);
      }
      if (p.touches) this.pending.set(actor, p.touches[i]!);
      if (prio > bestPriority) {
        bestPriority = prio;
        best = i;
      }
    });
    return best;
  }

  onStep(footprint: readonly string[], actor: number): void {
    // The actor's next operation is a new event; so is the next stall.
    this.priority.delete(actor);
    if (actor === STALL) return;
    if (this.demote < 1) this.priority.set(actor, this.rng() * this.demote);
    // A real-code step's footprint holds `*` next to what its operation declares; the declared
    // objects are the races POS follows (`*` alone: unknown, it races with everything).
    const declared = footprint.length > 1 ? footprint.filter((f) => f !== '*') : footprint;
    for (const [other, touches] of this.pending) {
      if (other !== actor && !independent([touches], declared)) this.priority.set(other, this.rng());
    }
    this.pending.delete(actor);
  }
}

/**
 * `demote` < 1 is a portfolio variant (not POS as published): the actor that just ran draws its next
 * priority from [0, demote) instead of [0, 1), so the walk leans toward switching after every step
 * while still following races — measured on bench/programs, demote 0.2 finds the check-then-act,
 * circular-buffer and token-ring bugs in its first schedule about as often as the best of uniform
 * random and PCT each do on its own ground.
 */
export function posStrategy(seed: string, demote = 1): Strategy {
  const rng = makeRng(seed);
  const name = demote < 1 ? `pos(demote=${demote})` : 'pos';
  return {
    name: 'pos',
    next: () => ({ source: new PosRun(rng, demote), strategy: name, fixedParams: false }),
    done() {},
  };
}
