import { stableJson, type TraceEntry } from '../sim/trace.js';
import type { ReportView } from './render.js';

function withoutResult(s: TraceEntry): Omit<TraceEntry, 'result'> {
  const { result: _none, ...rest } = s;
  return rest;
}

/** The failure as JSON: everything a tool needs to show or re-run it. */
export function renderJson(v: ReportView): string {
  const data = {
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
  return JSON.stringify(JSON.parse(stableJson(data)), null, 2);
}
