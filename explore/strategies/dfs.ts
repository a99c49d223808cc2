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
 * explored. With a finite bound, every level therefore explores every option within its bound and
 * prunes instead a choice point reached before — at this level or a lower one — with the same
 * Mazurkiewicz trace and no fewer preemptions left (`prefixTraces.ts`): the same state with no less
 * budget has a subtree explored already. Unbounded, levels use source-DPOR and sleep sets, and the
 * first level the bound cut nothing from is the proof (a level with nothing cut is unbounded DPOR).
 *
 * Reduction assumes shared state is reached through models (whose operations declare the object they
 * touch), and that one actor's steps are in program order. A proof that took steps on different
 * models as independent says so (`exhausted.commutes`): code that shares plain JS objects between
 * actors needs `reduction: false` for a proof; a bounded search notices when one trace offers two
 * different sets of options, and stops saying so. An actor with several operations in flight at once
 * (`Promise.all` on a tracked run) breaks program order: the search then starts again without
 * reduction.
 */
import { actorOfKey, OP_STRIDE } from '../../sim/actor.js';
import { ABANDON, type ChoicePoint, type ChoiceSource, type Footprint, independent, STALL } from '../../sim/choices.js';
import { PrefixTrace, SeenPoints } from './prefixTraces.js';
import { HappensBefore, type Step } from './races.js';
import { reverseRace, reviveDisabled, type Tree } from './reversal.js';
import type { Exhausted, RunSummary, Strategy } from './strategy.js';

interface Node {
  n: number;
  /** Schedule nodes: the option identity (actor key or STALL) behind each option. Data nodes: undefined. */
  actors: readonly number[] | undefined;
  continues: boolean;
  chosen: number;
  done: Set<number>;
  /** Options to explore: all of them (data nodes, no reduction), or the first and those races asked for. */
  todo: Set<number>;
  /** Schedule nodes: footprint of the step each explored option led to. */
  fps: Map<number, Footprint>;
  /** Schedule nodes: option identities asleep on arrival, with the footprint of their next step. */
  sleep: Map<number, Footprint>;
  /** Preemptions on the path before this node. */
  preemptions: number;
  /** Steps the run had taken before this choice: the chosen step's index. */
  steps: number;
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
  private reduction: boolean;
  /** A step of some run declared only model objects: a proof then commutes steps on different models. */
  private commuted = false;
  /** The search restarted without reduction: some actor had several operations in flight at once. */
  private restart = false;
  exhausted: Exhausted | undefined;
  nondeterminism: string | undefined;
  /** The two option sets one prefix trace reached, when that is what stopped the search. */
  private undeclared: { before: string; now: string } | undefined;
  private stack: Node[] = [];
  private bound = 0;
  private readonly firstBound: number;
  private readonly maxBound: number;
  private cut = false;
  private leaves = 0;
  /** Leaves of every level: a bounded proof's final level leans on the lower ones (pruned by them). */
  private allLeaves = 0;
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
  /** Whether the run's last point offered letting time pass (a deadline was pending). */
  private stallLeft = false;
  /** Bounded proofs: the prefix's trace, the data choices of the running step, and the choice points seen. */
  private trace = new PrefixTrace();
  private picks: number[] = [];
  private seen = new SeenPoints();

  /** What race reversal sees of the search (`reversal.ts`). */
  private readonly tree: Tree = {
    stack: () => this.stack,
    steps: () => this.steps,
    asleep: (node, i) => this.asleep(node as Node, i),
    fits: (node, i) => this.fits(node as Node, i),
    cut: () => {
      this.cut = true;
    },
  };

  constructor(options: DfsOptions) {
    this.maxBound = options.preemptionBound ?? Infinity;
    this.reduction = options.reduction ?? true;
    this.bound = this.firstBound = Math.min(options.fromBound ?? 0, this.maxBound);
  }

  get wantsFootprints(): boolean {
    return this.reduction;
  }

  next() {
    if (this.exhausted || this.nondeterminism) return undefined;
    this.depth = 0;
    this.preemptions = 0;
    this.sleep = new Map();
    this.steps = [];
    this.lastSchedule = undefined;
    this.lastIndex = -1;
    this.trace = new PrefixTrace();
    this.picks = [];
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

  /**
   * The order a node's options are explored in: by index, except that a bounded search takes a
   * node free to switch in actor creation order (stall last). Prefixes of one trace are then first
   * reached in one canonical order — the cheaper ones before the dearer — so more of the later ones
   * find their trace seen with as much budget left.
   */
  private order(node: Node): number[] {
    const all = [...Array(node.n).keys()];
    if (!this.caching || node.actors === undefined || node.continues) return all;
    const stall = node.actors.indexOf(STALL);
    return [...all.filter((i) => i !== stall).sort((a, b) => node.actors![a]! - node.actors![b]!), ...(stall >= 0 ? [stall] : [])];
  }

  /** Whether option i of node is within the level's bound. */
  private fits(node: Node, i: number): boolean {
    return node.actors === undefined || !this.preemptive(node, i) || node.preemptions + 1 <= this.bound;
  }

  /**
   * A search with a finite bound explores, at every level, every option within the level's bound,
   * and prunes a choice point reached before (at this level or a lower one) with the same trace and
   * no fewer preemptions left (`prefixTraces.ts`): sound whatever the bound, unlike sleep sets and
   * race reversal there.
   */
  private get caching(): boolean {
    return this.reduction && this.maxBound !== Infinity;
  }

  private asleep(node: Node, i: number): boolean {
    if (this.caching) return false;
    return node.actors !== undefined && node.sleep.has(node.actors[i]!);
  }

  choose(p: ChoicePoint): number {
    if (this.reduction && p.kind === 'schedule' && sharesActor(p.actors!)) {
      // Two operations of one actor in flight (a tracked run's Promise.all, an un-awaited call):
      // they are not in program order, which the race analysis and prefix traces assume of one
      // actor's steps. The search starts again without reduction, which needs no such order.
      this.reduction = false;
      this.restart = true;
      return ABANDON;
    }
    const j = this.depth++;
    let node = this.stack[j];
    if (node !== undefined) {
      if (node.n !== p.n || (node.actors?.join() ?? '') !== (p.actors?.join() ?? '')) {
        this.nondeterminism = `dfs: replaying the same choices reached a different choice point at #${j} (${node.n} options before, ${p.n} now) — the scenario is not deterministic`;
        return ABANDON;
      }
    } else {
      const schedule = p.kind === 'schedule';
      if (schedule && this.caching) {
        const key = this.trace.key();
        // Who ran last matters while it may continue — now, or after time passes: a stall leaves the
        // last actor last, and the sleeper it wakes then continues for free, others for a preemption.
        const free = p.continues !== true && !p.actors!.includes(STALL);
        if (key !== undefined && this.covered(key, free ? undefined : this.trace.last, false, [...p.actors!].sort((a, b) => a - b).join())) return ABANDON;
      }
      node = { n: p.n, actors: schedule ? [...p.actors!] : undefined, continues: p.continues ?? false, chosen: -1, done: new Set(), todo: new Set(), fps: new Map(), sleep: schedule ? this.sleep : new Map(), preemptions: this.preemptions, steps: this.steps.length };
      let awake = false;
      for (const i of this.order(node)) {
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
      const plain = !this.reduction || !schedule || this.caching;
      for (let i = 0; i < p.n; i++) if (plain || i === node.chosen) node.todo.add(i);
      this.stack.push(node);
    }
    if (node.actors === undefined) this.picks.push(node.chosen);
    else {
      this.stallLeft = node.actors.includes(STALL);
      if (this.preemptive(node, node.chosen)) this.preemptions++;
      this.lastSchedule = node;
      this.lastIndex = j;
    }
    return node.chosen;
  }

  /**
   * Whether the point with this prefix trace was explored with as much budget (`prefixTraces.ts`).
   * One trace reaching two points with different options means the footprints missed some state
   * the actors share: pruning by trace would then be unsound, so the search stops and says so.
   */
  private covered(key: string, last: number | undefined, forced: boolean, options: string): boolean {
    const hit = this.seen.covered(key, this.bound - this.preemptions, last, forced, options);
    const d = this.seen.differs;
    if (d !== undefined && this.nondeterminism === undefined) {
      this.undeclared = d;
      this.nondeterminism = undeclaredState(d);
      return true;
    }
    return hit;
  }

  /** A forced step: only `actor` can run. If it is asleep, every continuation was explored already. */
  onForced(actor: number): number | undefined {
    this.stallLeft = false;
    this.lastSchedule = undefined;
    this.lastIndex = -1;
    // Only past the replayed prefix: a forced step in it leads where this run was sent.
    if (this.caching && this.depth >= this.stack.length) {
      const key = this.trace.key();
      return key !== undefined && this.covered(key, actor, true, String(actor)) ? ABANDON : undefined;
    }
    // Sleep sets are unsound under a finite bound: the bounded search never consults them.
    if (this.caching) return undefined;
    return this.reduction && this.sleep.has(actor) ? ABANDON : undefined;
  }

  onStep(footprint: Footprint, actor: number, blocking = false, disabled?: readonly number[]): void {
    if (!this.reduction) return;
    if (actor !== STALL && !footprint.includes('*')) this.commuted = true;
    const node = this.lastSchedule;
    this.steps.push({ actor, fp: footprint, node: node === undefined ? -1 : this.lastIndex, blocking, disabled });
    this.lastSchedule = undefined;
    this.lastIndex = -1;
    if (this.caching) {
      // A bounded search prunes by prefix trace alone: no sleep sets to keep.
      this.trace.add(actor, footprint, this.picks);
      this.picks = [];
      return;
    }
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
      for (const i of node.done) if (i !== node.chosen && node.actors![i] !== STALL) keep(node.actors![i]!, node.fps.get(i));
    }
    this.sleep = next;
  }

  done(run: RunSummary): void {
    // The run that met the mismatch knows the actors' names; the choice point only their ids.
    if (this.undeclared !== undefined && run.actorName !== undefined) this.nondeterminism = undeclaredState(this.undeclared, run.actorName);
    if (this.nondeterminism) return;
    if (this.restart) {
      this.restart = false;
      this.stack = [];
      this.leaves = 0;
      this.allLeaves = 0;
      this.fresh = 0;
      this.cut = false;
      this.commuted = false;
      this.bound = this.firstBound;
      this.seen = new SeenPoints();
      return;
    }
    if (!run.abandoned) {
      this.leaves++;
      this.allLeaves++;
    }
    this.stack.length = Math.min(this.stack.length, this.depth);
    if (this.reduction && !this.caching) {
      // The run ended while time could still pass (a daemon timer pending, as a process exits with
      // an unref'd one): the race analysis sees time passing after the last step, so that the
      // orders where it passes before them — the last operations slow — are explored too. A step
      // that reads the clock (a lease's renew, a TTL) races with it.
      if (this.stallLeft && !run.abandoned) this.steps.push({ actor: STALL, fp: ['*'], node: -1, blocking: false });
      const hb = new HappensBefore(this.steps);
      for (const race of hb.races(this.fresh)) reverseRace(this.tree, race, hb);
      for (let i = Math.max(0, this.fresh); i < this.steps.length; i++) for (const a of this.steps[i]!.disabled ?? []) reviveDisabled(this.tree, i, a);
      if (this.stallLeft && !run.abandoned) this.steps.pop();
    }
    this.stallLeft = false;
    while (this.stack.length > 0) {
      const node = this.stack[this.stack.length - 1]!;
      node.done.add(node.chosen);
      node.todo.delete(node.chosen);
      let next = -1;
      const rank = new Map(this.order(node).map((x, k) => [x, k]));
      for (const i of [...node.todo].sort((a, b) => rank.get(a)! - rank.get(b)!)) {
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
      this.exhausted = { schedules: this.caching ? this.allLeaves : this.leaves, bound: this.cut ? this.bound : Infinity, complete: !this.cut, ...(this.commuted && { commutes: 'models' as const }) };
      return;
    }
    this.bound++;
    this.cut = false;
    this.leaves = 0;
    this.fresh = 0;
  }

  /** A data node re-chosen: the steps from the one it is drawn in are new (conservatively, the last schedule node's). */
  private firstStepAfter(index: number): number {
    for (let k = index; k >= 0; k--) if (this.stack[k]!.actors !== undefined) return this.stack[k]!.steps;
    return 0;
  }
}

/** Whether two options of a choice are operations of one actor. */
function sharesActor(keys: readonly number[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    // Only an actor's second operation in flight gets a key past OP_STRIDE (sim/actor.ts, opKey).
    if (keys[i]! < OP_STRIDE) continue;
    const a = actorOfKey(keys[i]!);
    for (let k = 0; k < keys.length; k++) if (k !== i && actorOfKey(keys[k]!) === a) return true;
  }
  return false;
}

export function dfsStrategy(options: DfsOptions = {}): Strategy {
  return new Dfs(options);
}

/** The one line for one prefix trace reaching two different option sets (`SeenPoints.differs`). */
function undeclaredState(d: { before: string; now: string }, name: (actor: number) => string | undefined = () => undefined): string {
  const say = (o: string) =>
    o
      .split(',')
      .filter((x) => x !== '')
      .map((x) => {
        if (Number(x) === STALL) return 'time passing';
        const id = actorOfKey(Number(x));
        const known = name(id);
        return known === undefined ? `actor ${id}` : JSON.stringify(known.length > 40 ? `${known.slice(0, 39)}…` : known);
      })
      .join(', ') || 'nothing';
  return `dfs: two schedules that differ only in the order of independent steps reached different choices (${say(d.before)}; then ${say(d.now)}) — the actors share state that no model declares (a closure variable, a module-level counter or cache): reach it through a model, or run with reduction: false`;
}
