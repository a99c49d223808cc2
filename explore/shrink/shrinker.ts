/**
 * The state of one shrink: the best repro so far and its workload, the candidate runs tried against
 * the budget, and the other failures met on the way. The phases (`scheduleEdits.ts`, `workload.ts`,
 * `choiceList.ts`, `fewerSwitches.ts`) propose candidates; the shrinker keeps one only if it fails
 * the same way and is smaller (`size.ts`).
 */
import type { ChoiceSource } from '../../sim/choices.js';
import { runChoices, runSource } from '../../sim/execute.js';
import type { ParamsValue } from '../../sim/params.js';
import type { RunResult, RunSettings } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario.js';
import { DEFAULTS } from '../../sim/defaults.js';
import { failureSignature, smaller } from './size.js';

export interface ShrinkOptions extends RunSettings {
  /** Schedules the search may try, per workload, for a repro with fewer context switches (default 2000). */
  switchSearch?: number | undefined;
  /** Other failing schedules met in that search to shrink separately (default 3). */
  restarts?: number | undefined;
  /** Schedules to try for each smaller params candidate whose old schedule no longer fails (default 60). */
  paramsSearch?: number | undefined;
  /** Most candidate runs to try (default: DEFAULTS.shrinkBudget). */
  budget?: number | undefined;
  /** When to stop, on the kit's real clock ({@link shrinkClock}); default: no time limit. */
  deadline?: number | undefined;
  /** Told how the shrink goes, at most every {@link PROGRESS_MS} of real time. */
  onProgress?: ((p: ShrinkProgress) => void) | undefined;
}

export interface ShrinkProgress {
  /** Candidate runs tried so far, and the most that may be tried. */
  tried: number;
  budget: number;
  /** The best repro so far. */
  steps: number;
  preemptions: number;
  /** Real time since the shrink began. */
  elapsedMs: number;
}

/** The real clock (captured before any run can install virtual globals). */
export const shrinkClock = performance.now.bind(performance);
const PROGRESS_MS = 250;

/** One phase of shrinking: true when it found a smaller repro (the round then starts again). */
export type Phase = () => Promise<boolean>;

export class Shrinker<W, P> {
  best: RunResult;
  params: ParamsValue<P>;
  shrinks = 0;
  tried = 0;
  readonly budget: number;
  /** Other failures met while searching: shrunk separately at the end, they may reach a smaller repro. */
  readonly others: RunResult[] = [];
  /**
   * The smallest repro met so far, by (switches, steps): a smaller workload is accepted with a longer
   * schedule, and if the budget ends before that schedule shrinks back, this one may be better.
   */
  smallest: { result: RunResult; params: unknown };
  private readonly signature: string;
  private readonly started = shrinkClock();
  private lastProgress = this.started;
  /** A candidate hung (real time ran out on a call): every further one could wait it out again. */
  private hung = false;

  constructor(
    readonly scenario: Scenario<W, P>,
    found: RunResult,
    params: ParamsValue<P>,
    readonly options: ShrinkOptions,
  ) {
    this.best = found;
    this.params = params;
    this.budget = options.budget ?? DEFAULTS.shrinkBudget;
    this.signature = failureSignature(found.failure!);
    this.smallest = { result: found, params: params.value };
  }

  /** The budget is used up: runs, real time, or a candidate that hung. */
  get spent(): boolean {
    return this.tried >= this.budget || this.hung || (this.options.deadline !== undefined && shrinkClock() >= this.options.deadline);
  }

  fails(r: RunResult): boolean {
    return r.failure !== undefined && failureSignature(r.failure) === this.signature;
  }

  remember(r: RunResult): void {
    if (smaller(r, this.smallest.result)) this.smallest = { result: r, params: this.params.value };
  }

  /** Keeps `r` as the best repro if it fails the same way and is smaller. */
  accept(r: RunResult): boolean {
    if (!this.fails(r) || !smaller(r, this.best)) return false;
    this.adopt(r);
    return true;
  }

  /** Takes `r` (and, with it, `params`) as the best repro. */
  adopt(r: RunResult, params?: ParamsValue<P>): void {
    this.best = r;
    if (params) this.params = params;
    this.shrinks++;
    this.remember(r);
  }

  /** One candidate run, counted against the budget. */
  run(source: ChoiceSource, params: P = this.params.value): Promise<RunResult> {
    this.tried++;
    return runSource(this.scenario, params, source, this.options).then(this.ran);
  }

  runChoices(choices: readonly number[], params: P = this.params.value): Promise<RunResult> {
    this.tried++;
    return runChoices(this.scenario, params, choices, this.options).then(this.ran);
  }

  private readonly ran = (r: RunResult): RunResult => {
    if (r.hung) this.hung = true;
    const now = shrinkClock();
    if (this.options.onProgress !== undefined && now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      this.options.onProgress({ tried: this.tried, budget: this.budget, steps: this.best.steps, preemptions: this.best.preemptions, elapsedMs: now - this.started });
    }
    return r;
  };
}
