/**
 * Choices — the one thing a run records (docs/architecture.md, "Choices"). Every decision the simulation makes is a
 * natural number drawn from a {@link ChoiceSource}; the list of numbers drawn *is* the schedule.
 */

/** Option identity at a schedule choice: an actor id, or {@link STALL} for "advance the clock". */
export const STALL = -1;

/** A decision the run asks its choice source to make. Only points with two or more options are asked. */
export interface ChoicePoint {
  readonly kind: 'schedule' | 'data';
  /** Number of options, always ≥ 2. */
  readonly n: number;
  /** Op label for schedule choices, the user's label for data choices. */
  readonly label: string;
  /** Schedule choices: the actor id behind each option index ({@link STALL} for the stall option). */
  readonly actors?: readonly number[];
  /**
   * Schedule choices: true when option 0 means "keep running the current actor", so every other
   * actor option is a preemption (a context switch away from a runnable actor).
   */
  readonly continues?: boolean;
  /**
   * Schedule choices, for sources that want footprints: what each option's pending operation
   * declares it touches (`r:<obj>`, `w:<obj>` or `*`; the stall option touches `*`). A hint for
   * heuristics: on real code (tracked runs) the step may touch more, and its footprint (`onStep`)
   * then holds `*` as well.
   */
  readonly touches?: readonly string[];
  /** Index of this choice in the run's choice list. */
  readonly index: number;
}

/**
 * What one step touched, for partial-order reduction. Entries are `r:<obj>` / `w:<obj>`, or `*` for
 * "conflicts with everything" (stalls, cancels, kills, external calls without an object).
 */
export type Footprint = readonly string[];

/**
 * Supplies the choices of one run. The point passed to `choose` (and its `actors` array) is reused
 * by the run for the next choice: copy anything you keep.
 */
export interface ChoiceSource {
  /** Returns an index in [0, point.n); may return larger numbers, which a lenient run reduces mod n. */
  choose(point: ChoicePoint): number;
  /**
   * Told after every step with what it touched (only asked for by reducing strategies), and whether
   * the step's operation could block (it has an `enabled` condition: a lock, a wait, a join), so that
   * another actor's step may be what let it run; `disabled` lists the actors whose pending operation
   * the step took away (a kill, a cancel before the first step, a cleared timer), which could have
   * run before it.
   */
  onStep?(footprint: Footprint, actor: number, blocking?: boolean, disabled?: readonly number[]): void;
  /**
   * Told when only one actor can run (a forced step, not a recorded choice). Returning
   * {@link ABANDON} gives up the run — a reducing strategy does so when that actor is asleep.
   */
  onForced?(actor: number): number | undefined;
  /** True when the source wants footprints (costs a little per step). */
  readonly wantsFootprints?: boolean;
}

/** Returned by a source to abandon a run that only repeats explored work (sleep-set blocked). */
export const ABANDON = -2;

/** Two footprints commute when no object is written by one and touched by the other. */
export function independent(a: Footprint, b: Footprint): boolean {
  for (const x of a) {
    if (x === '*') return false;
    for (const y of b) {
      if (y === '*') return false;
      if (x.slice(2) === y.slice(2) && (x[0] === 'w' || y[0] === 'w')) return false;
    }
  }
  return true;
}
