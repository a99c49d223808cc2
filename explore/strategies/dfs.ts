/**
 * Systematic depth-first enumeration of schedules, stateless (each schedule re-runs from scratch),
 * with iterative preemption bounding (Musuvathi & Qadeer, "Iterative context bounding for systematic
 * testing of multithreaded programs", PLDI 2007; stalls count against the bound too) and source-DPOR
 * (Abdulla, Aronis, Jonsson & Sagonas, "Optimal dynamic partial order reduction", POPL 2014): a node
 * explores first one option, and another only when a run found a race that needs it (`races.ts`);
 * sleep sets (Godefroid 1996) keep an option explored from a node asleep in its siblings' subtrees
 * until a step that conflicts with it runs. A complete proof runs one schedule per Mazurkiewicz trace
 * — per class of interleavings equal up to commuting independent steps.
 *
 * A preemption bound does not combine naively with either (Coons, Musuvathi & McKinley, "Bounded
 * partial-order reduction", OOPSLA 2013): reversing a race may need a preemption the bound forbids
 * where the race is, and a sleeping step's other orders may need more preemptions than the one
 * explored. A bounded level therefore also asks for the reversal, conservatively, at the last context
 * switch before the race (where switching to another actor costs no more than the switch taken), and
 * a conservative option is explored even when asleep and puts no sibling to sleep (`bounded.ts`).
 *
 * Reduction assumes shared state is reached through models (whose operations declare the object they
 * touch). Code that shares plain JS objects between actors must run with `reduction: false`.
 */
import { actorOfKey } from '../../sim/actor.js';
import { ABANDON, type ChoicePoint, type ChoiceSource, type Footprint, independent, STALL } from '../../sim/choices.js';
import { conservativePoint } from './bounded.js';
import { HappensBefore, type Race, type Step } from './races.js';
import type { Exhausted, RunSummary, Strategy } from './strategy.js';

export interface Node {
  n: number;
  /** Schedule nodes: the option identity (actor key or STALL) behind each option. Data nodes: undefined. */
  actors: readonly number[] | undefined;
  continues: boolean;
  chosen: number;
  done: Set<number>;
  /** Options to explore: all of them (data nodes, no reduction), or the first and those races asked for. */
  todo: Set<number>;
  /** Options a bounded level added at a context switch: explored even when asleep, never put to sleep. */
  conservative: Set<number>;
  /** Schedule nodes: footprint of the step each explored option led to. */
  fps: Map<number, Footprint>;
  /** Schedule nodes: option identities asleep on arrival, with the footprint of their next step. */
  sleep: Map<number, Footprint>;
  /** Preemptions on the path before this node. */
  preemptions: number;
  /** Steps the run had taken before this choice: the chosen step's index. */
  steps: number;
  /** Schedule nodes: per explored option, whether its actor could continue after its step (bounded sleep sets). */
  continued: Map<number, boolean>;
}

export interface DfsOptions {
  /** Highest preemption bound to try; levels go 0, 1, 2, … up to it (default: no limit). */
  preemptionBound?: number;
  /** Partial-order reduction: source-DPOR with sleep sets (default true). */
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
  /** Runs of the current level, abandoned ones included. */
  private runs = 0;
  /** Steps before this index are the previous run's (same prefix): their races were analysed then. */
  private fresh = 0;
  // per run
  private depth = 0;
  private preemptions = 0;
  private sleep = new Map<number, Footprint>();
  private steps: Step[] = [];
  /** The schedule node whose chosen step is running (undefined after a forced step). */
  private lastSchedule: Node | undefined;
  private lastIndex = -1;
  /** The option whose step just ran, until the next choice tells whether its actor continues. */
  private after: { node: Node; option: number } | undefined;

  constructor(options: DfsOptions) {
    this.maxBound = options.preemptionBound ?? Infinity;
    this.reduction = options.reduction ?? true;
    this.bound = Math.min(options.fromBound ?? 0, this.maxBound);
  }

  get wantsFootprints(): boolean {
    return this.reduction;
  }

  /** Runs of the final level, abandoned (sleep-set blocked) ones included. */
  get levelRuns(): number {
    return this.runs;
  }

  next() {
    if (this.exhausted || this.nondeterminism) return undefined;
    this.depth = 0;
    this.preemptions = 0;
    this.sleep = new Map();
    this.steps = [];
    this.lastSchedule = undefined;
    this.lastIndex = -1;
    this.after = undefined;
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

  /** Whether option i of node is within the level's bound. */
  fits(node: Node, i: number): boolean {
    return node.actors === undefined || !this.preemptive(node, i) || node.preemptions + 1 <= this.bound;
  }

  /** The level whose "no failure up to bound B" is the result, when B is finite: its bound must stay sound. */
  private get proving(): boolean {
    return this.bound >= this.maxBound;
  }

  private asleep(node: Node, i: number): boolean {
    return node.actors !== undefined && !node.conservative.has(i) && node.sleep.has(node.actors[i]!);
  }

  choose(p: ChoicePoint): number {
    if (p.kind === 'schedule') this.noteContinues(actorOfKey(p.actors![0]!), p.continues === true);
    const j = this.depth++;
    let node = this.stack[j];
    if (node !== undefined) {
      if (node.n !== p.n || (node.actors?.join() ?? '') !== (p.actors?.join() ?? '')) {
        this.nondeterminism = `dfs: replaying the same choices reached a different choice point at #${j} (${node.n} options before, ${p.n} now) — the scenario is not deterministic`;
        return ABANDON;
      }
    } else {
      const schedule = p.kind === 'schedule';
      node = { n: p.n, actors: schedule ? [...p.actors!] : undefined, continues: p.continues ?? false, chosen: -1, done: new Set(), todo: new Set(), conservative: new Set(), fps: new Map(), sleep: schedule ? this.sleep : new Map(), preemptions: this.preemptions, steps: this.steps.length, continued: new Map() };
      let awake = false;
      for (let i = 0; i < p.n; i++) {
        if (this.asleep(node, i)) continue;
        awake = true;
        if (this.fits(node, i)) {
          node.chosen = i;
          break;
        }
      }
      if (node.chosen < 0) {
        // Every option in the bound is asleep: explored elsewhere — unless the bound hid the rest.
        if (awake) this.cut = true;
        return ABANDON;
      }
      const plain = !this.reduction || !schedule;
      for (let i = 0; i < p.n; i++) if (plain || i === node.chosen) node.todo.add(i);
      this.stack.push(node);
    }
    if (node.actors !== undefined) {
      if (this.preemptive(node, node.chosen)) this.preemptions++;
      this.lastSchedule = node;
      this.lastIndex = j;
    }
    return node.chosen;
  }

  /** A forced step: only `actor` can run. If it is asleep, every continuation was explored already. */
  onForced(actor: number): number | undefined {
    this.lastSchedule = undefined;
    this.lastIndex = -1;
    this.noteContinues(actor, true);
    return this.reduction && this.sleep.has(actor) ? ABANDON : undefined;
  }

  /** Records whether the actor of the step that just ran from a schedule node can continue now. */
  private noteContinues(first: number, continues: boolean): void {
    const a = this.after;
    this.after = undefined;
    if (a === undefined) return;
    const mine = first === actorOfKey(a.node.actors![a.option]!) && continues;
    a.node.continued.set(a.option, (a.node.continued.get(a.option) ?? false) || mine);
  }

  /**
   * Whether option q, explored from node before option p, may sleep in p's subtree. Unbounded,
   * always. Under a bound (Coons et al. 2013), only when moving q's step back to node never costs
   * more preemptions than the schedule it stands for: "q then p" from node costs at most "p" there.
   * Elsewhere on the path the move costs nothing extra (the steps in between keep their order, and
   * taking q out from between two steps never adds a switch), so the covering schedule fits the
   * bound whenever the covered one does.
   */
  private mayCover(node: Node, q: number, p: number): boolean {
    if (!this.proving || this.maxBound === Infinity) return true;
    const qp = (node.continued.get(q) ?? true) && actorOfKey(node.actors![q]!) !== actorOfKey(node.actors![p]!) ? 1 : 0;
    return Number(this.preemptive(node, q)) + qp <= Number(this.preemptive(node, p));
  }

  onStep(footprint: Footprint, actor: number, blocking = false): void {
    this.after = undefined;
    const node = this.lastSchedule;
    this.steps.push({ actor, fp: footprint, node: node === undefined ? -1 : this.lastIndex, blocking });
    this.lastSchedule = undefined;
    this.lastIndex = -1;
    if (actor === STALL) {
      if (node) node.fps.set(node.chosen, footprint);
      this.sleep = new Map();
      return;
    }
    const next = new Map<number, Footprint>();
    const keep = (who: number, fp: Footprint | undefined) => {
      if (fp !== undefined && actorOfKey(who) !== actor && independent(fp, footprint)) next.set(who, fp);
    };
    if (node === undefined) {
      for (const [who, fp] of this.sleep) keep(who, fp);
    } else {
      const prior = node.fps.get(node.chosen);
      node.fps.set(node.chosen, prior === undefined ? footprint : [...new Set([...prior, ...footprint])]);
      for (const [who, fp] of node.sleep) keep(who, fp);
      for (const i of node.done) if (i !== node.chosen && node.actors![i] !== STALL && !node.conservative.has(i) && this.mayCover(node, i, node.chosen)) keep(node.actors![i]!, node.fps.get(i));
      this.after = { node, option: node.chosen };
    }
    this.sleep = next;
  }

  done(run: RunSummary): void {
    if (this.nondeterminism) return;
    this.runs++;
    if (!run.abandoned) this.leaves++;
    this.stack.length = Math.min(this.stack.length, this.depth);
    if (this.reduction) {
      const hb = new HappensBefore(this.steps);
      for (const race of hb.races(this.fresh)) this.reverse(race, hb);
    }
    while (this.stack.length > 0) {
      const node = this.stack[this.stack.length - 1]!;
      node.done.add(node.chosen);
      node.todo.delete(node.chosen);
      let next = -1;
      for (const i of [...node.todo].sort((a, b) => a - b)) {
        node.todo.delete(i);
        if (node.done.has(i) || this.asleep(node, i)) continue;
        if (!this.fits(node, i)) {
          this.cut = true;
          continue;
        }
        next = i;
        break;
      }
      if (next >= 0) {
        node.chosen = next;
        this.fresh = node.actors === undefined ? this.firstStepAfter(this.stack.length - 1) : node.steps;
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
    this.runs = 0;
    this.fresh = 0;
  }

  /** A data node re-chosen: the steps from the one it is drawn in are new (conservatively, the last schedule node's). */
  private firstStepAfter(index: number): number {
    for (let k = index; k >= 0; k--) if (this.stack[k]!.actors !== undefined) return this.stack[k]!.steps;
    return 0;
  }

  /**
   * Asks for the reversal of a race at the choice of its first step i (and, bounded, at the last
   * switch before it). When step j could block, i may be what let it run — a release that let an
   * acquire through, a signal that woke a waiter — and such a race is not reversible at i: the order
   * that matters is with an earlier step j depends on, the acquire paired with that release
   * (Flanagan & Godefroid's "may be co-enabled"). So the latest earlier step whose reversal can start
   * at its own choice is asked for too; likewise when none of the actors that would go first could
   * run at i's choice. When time passed while nothing could run, letting it pass at i's choice is
   * asked for as well.
   */
  private reverse(race: Race, hb: HappensBefore): void {
    const first = this.steps[race.i]!;
    const options = this.enabledAt(race.i, race.initials);
    if (options.length > 0) this.ask(race.i, race.j, race.initials, options);
    if (options.length > 0 && !this.steps[race.j]!.blocking) return;
    if (first.actor === STALL) return;
    if (options.length === 0 && first.node >= 0) {
      const node = this.stack[first.node]!;
      const stall = node.actors!.indexOf(STALL);
      if (stall >= 0) this.want(node, [stall], false);
    }
    const q = this.steps[race.j]!.actor;
    const earlier = hb.preds[race.j]!.filter((k) => k < race.i && this.steps[k]!.actor !== q).sort((x, y) => y - x);
    for (const k of earlier) {
      if (this.steps[k]!.actor === STALL) return;
      const initials = hb.initials(k, race.j);
      const opts = this.enabledAt(k, initials);
      if (opts.length > 0) return this.ask(k, race.j, initials, opts);
    }
  }

  /** One of `options` at step i's choice, and bounded, conservatively at the last switch before it. */
  private ask(i: number, j: number, initials: readonly number[], options: number[]): void {
    const at = this.steps[i]!.node;
    this.want(this.stack[at]!, options, false);
    // Only the level whose "no failure up to bound B" is the result needs the conservative rule: a
    // lower level serves to find shallow bugs first, and one that cuts nothing is an unbounded proof.
    if (this.bound < this.maxBound) return;
    const c = conservativePoint(this.stack, this.steps, at);
    if (c < 0) return;
    const cnode = this.stack[c]!;
    const coptions = this.optionsOf(cnode, [...initials, this.steps[j]!.actor]);
    this.want(cnode, coptions.length > 0 ? coptions : [...Array(cnode.n).keys()], true);
  }

  /** The options at step i's choice of the given actors ([] for a forced step). */
  private enabledAt(i: number, actors: readonly number[]): number[] {
    const node = this.steps[i]!.node;
    return node < 0 ? [] : this.optionsOf(this.stack[node]!, actors);
  }

  private optionsOf(node: Node, actors: readonly number[]): number[] {
    const out: number[] = [];
    for (const a of actors) for (let x = 0; x < node.n; x++) if (actorOfKey(node.actors![x]!) === a && !out.includes(x)) out.push(x);
    return out;
  }

  /** Makes sure one of `options` is explored from node (conservatively: each of them that fits). */
  private want(node: Node, options: number[], conservative: boolean): void {
    const explored = (i: number) => i === node.chosen || node.done.has(i) || node.todo.has(i);
    if (!conservative) {
      if (options.some(explored)) return;
      const awake = options.filter((i) => !this.asleep(node, i));
      if (awake.length === 0) return; // asleep: an earlier branch covers it
      const fit = awake.find((i) => this.fits(node, i));
      if (fit === undefined) this.cut = true;
      else node.todo.add(fit);
      return;
    }
    for (const i of options) {
      if (node.done.has(i) || i === node.chosen) continue;
      if (!this.fits(node, i)) {
        this.cut = true;
        continue;
      }
      node.todo.add(i);
      node.conservative.add(i);
    }
  }

}

export function dfsStrategy(options: DfsOptions = {}): Strategy {
  return new Dfs(options);
}
