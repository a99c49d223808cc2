/**
 * PCT — probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi & Nagarakatte, "A
 * randomized scheduler with probabilistic guarantees of finding bugs", ASPLOS 2010). Each run gives
 * the actors random distinct priorities and always runs the highest-priority runnable actor; at d−1
 * change points drawn uniformly over the estimated number of steps k, the running actor drops below
 * every initial priority. A bug of depth d is found with probability ≥ 1/(n·k^(d−1)) per run.
 * k is estimated from earlier runs of the same scenario. The stall option (advance the clock to the
 * next timer) is one more actor with a random priority, so time advances at a random point of the
 * run rather than never or always. Once taken it drops to the bottom — except in one run in eight
 * (SLOW_STEP_RUNS), where it draws a fresh priority each time, as a thread created mid-run
 * would (a random place among the actors runnable then): without those, a bug that needs the clock
 * to advance twice while an actor is runnable (a slow step between two calls, then another timer)
 * was unreachable by PCT. An actor that yields (`sim.yield`, a spin-wait's poll) is passed over at
 * that one choice, so a spin-wait at the highest priority lets the others step between its polls.
 * Data choices are uniform.
 */
import { actorOfKey } from '../../sim/actor.js';
import { type ChoicePoint, type ChoiceSource, STALL } from '../../sim/choices.js';
import { deriveSeed, makeRng, type Rng } from '../rng.js';
import type { Strategy } from './strategy.js';

/**
 * The share of runs in which the clock may advance more than once while actors are runnable. The
 * rest keep PCT's first reading of time (one advance at a random point, then timers fire only when
 * every actor waits), which the case studies' timer bugs need: with every run re-drawing, the janitor
 * case's one-holder and cleanup bugs took twice the schedules, and one run in four still moved
 * one holder past its bench/RESULTS.md median (6 → 7); see bench/BUGFINDING.md.
 */
const SLOW_STEP_RUNS = 0.125;

class PctRun implements ChoiceSource {
  private readonly priority = new Map<number, number>();
  private readonly changeAt: number[];
  points = 0;
  /** The actor of the last step, as a choice or a forced step told us (if it yielded, the next choice skips it). */
  private last: number | undefined;
  /** Whether this run lets the clock advance again while actors are runnable (decided at the first advance). */
  private slowSteps: boolean | undefined;

  constructor(
    private readonly rng: Rng,
    /** The clock's own stream: a run's slow-step draws leave its actor priorities as they were. */
    private readonly clockRng: Rng,
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

  /**
   * The clock's fresh priority in a slow-step run: a random place among the actors runnable now,
   * below the lowest as likely as above the highest. Drawn over the initial range instead, it beat
   * every actor a change point had lowered, always: with a periodic timer pending the clock then
   * advanced for ever while that actor stayed runnable, a step-limit no real process can reach
   * (time never passes that long with work ready to run).
   */
  private arrival(options: readonly number[]): number {
    const ranked = options.filter((o) => o !== STALL).map((o) => this.prio(o)).sort((a, b) => a - b);
    const slot = Math.floor(this.clockRng() * (ranked.length + 1));
    const lo = slot === 0 ? -1 : ranked[slot - 1]!;
    const hi = slot === ranked.length ? 2000 : ranked[slot]!;
    return lo + (hi - lo) * (0.25 + 0.5 * this.clockRng());
  }

  onForced(key: number): undefined {
    this.last = actorOfKey(key);
    return undefined;
  }

  choose(p: ChoicePoint): number {
    if (p.kind === 'data' || !p.actors) return Math.floor(this.rng() * p.n);
    this.points++;
    // The last actor is runnable yet this is no "keep running" choice: it yielded, which says "let
    // another go first". This choice skips it (not a change point: the program asked for it), so a
    // spin-wait at the highest priority lets the others take a step between its polls. Without this
    // it spins until the fairness bound holds it back, each run is hundreds of steps long, and change
    // points drawn over that length miss the few steps that matter.
    let skip = -1;
    if (p.continues === false && this.last !== undefined)
      for (let i = 0; i < p.actors.length; i++)
        if (p.actors[i] !== STALL && actorOfKey(p.actors[i]!) === this.last) skip = i;
    let best = skip === 0 ? 1 : 0;
    for (let i = best + 1; i < p.actors.length; i++) if (i !== skip && this.prio(p.actors[i]!) > this.prio(p.actors[best]!)) best = i;
    const change = this.changeAt.indexOf(this.points);
    if (change >= 0) {
      this.priority.set(p.actors[best]!, change);
      best = 0;
      for (let i = 1; i < p.actors.length; i++) if (this.prio(p.actors[i]!) > this.prio(p.actors[best]!)) best = i;
    }
    if (p.actors[best] === STALL) {
      this.slowSteps ??= this.clockRng() < SLOW_STEP_RUNS;
      // A slow-step run: each clock advance is a new arrival, as a thread created mid-run is, with a
      // fresh priority; otherwise time advances once at a random point, then only when all wait.
      this.priority.set(STALL, this.slowSteps ? this.arrival(p.actors) : -Infinity);
    }
    this.last = actorOfKey(p.actors[best]!);
    return best;
  }
}

export function pctStrategy(seed: string, depth = 3): Strategy {
  const rng = makeRng(seed);
  const clockRng = makeRng(deriveSeed(seed, 'clock'));
  let k = 16;
  return {
    name: `pct`,
    next: () => ({ source: new PctRun(rng, clockRng, depth, k), strategy: `pct(d=${depth})`, fixedParams: false }),
    done(run) {
      if (run.schedulePoints > k) k = run.schedulePoints;
    },
  };
}
