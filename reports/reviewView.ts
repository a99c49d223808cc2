/**
 * The view of a failing run that the CLI prints, built only from what a replay token reproduces
 * (scenario, params, choices ⇒ trace), so `explore` and `replay <token>` render it byte for byte
 * alike. How the failure was found (schedule index, size before shrinking) is printed beside it.
 */
import { replayCommandLine } from './replayCommandLine.js';
import type { RunResult } from '../sim/run.js';
import type { ReportView } from './render.js';

/** What a replayed run gives the view: the parts of a run's result a renderer shows. */
export type ReviewedRun = Pick<RunResult, 'failure' | 'trace' | 'steps' | 'preemptions'>;

export function reviewView(scenario: string, run: ReviewedRun, token: string, params: unknown, file?: string): ReportView {
  return {
    scenario,
    kind: run.failure?.kind,
    message: run.failure?.message,
    actor: run.failure?.actor,
    cycle: run.failure?.cycle,
    error: run.failure?.error,
    trace: run.trace,
    token,
    replayCommand: replayCommandLine(token, file),
    params,
    steps: run.steps,
    preemptions: run.preemptions,
  };
}
