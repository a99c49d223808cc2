/**
 * `interleave explore --json`: newline-delimited JSON, one event per line, each with the `schema`
 * version (bumped on any change a reader must know about) and its `type`:
 *
 *   progress — {scenario, schedules, runs}: at most one a second per scenario while it explores
 *   failure  — {scenario, case, variant, kind, message, firstFoundAt, foundBy, steps, preemptions,
 *               stepsBeforeShrink, preemptionsBeforeShrink, seed, token, fingerprint, replayCommand}
 *   summary  — {ok, results: [{scenario, case, variant, property, expect, matched, ok, schedules,
 *               seed, strategy, elapsedMs, token, exhausted}]}: the last line; `ok` is the exit code's
 *               verdict; `exhausted` is dfs's proof ({schedules, bound, complete, commutes}) or null
 *
 * Bundled and `--file` scenarios give the same fields (`case`, `variant`, `property`, `expect`,
 * `matched` are null for a file's).
 */
import type { ExploreResult } from '../explore/explore.js';
import type { Found } from './scenarioSource.js';

export const EVENTS_SCHEMA = 1;

export function progressEvent(scenario: string, schedules: number, runs: number): string {
  return JSON.stringify({ schema: EVENTS_SCHEMA, type: 'progress', scenario, schedules, runs });
}

export function failureEvent(found: Found, result: ExploreResult): string {
  const f = result.failure!;
  return JSON.stringify({
    schema: EVENTS_SCHEMA,
    type: 'failure',
    scenario: found.scenario.name,
    case: found.entry?.case ?? null,
    variant: found.entry?.variant ?? null,
    kind: f.kind,
    message: f.message,
    firstFoundAt: f.firstFoundAt,
    foundBy: f.foundBy,
    steps: f.steps,
    preemptions: f.preemptions,
    stepsBeforeShrink: f.stepsBeforeShrink,
    preemptionsBeforeShrink: f.preemptionsBeforeShrink,
    seed: result.seed,
    token: f.token,
    fingerprint: f.trace.fingerprint,
    replayCommand: f.replayCommand,
  });
}

export interface SummaryRow {
  found: Found;
  result: ExploreResult;
  matched: boolean;
}

export function summaryEvent(ok: boolean, rows: SummaryRow[]): string {
  return JSON.stringify({
    schema: EVENTS_SCHEMA,
    type: 'summary',
    ok,
    results: rows.map(({ found, result, matched }) => ({
      scenario: found.scenario.name,
      case: found.entry?.case ?? null,
      variant: found.entry?.variant ?? null,
      property: found.entry?.property ?? null,
      expect: found.entry?.expect ?? null,
      matched: found.entry ? matched : null,
      ok: result.ok,
      schedules: result.schedules,
      seed: result.seed,
      strategy: result.strategy,
      elapsedMs: Math.round(result.elapsedMs),
      token: result.failure?.token ?? null,
      exhausted: result.exhausted
        ? { schedules: result.exhausted.schedules, bound: Number.isFinite(result.exhausted.bound) ? result.exhausted.bound : null, complete: result.exhausted.complete, commutes: result.exhausted.commutes ?? null }
        : null,
    })),
  });
}
