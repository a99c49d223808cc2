import { stableJson, type TraceEntry } from '../sim/trace.js';
import type { ReportView } from './render.js';

function withoutResult(s: TraceEntry): Omit<TraceEntry, 'result'> {
  const { result: _none, ...rest } = s;
  return rest;
}

/** Bumped when a field changes meaning or goes away. */
export const REPORT_SCHEMA = 1;

/**
 * The failure as JSON: everything a tool needs to show or re-run it. Every field is always there:
 * one a view does not have (a replay knows no seed or size before shrinking) is null.
 */
export function renderJson(v: ReportView): string {
  const data = {
    schema: REPORT_SCHEMA,
    scenario: v.scenario,
    kind: v.kind,
    message: v.message,
    token: v.token,
    replayCommand: v.replayCommand,
    params: v.params,
    fingerprint: v.trace.fingerprint,
    steps: v.steps ?? v.trace.steps.length,
    preemptions: v.preemptions,
    stepsBeforeShrink: v.stepsBeforeShrink,
    preemptionsBeforeShrink: v.preemptionsBeforeShrink,
    firstFoundAt: v.firstFoundAt,
    seed: v.seed,
    // A step whose operation reported no result has none (stableJson would write "<undefined>").
    trace: v.trace.steps.map((s) => (s.result === undefined && 'result' in s ? withoutResult(s) : s)),
    events: v.trace.events,
  };
  const whole = Object.fromEntries(Object.entries(data).map(([k, x]) => [k, x === undefined ? null : x]));
  return JSON.stringify(JSON.parse(stableJson(whole)), null, 2);
}
