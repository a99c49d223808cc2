import { render, type ReportFormat } from '../reports/render.js';
import { reviewView } from '../reports/reviewView.js';
import { InterleaveError, StaleReplayError } from '../sim/errors.js';
import type { RunResult } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { runChoices } from '../sim/execute.js';
import { decodeToken } from './token.js';
import { checkParams } from '../sim/params.js';
import { terminalText } from '../reports/sanitise.js';

/**
 * What the token's schedule does today. `reproduced`: the recorded run, step for step (same trace
 * fingerprint). `fixed`: the schedule still fits the code but now runs clean — the failure it
 * recorded no longer happens. `diverged`: it fits and still fails, on another trace (the code
 * changed, the race did not go away).
 */
export type ReplayVerdict = 'reproduced' | 'fixed' | 'diverged';

export interface ReplayResult extends RunResult {
  token: string;
  verdict: ReplayVerdict;
  /** Renders the replayed run the way explore rendered the failure. */
  report(format?: ReportFormat): string;
}

const STALE_HINT = 'the scenario or the code under test changed shape since the token was recorded: run explore again for a fresh token';

/**
 * Re-runs the schedule a token recorded and says what it does now (`verdict`). A token whose
 * choices no longer fit the scenario (one out of range, fewer choice points than recorded) throws
 * StaleReplayError; so does a token of another scenario. When the trace differs from the recorded
 * one, the schedule is run a second time: two different traces from the same choices are not a code
 * change but something outside the simulation's control, and that is an error, not a verdict.
 */
export async function replay<W, P>(scenario: Scenario<W, P>, token: string, options: { maxSteps?: number; file?: string; externalTimeoutMs?: number } = {}): Promise<ReplayResult> {
  const t = decodeToken(token);
  if (t.scenario !== scenario.name) {
    throw new StaleReplayError(`this token is for scenario "${t.scenario}", not "${scenario.name}"`, `replay it against "${t.scenario}" (interleave list shows the bundled scenarios)`);
  }
  // Before setup sees them: params the scenario's arbitrary could not have made are not a run it recorded.
  try {
    checkParams(scenario as Scenario<unknown, unknown>, t.params);
  } catch (e) {
    if (!(e instanceof InterleaveError)) throw e;
    throw new StaleReplayError(terminalText(e.what), e.hint);
  }
  // The token's own settings win: they are what the recorded trace was made with.
  const settings = { maxSteps: t.settings?.maxSteps ?? options.maxSteps, leakCheck: t.settings?.leakCheck, externalTimeoutMs: options.externalTimeoutMs };
  let r: RunResult;
  try {
    r = await runChoices(scenario, t.params as P, t.choices, settings, true, true);
  } catch (e) {
    if (e instanceof StaleReplayError) throw new StaleReplayError(`stale replay: the token's choices no longer fit the code (${e.what})`, STALE_HINT);
    throw e;
  }
  if (r.choices.length < t.choices.length) {
    throw new StaleReplayError(`stale replay: the token's choices no longer fit the code (the run ended after ${r.choices.length} of its ${t.choices.length} choices)`, STALE_HINT);
  }
  // A clean run is fixed even on the recorded trace: a fix in plain code between two model
  // operations (a stale reply dropped) changes no step, so the fingerprint alone cannot tell.
  let verdict: ReplayVerdict = r.ok ? 'fixed' : 'reproduced';
  if (r.trace.fingerprint !== t.fingerprint) {
    const again = await runChoices(scenario, t.params as P, t.choices, settings, true, true);
    if (again.trace.fingerprint !== r.trace.fingerprint) {
      throw new InterleaveError(
        `replay is not deterministic: the token's choices gave two different traces (fingerprints ${r.trace.fingerprint} and ${again.trace.fingerprint})`,
        'something in the run is not under the simulation\'s control (Math.random, Date.now, real I/O, or state kept between runs); see "Testing real code" in the README',
      );
    }
    if (!r.ok) verdict = 'diverged';
  }
  const result = r as ReplayResult;
  result.token = token;
  result.verdict = verdict;
  const view = reviewView(scenario.name, r, token, t.params, options.file);
  Object.defineProperty(result, 'report', { value: (format: ReportFormat = 'text') => render(view, format), enumerable: false });
  return result;
}
