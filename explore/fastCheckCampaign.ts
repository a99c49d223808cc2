/**
 * fast-check as the choice source: a schedule is an `fc.array(fc.nat())` value beside the params, so
 * fast-check owns generation and shrinking (and its own `{ seed, path }` replay). interleave's
 * shrinker still runs afterwards, so every strategy's failures end equally minimal.
 */
import fc from 'fast-check';
import { executeRun } from '../sim/execute.js';
import type { RunResult, RunSettings } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { listSource } from '../sim/listSource.js';
import { DEFAULTS } from '../sim/defaults.js';
import { shrinkClock } from './shrink/shrinker.js';

export interface FastCheckExploration {
  schedules: number;
  steps: number;
  failure?: RunResult & { params: unknown };
}

export async function exploreWithFastCheck<W, P>(
  scenario: Scenario<W, P>,
  o: { seed: string; runs: number; params: P | undefined; settings: RunSettings; shrinkTimeMs?: number | undefined },
): Promise<FastCheckExploration> {
  const paramsArb: fc.Arbitrary<P> = o.params !== undefined ? fc.constant(o.params) : (scenario.params ?? (fc.constant(undefined) as fc.Arbitrary<P>));
  let schedules = 0;
  let steps = 0;
  let firstFailing: number | undefined;
  let last: (RunResult & { params: unknown }) | undefined;
  // fast-check's shrinking ends early once a failing run hung (each candidate would wait the same
  // deadline out) or the shrink's real time is up: the candidates left then pass without running.
  let shrinkUntil = Infinity;
  const property = fc.asyncProperty(paramsArb, fc.array(fc.nat()), async (params, choices) => {
    if (last !== undefined && (last.hung || shrinkClock() >= shrinkUntil)) return true;
    const r = await executeRun(scenario, params, { ...o.settings, source: listSource(choices) }, { verify: schedules === 0 ? true : 'failures' });
    if (firstFailing === undefined) {
      schedules++;
      steps += r.steps;
    }
    if (!r.ok) {
      if (firstFailing === undefined) shrinkUntil = shrinkClock() + (o.shrinkTimeMs ?? DEFAULTS.shrinkTimeMs);
      firstFailing ??= schedules;
      last = { ...r, params };
    }
    return r.ok;
  });
  let seedNum = 0;
  for (let i = 0; i < o.seed.length; i++) seedNum = (Math.imul(seedNum, 31) + o.seed.charCodeAt(i)) | 0;
  const details = await fc.check(property, { seed: seedNum, numRuns: o.runs });
  if (!details.failed || !last) return { schedules, steps };
  // fast-check shrank; its last failing run is its counterexample.
  return { schedules: firstFailing ?? schedules, steps, failure: last };
}
