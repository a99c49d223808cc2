/**
 * The default strategy: an adaptive portfolio (Coyote's and Shuttle's portfolio idea, with a bandit
 * choosing the member). Members: uniform random, the preemptive walk (`preempt.ts`), POS and a POS
 * leaning toward switches, RFF, PCT at depths 2, 3 and 5 (a depth sweep; each PCT estimates the run
 * length k from this scenario's earlier runs) and dfs from preemption bound 1 (bound 1 covers bound
 * 0's schedules, so the portfolio skips the level-0 pass a plain dfs makes first).
 *
 * The first schedules follow a fixed opening (OPENING); after it, every other turn follows a
 * rotation (ROTATION) and the others go to Thompson sampling: each member's reward is whether its
 * run added a new access pair to the campaign's coverage (explore/coverage.ts), so schedules move to
 * the member still finding new behaviour. On a wide scenario (WIDE actors runnable at once) PCT's
 * turns go to uniform random and RFF. dfs keeps its opening turns when the space is small
 * (SMALL_SPACE) or the scenario narrow (FEW), and goes first only when the space is small or the
 * scenario a pair (PAIR): then it keeps every other turn after the opening, unless the pair spins
 * (SPIN_ROTATION). dfs is dropped once it
 * has run more than DFS_PATIENCE runs (blocked ones included) without finishing its tree. When dfs
 * finishes its tree on fixed params the portfolio reports its proof, and stops there if the proof
 * skipped no order (every step touched everything); a proof that commuted steps on different models
 * holds only if the actors share no other state, so the other members go on to the budget.
 * Deterministic from the seed: every member and the bandit draw from their own seeded streams, and
 * a run's schedule is what its token records.
 */
import { dfsStrategy } from './dfs.js';
import { pctStrategy } from './pct.js';
import { posStrategy } from './pos.js';
import { randomStrategy } from './random.js';
import { rffStrategy } from './rff.js';
import { preemptStrategy } from './preempt.js';
import { deriveSeed, makeRng } from '../rng.js';
import type { Exhausted, RunPlan, RunSummary, Strategy } from './strategy.js';
import { DEFAULTS } from '../../sim/defaults.js';

export interface PortfolioOptions {
  depth?: number;
  preemptionBound?: number;
  reduction?: boolean;
  /** Whether a dfs proof covers the whole scenario (true when it has no params to vary). */
  dfsCoversAll: boolean;
}

/** Member indices: the order of `members` below. */
const RANDOM = 0;
const DFS = 1;
const POS = 2;
const RFF = 3;
const PCT = 4;
const PCT2 = 5;
const PCT_DEEP = 6;
const PREEMPT = 7;
const POS_SWITCH = 8;
/** The PCT members (depths d, d − 1 and d + 2): they share the run-length estimate and step aside on wide scenarios. */
const PCT_MEMBERS = [PCT, PCT2, PCT_DEEP];
/**
 * The opening: who runs the first schedules, before the bandit takes over. The preemptive walk finds
 * the lost updates, check-then-acts and lock-order deadlocks in its first schedule or two, uniform
 * random and the switch-leaning POS the torn reads, buffers and token passing; then dfs's first three
 * (the non-preemptive run and the deepest one-preemption ones: the bugs one late switch exposes),
 * then PCT at its three depths for the ordering bugs, RFF and POS. Chosen by a local search over
 * openings on bench/programs (bench/BUGFINDING.md) for the worst ratio to the best single strategy
 * on two samples of seeds (1–20 and 101–200, so it follows hit rates rather than one sample's luck),
 * with the event tape's bugs (bench/RESULTS.md) held to their medians.
 */
const OPENING = [
  PREEMPT,
  RANDOM,
  POS_SWITCH,
  PREEMPT,
  DFS,
  DFS,
  DFS,
  PCT2,
  PCT_DEEP,
  PCT,
  RFF,
  PREEMPT,
  RANDOM,
  PCT_DEEP,
  DFS,
  PCT_DEEP,
  RFF,
  POS,
];
/**
 * Past the opening, every other turn follows this rotation and the others go to the bandit, so no
 * member starves when coverage rewards another: half of it PCT (the case studies' ordering bugs —
 * the event tape's final-is-last — need PCT's share), two RFF turns (the bugs of long runs:
 * twostage_20 in about 55 schedules alone, uniform random about 120), the walk and POS.
 */
const ROTATION = [PCT, RFF, PCT, RFF, PCT2, PREEMPT, PCT_DEEP, POS];
/**
 * Members the bandit does not pick (they run in the opening and the rotation only). Uniform random
 * and the two switch-leaning walks add new access pairs on nearly every run, so a coverage reward
 * overrates them and the bandit starved PCT: the event tape's final-is-last took 77–93 schedules
 * (median of 100 seeds) with the walks in the bandit and 49–56 without.
 */
const NOT_BANDIT = new Set([RANDOM, PREEMPT, POS_SWITCH]);
/** Schedules dfs may run without finishing its tree before the portfolio stops giving it turns. */
const DFS_PATIENCE = 2000;
/**
 * A scenario whose runs have at most this many schedules one preemption away counts as small: dfs
 * then takes its turns in the opening and the rotation and, past the opening, every other turn until
 * its tree is done (a proof, or a bug within the lowest bound that has one). On a larger space those turns go
 * to PCT, and dfs runs only when the bandit picks it.
 */
const SMALL_SPACE = 32;
/**
 * A scenario every run of which has had this many actors runnable at one point is wide (a program
 * that spawns its actors as it goes, and is wide only in some runs, is not): PCT's turns go to
 * uniform random (d = 3's) and RFF (the other depths'). PCT's chance per run falls with the actor
 * count (1/(n·k^(d−1))), while with many alike actors a bug has many windows a random walk or a
 * reads-from mutation can land in. Measured (bench/BUGFINDING.md): at 10 actors and more PCT needed
 * 4–60× random's schedules on every program (reorder_10…100, twostage_20…100), at 7 (seven dining
 * philosophers) 4,071 against 23. The janitor case (2–11 wide depending on params and schedule,
 * its bugs split between PCT and random) stays PCT's, since its narrowest runs are narrower; at 6
 * and below the janitor's one-holder and cleanup bugs got slower (6 → 7, 7 → 8).
 */
export const WIDE = 7;
/**
 * A scenario no run of which has had more than this many actors runnable at once keeps dfs's opening
 * turns even on a large space: its first one-preemption schedules (the natural run, switched once at
 * its deepest points) find the bugs between the last steps of two or three actors, and a
 * scenario that narrow has few such points. Measured on 14 programs written by another session and
 * never tuned on (bench/BUGFINDING.md): the geometric mean of the default over the best single
 * strategy 2.86 → 2.19 (a work-stealing deque 36 → 6 schedules, a counter barrier 17 → 6); the
 * benchmark's medians unchanged. Wider scenarios (the janitor case, the event tape)
 * keep PCT's early turns: with dfs's turns kept on every large space the janitor's one-holder bug took
 * 10 schedules instead of 6.
 */
const FEW = 3;
/**
 * A scenario no run of which has had more than this many actors runnable at once is a pair: dfs then
 * keeps every other turn after the opening, as on a small space, however large the space. Between
 * two actors a preemption bound leaves few places to switch, and dfs reaches the bugs that need two
 * switches (an ABA on a Treiber stack: 25 schedules) long before the sampling members (random 37,
 * PCT 130, the portfolio without this 288, now 59). Measured over the benchmark, the outside and
 * validation programs and the case studies (bench/BUGFINDING.md, fifth pass): no other median moved
 * but a spinning Peterson lock's (67 → 83), where dfs unrolls the spin.
 */
export const PAIR = 2;
/**
 * Past the opening, a pair that spins (no run had more than PAIR actors runnable at once, and one had
 * an actor yield while runnable: a spin-wait's poll) takes every turn from this rotation instead of
 * the rotation, the bandit and dfs. A spin loop
 * makes a run as long as the other actor keeps it waiting, so PCT's estimate k of the run length
 * grows with every slow run and its chance (1/(n·k^(d−1))) falls with it, and dfs's tree unrolls
 * the spin at every bound; between two actors a random walk's chance of the few switches a
 * mutual-exclusion protocol breaks under does not depend on the run's length. Measured
 * (bench/BUGFINDING.md, sixth pass): Peterson with swapped writes 83 → 30 schedules, Hyman's mutex
 * 43 → 22, Lamport's fast mutex 27 → 19; every other program and case study unchanged (the
 * opening, where the spinning pairs that want PCT or dfs find their bugs, is as before). Up to FEW
 * actors a spinning reader/writer lock went 42 → 24, but the event tape, which polls and is three
 * or four wide only in some runs, lost PCT's turns in seeds whose first runs were narrow
 * (final-is-last 34 → 40).
 */
const SPIN_ROTATION = [RANDOM, PREEMPT, POS, RFF, RANDOM, POS_SWITCH, PREEMPT, PCT];
/** Sleep-set-blocked dfs runs retried at once before the turn passes on. */
const MAX_RETRIES = 4;

export function portfolioStrategy(seed: string, options: PortfolioOptions): Strategy {
  const depth = options.depth ?? DEFAULTS.depth;
  const dfsOptions = {
    ...(options.preemptionBound !== undefined && { preemptionBound: options.preemptionBound }),
    ...(options.reduction !== undefined && { reduction: options.reduction }),
  };
  const members: Strategy[] = [
    randomStrategy(deriveSeed(seed, 'random')),
    dfsStrategy({ ...dfsOptions, fromBound: Math.min(1, options.preemptionBound ?? 1) }),
    posStrategy(deriveSeed(seed, 'pos')),
    rffStrategy(deriveSeed(seed, 'rff')),
    pctStrategy(deriveSeed(seed, 'pct'), depth),
    pctStrategy(deriveSeed(seed, 'pct2'), Math.max(2, depth - 1)),
    pctStrategy(deriveSeed(seed, 'pct5'), depth + 2),
    preemptStrategy(deriveSeed(seed, 'preempt')),
    posStrategy(deriveSeed(seed, 'pos-switch'), 0.2),
  ];
  const rng = makeRng(deriveSeed(seed, 'bandit'));
  const wins = members.map(() => 0);
  const losses = members.map(() => 0);
  const live = members.map(() => true);
  let dfsRuns = 0;
  /** The most branching any run had (explore/coverage.ts): how many schedules one preemption away. */
  let space = 0;
  /** The fewest actors runnable at once at a run's widest point, over the runs so far (explore/coverage.ts). */
  let width: number | undefined;
  /** The most actors runnable at once at a run's widest point, over the runs so far. */
  let widest = 0;
  /** Whether a run so far had an actor yield while runnable (explore/coverage.ts). */
  let spins = false;
  let turn = 0;
  let current = -1;
  /** dfs gave up its last run (sleep-set blocked): not a schedule, so its turn is not over. */
  let retry = false;
  let retries = 0;
  /**
   * dfs's proof, when its tree covers the whole scenario. One that took steps on different models as
   * independent holds only if the actors share no other state, which the kit cannot see: it is
   * reported, but the other members go on to the budget (plain state two actors share is what they
   * find and the proof cannot). One that commuted nothing ends the campaign.
   */
  let proof: Exhausted | undefined;

  const wide = () => width !== undefined && width >= WIDE;

  /** Thompson sampling: a draw from each live member's Beta(1 + wins, 1 + losses), the largest wins. */
  function choose(): number {
    let best = -1;
    let bestDraw = -1;
    for (let m = 0; m < members.length; m++) {
      if (!live[m] || NOT_BANDIT.has(m) || (wide() && isPct(m))) continue;
      const draw = beta(rng, 1 + wins[m]!, 1 + losses[m]!);
      if (draw > bestDraw) {
        bestDraw = draw;
        best = m;
      }
    }
    return best;
  }

  return {
    name: 'portfolio',
    get exhausted() {
      return proof;
    },
    get nondeterminism() {
      return members[DFS]!.nondeterminism;
    },
    next(): RunPlan | undefined {
      if (proof !== undefined && proof.commutes === undefined) return undefined;
      for (let tries = 0; tries <= members.length; tries++) {
        let m: number;
        if (retry) m = DFS;
        else if (turn < OPENING.length) m = OPENING[turn]!;
        else if (spins && widest <= PAIR) m = SPIN_ROTATION[turn % SPIN_ROTATION.length]!;
        else if (live[DFS] && (space <= SMALL_SPACE || widest <= PAIR) && turn % 2 === 1) m = DFS;
        else if (turn % 2 === 0) m = ROTATION[(turn / 2) % ROTATION.length]!;
        else m = choose();
        // A scheduled dfs turn on a large space goes to PCT instead (d = 3 and 2 by turns): dfs
        // first only when the space is small, or in the opening when the scenario is FEW wide; on
        // a large one the bandit may still pick it.
        if (m === DFS && !retry && space > SMALL_SPACE && widest > PAIR && !(turn < OPENING.length && widest <= FEW)) m = turn % 4 < 2 ? PCT : PCT2;
        if (wide() && isPct(m)) m = m === PCT ? RANDOM : RFF;
        if (!retry) turn++;
        retry = false;
        if (m < 0) return undefined;
        if (!live[m]) m = RANDOM;
        const plan = members[m]!.next();
        if (plan) {
          current = m;
          return plan;
        }
        live[m] = false;
      }
      return undefined;
    },
    done(run: RunSummary) {
      if (current < 0) return;
      members[current]!.done(run);
      // PCT's k (the run length) is the scenario's, not the member's: every run refines every PCT's.
      if (!run.abandoned)
        for (const m of PCT_MEMBERS) if (m !== current) members[m]!.done(run);
      if (run.coverage && run.coverage.branching > space) space = run.coverage.branching;
      if (run.coverage && !run.abandoned) {
        width = Math.min(width ?? Infinity, run.coverage.width);
        widest = Math.max(widest, run.coverage.width);
        if (run.coverage.yields > 0) spins = true;
      }
      if (current === DFS) {
        const dfs = members[DFS]!;
        if (dfs.exhausted) {
          live[DFS] = false;
          if (options.dfsCoversAll) proof = dfs.exhausted;
        } else if (++dfsRuns > DFS_PATIENCE) live[DFS] = false;
      }
      if (run.abandoned) {
        // A few in a row; past that the tree is mostly blocked prefixes and the others get the turn.
        retry = current === DFS && live[DFS]! && ++retries <= MAX_RETRIES;
        if (!retry) retries = 0;
        return;
      }
      if ((run.newPairs ?? 0) > 0) wins[current]!++;
      else losses[current]!++;
    },
  };
}

function isPct(m: number): boolean {
  return PCT_MEMBERS.includes(m);
}

/** A Beta(a, b) draw for integer a, b ≥ 1: the a-th smallest of a + b − 1 uniforms, by gamma sums. */
function beta(rng: () => number, a: number, b: number): number {
  const x = gamma(rng, a);
  return x / (x + gamma(rng, b));
}

/** Gamma(k, 1) for integer k: a sum of k exponentials, capped so long campaigns stay cheap. */
function gamma(rng: () => number, k: number): number {
  if (k > 30) {
    // Normal approximation (mean k, variance k) past 30: plenty for a bandit's ranking.
    const u = Math.max(rng(), 1e-12);
    const v = rng();
    return Math.max(
      1e-9,
      k + Math.sqrt(k) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v),
    );
  }
  let s = 0;
  for (let i = 0; i < k; i++) s -= Math.log(1 - rng());
  return s;
}
