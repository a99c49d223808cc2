/**
 * From a failing run to the failure `explore` reports: shrunk to a minimal schedule, re-run strictly
 * (on both loops) so the token replays exactly what the report shows, and minted into a replay token
 * and command.
 */
import { replayCommandLine } from '../reports/replayCommandLine.js';
import { isTracked, runChoices } from '../sim/execute.js';
import { assertSerialisable, type ParamsValue } from '../sim/params.js';
import type { RunResult, RunSettings } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { type Failure, withReport } from './failure.js';
import type { ExploreOptions } from './options.js';
import { scenarioFile } from './scenarioFile.js';
import { shrinkFailure } from './shrink/shrinkFailure.js';
import { shrinkClock } from './shrink/shrinker.js';
import { DEFAULTS } from '../sim/defaults.js';
import { encodeToken, tokenSettings } from './token.js';

/** What a campaign is: the scenario, the seed and options it runs with, the settings of each run. */
export interface Campaign<W, P> {
  scenario: Scenario<W, P>;
  seed: string;
  options: ExploreOptions<P>;
  settings: RunSettings;
}

export async function mintFailure<W, P>(c: Campaign<W, P>, found: RunResult, params: ParamsValue<P>, how: { firstFoundAt: number; foundBy: string }): Promise<Failure> {
  const { scenario, options, settings } = c;
  let final = found;
  let finalParams: unknown = params.value;
  let shrinks = 0;
  let shrinkRuns = 0;
  // A hang is a verdict once: every candidate run would wait out the same real-time deadline.
  if (options.shrink !== false && found.failure!.kind !== 'nondeterminism' && !found.hung) {
    const shrinking = { ...settings, budget: options.shrinkBudget, deadline: shrinkClock() + (options.shrinkTimeMs ?? DEFAULTS.shrinkTimeMs), onProgress: options.onShrinkProgress };
    const s = await shrinkFailure(scenario, found, params, shrinking);
    finalParams = s.params;
    shrinks = s.shrinks;
    shrinkRuns = s.tried;
    // Re-run the minimal schedule strictly (and on the tracked loop too, see executeRun's verify):
    // the token must replay exactly what the report shows.
    final = await runChoices(scenario, s.params as P, s.result.choices, settings, true, true);
    if (final.ok && isTracked(scenario)) {
      // The shrinker's fast runs found a schedule only the fast loop fails: shrink again, tracked.
      const again = await shrinkFailure(scenario, found, params, shrinking);
      finalParams = again.params;
      shrinks = again.shrinks;
      shrinkRuns += again.tried;
      final = await runChoices(scenario, again.params as P, again.result.choices, settings, true);
    }
    if (final.ok) final = s.result;
  }
  assertSerialisable(scenario.name, finalParams);
  const token = encodeToken({ scenario: scenario.name, params: finalParams, choices: final.choices, fingerprint: final.trace.fingerprint, settings: tokenSettings(settings) });
  const f = final.failure ?? found.failure!;
  return withReport({
    ...f,
    scenario: scenario.name,
    firstFoundAt: how.firstFoundAt,
    foundBy: how.foundBy,
    seed: c.seed,
    token,
    replayCommand: replayCommandLine(token, await scenarioFile(scenario, options.file)),
    trace: final.trace,
    params: finalParams,
    choices: final.choices,
    stepsBeforeShrink: found.steps,
    steps: final.steps,
    preemptionsBeforeShrink: found.preemptions,
    preemptions: final.preemptions,
    shrinks,
    shrinkRuns,
  });
}
