import { render, type ReportFormat } from '../reports/render.js';
import { reviewView } from '../reports/reviewView.js';
import { StaleReplayError } from '../sim/errors.js';
import type { RunResult } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { runChoices } from '../sim/execute.js';
import { decodeToken } from './token.js';

export interface ReplayResult extends RunResult {
  token: string;
  /** Renders the replayed run the way explore rendered the failure. */
  report(format?: ReportFormat): string;
}

const STALE_HINT = 'the scenario or the code under test changed since the token was recorded: run explore again for a fresh token';

/**
 * Re-runs the schedule a token recorded and verifies it is the same run: same scenario, every
 * recorded choice in range and consumed, same trace fingerprint. Anything else is a stale replay.
 */
export async function replay<W, P>(scenario: Scenario<W, P>, token: string, options: { maxSteps?: number; file?: string; externalTimeoutMs?: number } = {}): Promise<ReplayResult> {
  const t = decodeToken(token);
  if (t.scenario !== scenario.name) {
    throw new StaleReplayError(`this token is for scenario "${t.scenario}", not "${scenario.name}"`, `replay it against "${t.scenario}" (interleave list shows the bundled scenarios)`);
  }
  // The token's own settings win: they are what the recorded trace was made with.
  const settings = { maxSteps: t.settings?.maxSteps ?? options.maxSteps, leakCheck: t.settings?.leakCheck, externalTimeoutMs: options.externalTimeoutMs };
  const r = await runChoices(scenario, t.params as P, t.choices, settings, true, true);
  if (r.choices.length < t.choices.length) {
    throw new StaleReplayError(`stale replay: the run ended after ${r.choices.length} of the token's ${t.choices.length} choices`, STALE_HINT);
  }
  if (r.trace.fingerprint !== t.fingerprint) {
    throw new StaleReplayError(`stale replay: the run's trace (fingerprint ${r.trace.fingerprint}) differs from the recorded one (${t.fingerprint})`, STALE_HINT);
  }
  const result = r as ReplayResult;
  result.token = token;
  const view = reviewView(scenario.name, r, token, t.params, options.file);
  Object.defineProperty(result, 'report', { value: (format: ReportFormat = 'text') => render(view, format), enumerable: false });
  return result;
}
