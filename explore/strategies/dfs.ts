/**
 * Systematic depth-first enumeration of schedules, stateless (each schedule re-runs from scratch),
 * with iterative preemption bounding (Musuvathi & Qadeer, "Iterative context bounding for systematic
 * testing of multithreaded programs", PLDI 2007; stalls count against the bound too) and sleep-set reduction (Godefroid, "Partial-Order
 * Methods for the Verification of Concurrent Systems", 1996): after exploring actor X's step from a
 * node, X sleeps in the siblings' subtrees until a step that conflicts with it runs, so two steps on
 * different objects are explored in one order only. With sleep sets every Mazurkiewicz trace is run
 * exactly once; the final level's count is the number of distinct interleavings up to commuting
 * independent steps.
 *
 * Reduction assumes shared state is reached through models (whose operations declare the object they
 * touch). Code that shares plain JS objects between actors must run with `reduction: false`.
 */
import { ABANDON, type ChoicePoint, type ChoiceSource, type Footprint, independent, STALL } from '../../sim/choices.js';
import type { Exhausted, RunSummary, Strategy } from './strategy.js';

interface Node {
  n: number;
  /** Schedule nodes: the actor behind each option. Data nodes: undefined. */
  actors: readonly number[] | undefined;
  continues: boolean;
  chosen: number;
  done: Set<number>;
  /** Schedule nodes: footprint of the step each explored option led to. */
  fps: Map<number, Footprint>;
  /** Schedule nodes: actors asleep on arrival, with the footprint of their next step. */
  sleep: Map<number, Footprint>;
  /** Preemptions on the path before this node. */
  preemptions: number;
}

export interface DfsOptions {
  /** Highest preemption bound to try; levels go 0, 1, 2, … up to it (default: no limit). */
  preemptionBound?: number;
  /** Sleep-set reduction (default true). */
  reduction?: boolean;
  /** First preemption bound to enumerate (default 0); skip the lower levels when they are known clean. */
  fromBound?: number;
}

class Dfs implements Strategy, ChoiceSource {
  readonly name = 'dfs';
  private readonly reduction: boolean;
  exhausted: Exhausted | undefined;
  nondeterminism: string | undefined;
  private stack: Node[] = [];
  private bound = 0;
  private readonly maxBound: number;
  private cut = false;
  private leaves = 0;
  // per run
  private depth = 0;
  private preemptions = 0;
  private sleep = new Map<number, Footprint>();
  /** The schedule node whose chosen step is running (undefined after a forced step). */
  private lastSchedule: Node | undefined;

  constructor(options: DfsOptions) {
    this.maxBound = options.preemptionBound ?? Infinity;
    this.reduction = options.reduction ?? true;
    this.bound = Math.min(options.fromBound ?? 0, this.maxBound);
  }

  /**
   * Sleep sets and a preemption bound do not combine naively (Coons, Musuvathi & McKinley, "Bounded
   * partial-order reduction", OOPSLA 2013): a sleeping step's other orders may need more
   * preemptions, so a cut level can miss a failure that is within its bound. Levels below the last
   * use sleep sets to find bugs fast; the final bounded level — the one whose "no failure up to bound
   * B" is reported — enumerates without them. An unbounded search is sound with them (no cut).
   */
  get wantsFootprints(): boolean {
    return this.reduction && this.bound < this.maxBound;
  }

  next() {
    if (this.exhausted || this.nondeterminism) return undefined;
    this.depth = 0;
    this.preemptions = 0;
    this.sleep = new Map();
    this.lastSchedule = undefined;
    return { source: this as ChoiceSource, strategy: 'dfs', fixedParams: true };
  }

  /**
   * Counted against the preemption bound: a switch away from a runnable actor, and a stall (time
   * passing while actors could run) — both are departures from the natural schedule, and an armed
   * timer would otherwise make every level unbounded.
   */
  private preemptive(node: Node, i: number): boolean {
    return node.actors![i] === STALL || (node.continues && i > 0);
  }

  /** Whether option i may be explored from node; notes when the bound is what forbids it. */
  private allowed(node: Node, i: number): boolean {
    if (node.actors === undefined) return true;
    if (node.sleep.has(node.actors[i]!)) return false;
    if (this.preemptive(node, i) && node.preemptions + 1 > this.bound) {
      this.cut = true;
      return false;
    }
    return true;
  }

  choose(p: ChoicePoint): number {
    const j = this.depth++;
    let node = this.stack[j];
    if (node !== undefined) {
      if (node.n !== p.n || (node.actors?.join() ?? '') !== (p.actors?.join() ?? '')) {
        this.nondeterminism = `dfs: replaying the same choices reached a different choice point at #${j} (${node.n} options before, ${p.n} now) — the scenario is not deterministic`;
        return ABANDON;
      }
    } else {
      node = {
        n: p.n,
        actors: p.kind === 'schedule' ? [...p.actors!] : undefined,
        continues: p.continues ?? false,
        chosen: -1,
        done: new Set(),
        fps: new Map(),
        sleep: p.kind === 'schedule' ? this.sleep : new Map(),
        preemptions: this.preemptions,
      };
      for (let i = 0; i < p.n; i++) {
        if (this.allowed(node, i)) {
          node.chosen = i;
          break;
        }
      }
      if (node.chosen < 0) return ABANDON;
      this.stack.push(node);
    }
    if (node.actors !== undefined) {
      if (this.preemptive(node, node.chosen)) this.preemptions++;
      this.lastSchedule = node;
    }
    return node.chosen;
  }

  /** A forced step: only `actor` can run. If it is asleep, every continuation was explored already. */
  onForced(actor: number): number | undefined {
    this.lastSchedule = undefined;
    return this.wantsFootprints && this.sleep.has(actor) ? ABANDON : undefined;
  }

  onStep(footprint: Footprint, actor: number): void {
    const node = this.lastSchedule;
    this.lastSchedule = undefined;
    if (actor === STALL) {
      if (node) node.fps.set(node.chosen, footprint);
      this.sleep = new Map();
      return;
    }
    const next = new Map<number, Footprint>();
    const keep = (who: number, fp: Footprint | undefined) => {
      if (fp !== undefined && who !== actor && independent(fp, footprint)) next.set(who, fp);
    };
    if (node === undefined) {
      for (const [who, fp] of this.sleep) keep(who, fp);
    } else {
      const prior = node.fps.get(node.chosen);
      node.fps.set(node.chosen, prior === undefined ? footprint : [...new Set([...prior, ...footprint])]);
      for (const [who, fp] of node.sleep) keep(who, fp);
      for (const i of node.done) if (i !== node.chosen && node.actors![i] !== STALL) keep(node.actors![i]!, node.fps.get(i));
    }
    this.sleep = next;
  }

  done(run: RunSummary): void {
    if (this.nondeterminism) return;
    if (!run.abandoned) this.leaves++;
    this.stack.length = Math.min(this.stack.length, this.depth);
    while (this.stack.length > 0) {
      const node = this.stack[this.stack.length - 1]!;
      node.done.add(node.chosen);
      let next = -1;
      for (let i = 0; i < node.n; i++) {
        if (!node.done.has(i) && this.allowed(node, i)) {
          next = i;
          break;
        }
      }
      if (next >= 0) {
        node.chosen = next;
        return;
      }
      this.stack.pop();
    }
    // A level is complete.
    if (!this.cut || this.bound >= this.maxBound) {
      this.exhausted = { schedules: this.leaves, bound: this.cut ? this.bound : Infinity, complete: !this.cut };
      return;
    }
    this.bound++;
    this.cut = false;
    this.leaves = 0;
  }
}

export function dfsStrategy(options: DfsOptions = {}): Strategy {
  return new Dfs(options);
}
