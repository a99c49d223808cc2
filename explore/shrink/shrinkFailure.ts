/**
 * Shrinking: whatever strategy found a failure, it is shrunk by re-running the scenario for every
 * candidate and keeping only candidates that fail the same way and are smaller (`size.ts`) — so
 * shrinking always ends. The phases, cheapest first: schedule-level edits by actor identity; the
 * workload (the params arbitrary's own shrinker: a smaller one makes every later run shorter);
 * fast-check's shrinker over the choice list, toward zeros and shorter lists (docs/architecture.md,
 * "Choices"); and, when context switches remain, a search of the same workload for a repro with
 * fewer, whose other failures are shrunk too.
 */
import type { ParamsValue } from '../../sim/params.js';
import type { RunResult } from '../../sim/run.js';
import type { Scenario } from '../../sim/scenario.js';
import { choiceList } from './choiceList.js';
import { fewerSwitches } from './fewerSwitches.js';
import { scheduleEdits } from './scheduleEdits.js';
import { Shrinker, type ShrinkOptions } from './shrinker.js';
import { smaller } from './size.js';
import { workload } from './workload.js';

export type { ShrinkOptions, ShrinkProgress } from './shrinker.js';
export { failureSignature } from './size.js';

export interface Shrunk {
  result: RunResult;
  params: unknown;
  /** Accepted shrink steps. */
  shrinks: number;
  /** Candidate runs tried. */
  tried: number;
}

export async function shrinkFailure<W, P>(scenario: Scenario<W, P>, found: RunResult, params: ParamsValue<P>, options: ShrinkOptions): Promise<Shrunk> {
  const sh = new Shrinker(scenario, found, params, options);
  const phases = [scheduleEdits(sh), workload(sh), choiceList(sh), fewerSwitches(sh)];
  // Each phase that made progress starts the round again.
  rounds: while (!sh.spent) {
    for (const phase of phases) if (await phase()) continue rounds;
    break;
  }
  // A shrink can settle in a local minimum of one mechanism of the bug (one way to reach it) while
  // another failing schedule of the same workload shrinks further: shrink a few of those too.
  for (const other of sh.others) {
    if (sh.spent || sh.best.preemptions === 0) break;
    const sub = await shrinkFailure(scenario, other, sh.params, { ...options, budget: Math.min(sh.budget - sh.tried, 1500), restarts: 0, switchSearch: 0 });
    sh.tried += sub.tried;
    if (smaller(sub.result, sh.best)) {
      sh.best = sub.result;
      sh.shrinks += sub.shrinks;
      sh.remember(sh.best);
    }
  }
  // A smaller workload wins over a shorter schedule once its schedule has shrunk as far as it goes;
  // if the budget ended first, an earlier repro with fewer context switches is the better answer.
  if (sh.spent && sh.smallest.result.preemptions < sh.best.preemptions) return { result: sh.smallest.result, params: sh.smallest.params, shrinks: sh.shrinks, tried: sh.tried };
  return { result: sh.best, params: sh.params.value, shrinks: sh.shrinks, tried: sh.tried };
}
