import type { ChoiceSource } from '../../sim/choices.js';
import type { RunCoverage } from '../coverage.js';

/** What a strategy learns about each run it planned. */
export interface RunSummary {
  /** Steps in the trace. */
  steps: number;
  /** Schedule choice points the run met (options ≥ 2). */
  schedulePoints: number;
  failed: boolean;
  /** The source gave up on the run (dfs: sleep-set blocked); it is not a schedule. */
  abandoned: boolean;
  /** Access pairs this run added to the campaign's coverage (explore/coverage.ts); 0 when none. */
  newPairs?: number;
  /** The run's coverage record: its pairs and what each read saw (for coverage-guided strategies). */
  coverage?: RunCoverage;
  /** The choices the run made (its schedule). */
  choices?: readonly number[];
  /** The name of an actor id that took a step in the run (for messages; undefined for the others). */
  actorName?: (actor: number) => string | undefined;
}

/** One run to make: where its choices come from and whether it keeps the exploration's first params. */
export interface RunPlan {
  source: ChoiceSource;
  /** The strategy that made the plan (portfolio members keep their own names). */
  strategy: string;
  /** Systematic strategies enumerate one params value; random ones draw fresh params each run. */
  fixedParams: boolean;
}

/** "No failure in all N schedules up to preemption bound B" — a bounded proof. */
export interface Exhausted {
  /** Distinct complete schedules of the final level (a bounded proof: of every level, which its last leans on). */
  schedules: number;
  /** The preemption bound of the final level (Infinity when no bound cut anything). */
  bound: number;
  /** True when no schedule was cut by the bound: every interleaving (up to reduction) was run. */
  complete: boolean;
  /**
   * `'models'`: the reduction took steps on different model objects as independent, so the proof
   * holds only if the actors share no other state (a plain object, a closure or module variable two
   * actors both touch). Absent: every step counted as touching everything, so no order was skipped.
   */
  commutes?: 'models';
}

/**
 * A choice-source factory, one per exploration. Shuttle's `Scheduler` trait is the model: a strategy
 * plans runs and learns from them; the run loop and the checks are not its business.
 */
export interface Strategy {
  readonly name: string;
  /** The next run, or undefined when the strategy has nothing left (dfs exhausted). */
  next(): RunPlan | undefined;
  /** Told the outcome of the run made with the last plan. */
  done(run: RunSummary): void;
  /** Set by systematic strategies once their tree is explored. */
  readonly exhausted?: Exhausted | undefined;
  /** Set when a strategy saw the same choices lead to different runs. */
  readonly nondeterminism?: string | undefined;
}
