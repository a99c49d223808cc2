/**
 * The shape every timeline renderer draws: actors as lanes in order of first appearance, one row per
 * step, where the context switches are, and which step the failure belongs to. Kept apart from the
 * renderers so text, Markdown and HTML agree on what they show.
 */
import { stableJson, type TraceEntry } from '../sim/trace.js';
import { cutToWidth } from './displayWidth.js';
import type { ReportView } from './render.js';

export interface TimelineRow {
  entry: TraceEntry;
  lane: number;
  /** Virtual ms since the first step. */
  at: number;
  /** `op(args) → result [picks]`: the values written (args) and read (result) in one line. */
  label: string;
  /** Another actor ran the step before (a context switch); `preempted` says whether it was forced. */
  switched: boolean;
  failing: boolean;
}

export interface Timeline {
  lanes: string[];
  rows: TimelineRow[];
  /** Index into rows of the failing step, or -1 for a passing run. */
  failing: number;
  switches: number;
  /** Steps left out after one round of a livelock's cycle (0 when every step is a row). */
  repeats: number;
}

/** A value as a reviewer reads it: strings quoted, everything else as stable JSON, cut to `max` columns. */
export function showValue(value: unknown, max = 40): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : stableJson(value);
  return cutToWidth(s, max);
}

export function stepLabel(s: TraceEntry, max = 40): string {
  const args = s.args.length ? `(${s.args.map((a) => showValue(a, max)).join(', ')})` : '';
  const result = s.result !== undefined ? ` → ${showValue(s.result, max)}` : '';
  const picks = s.picks?.length ? ` [${s.picks.join(' ')}]` : '';
  return `${s.op}${args}${result}${picks}`;
}

/** Which step the failure belongs to: the failing actor's last step, else the last step. */
function failingIndex(v: ReportView, steps: readonly TraceEntry[]): number {
  if (v.kind === undefined || steps.length === 0) return -1;
  if (v.actor !== undefined) {
    for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.actor === v.actor) return i;
  }
  return steps.length - 1;
}

/** The steps a timeline shows: all of them, or a livelock's up to one round of its cycle. */
export function shownSteps(v: ReportView): readonly TraceEntry[] {
  const steps = v.trace.steps;
  return v.cycle ? steps.slice(0, Math.min(steps.length, v.cycle.from + v.cycle.length)) : steps;
}

export function timeline(v: ReportView): Timeline {
  const steps = shownSteps(v);
  const lanes: string[] = [];
  for (const s of steps) if (!lanes.includes(s.actor)) lanes.push(s.actor);
  const failing = steps.length < v.trace.steps.length ? -1 : failingIndex(v, steps);
  const t0 = steps[0]?.time ?? 0;
  let switches = 0;
  const rows = steps.map((entry, i) => {
    const switched = i > 0 && steps[i - 1]!.actor !== entry.actor;
    if (switched) switches++;
    return { entry, lane: lanes.indexOf(entry.actor), at: entry.time - t0, label: stepLabel(entry), switched, failing: i === failing };
  });
  return { lanes, rows, failing, switches, repeats: v.trace.steps.length - steps.length };
}

/** "… 9,950 more steps repeat the cycle from step 42", or undefined when nothing was left out. */
export function repeatsLine(v: ReportView, tl: Timeline): string | undefined {
  if (tl.repeats === 0 || !v.cycle) return undefined;
  return `… ${tl.repeats.toLocaleString('en-US')} more ${tl.repeats === 1 ? 'step repeats' : 'steps repeat'} the cycle from step ${v.cycle.from}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('ch') ? 'es' : 's'}`;
}

/** "6 steps, 1 preemption" plus how it was found, shared by every renderer's header. */
export function summaryLine(v: ReportView): string | undefined {
  if (v.steps === undefined) return undefined;
  const head = `${plural(v.steps, 'step')}, ${plural(v.preemptions ?? 0, 'preemption')}`;
  if (v.stepsBeforeShrink === undefined) return head;
  const found = v.firstFoundAt !== undefined ? `found at schedule ${v.firstFoundAt}${v.seed !== undefined ? ` (seed ${v.seed})` : ''} with ` : 'found with ';
  return `${head} — ${found}${plural(v.stepsBeforeShrink, 'step')}, ${plural(v.preemptionsBeforeShrink ?? 0, 'preemption')}`;
}
