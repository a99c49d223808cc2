/**
 * PCT — probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi & Nagarakatte, "A
 * randomized scheduler with probabilistic guarantees of finding bugs", ASPLOS 2010). Each run gives
 * the actors random distinct priorities and always runs the highest-priority runnable actor; at d−1
 * change points drawn uniformly over the estimated number of steps k, the running actor drops below
 * every initial priority. A bug of depth d is found with probability ≥ 1/(n·k^(d−1)) per run.
 * k is estimated from earlier runs of the same scenario. The stall option is treated as one more
 * actor with a random priority that drops to the bottom once taken, so time advances at a random
 * point of the run rather than never or always. Data choices are uniform.
 */
import { type ChoicePoint, type ChoiceSource, STALL } from '../../sim/choices.js';
import { makeRng, type Rng } from '../rng.js';
import type { Strategy } from './strategy.js';

class PctRun implements ChoiceSource {
  private readonly priority = new Map<number, number>();
  private readonly changeAt: number[];
  points = 0;

  constructor(
    private readonly rng: Rng,
    depth: number,
    k: number,
  ) {
    this.changeAt = [];
    for (let i = 0; i < depth - 1; i++) this.changeAt.push(1 + Math.floor(rng() * k));
  }

  private prio(actor: number): number {
    let p = this.priority.get(actor);
    if (p === undefined) {
      // Initial priorities sit above every change-point priority (which are < depth).
      p = 1000 + this.rng() * 1000;
      this.priority.set(actor, p);
    }
    return p;
  }

  choose(p: ChoicePoint): number {
    if (p.kind === 'data' || !p.actors) return Math.floor(this.rng() * p.n);
    this.points++;
    let best = 0;
    for (let i = 1; i < p.actors.length; i++) if (this.prio(p.actors[i]!) > this.prio(p.actors[best]!)) best = i;
    const change = this.changeAt.indexOf(this.points);
    if (change >= 0) {
      this.priority.set(p.actors[best]!, change);
      best = 0;
      for (let i = 1; i < p.actors.length; i++) if (this.prio(p.actors[i]!) > this.prio(p.actors[best]!)) best = i;
    }
    if (p.actors[best] === STALL) this.priority.set(STALL, -1);
    return best;
  }
}

export function pctStrategy(seed: string, depth = 3): Strategy {
  const rng = makeRng(seed);
  let k = 16;
  return {
    name: `pct`,
    next: () => ({ source: new PctRun(rng, depth, k), strategy: `pct(d=${depth})`, fixedParams: false }),
    done(run) {
      if (run.schedulePoints > k) k = run.schedulePoints;
    },
  };
}
