/**
 * The plain-text per-actor timeline: one column per actor, one row per step, context switches
 * marked, the failing step highlighted (Lincheck's trace table is the model).
 */
import { stableJson } from '../sim/trace.js';
import type { ReportView } from './render.js';

const MAX_CELL = 34;

function cell(text: string): string {
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

function short(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : stableJson(value);
  return s.length > 16 ? `${s.slice(0, 15)}…` : s;
}

export function renderText(v: ReportView): string {
  const steps = v.trace.steps;
  const lanes: string[] = [];
  for (const s of steps) if (!lanes.includes(s.actor)) lanes.push(s.actor);
  const rows: string[][] = [];
  for (const s of steps) {
    const args = s.args.length ? `(${s.args.map(short).join(', ')})` : '';
    const result = s.result !== undefined ? ` → ${short(s.result)}` : '';
    const picks = s.picks ? ` [${s.picks.join(' ')}]` : '';
    const row = lanes.map(() => '');
    row[lanes.indexOf(s.actor)] = cell(`${s.preempted ? '⇢ ' : ''}${s.op}${args}${result}${picks}`);
    rows.push(row);
  }
  const widths = lanes.map((l, i) => Math.max(l.length, ...rows.map((r) => r[i]!.length)));
  const pad = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' │ ');
  const out: string[] = [];
  const failed = v.kind !== undefined;
  out.push(failed ? `✗ ${v.scenario}: ${v.kind} — ${v.message}` : `✓ ${v.scenario}: no failure`);
  if (v.steps !== undefined && v.stepsBeforeShrink !== undefined) {
    out.push(`  minimal schedule: ${v.steps} steps, ${v.preemptions} context switch(es) (found with ${v.stepsBeforeShrink} steps, ${v.preemptionsBeforeShrink})`);
  }
  out.push('');
  out.push(`  step  time  │ ${pad(lanes)}`);
  out.push(`  ${'─'.repeat(14)}┼─${widths.map((w) => '─'.repeat(w)).join('─┼─')}`);
  rows.forEach((r, i) => {
    const s = steps[i]!;
    const mark = failed && i === rows.length - 1 ? '▶' : ' ';
    const t = `+${s.time - (steps[0]?.time ?? s.time)}`;
    out.push(`${mark} ${String(s.step).padStart(4)}  ${t.padEnd(6)}│ ${pad(r)}`);
  });
  if (v.trace.events.length) {
    out.push('');
    out.push('  events:');
    for (const e of v.trace.events) out.push(`    @${e.step} ${e.actor}: ${e.kind}${e.data === undefined ? '' : ` ${short(e.data)}`}`);
  }
  out.push('');
  out.push('  ⇢ = context switch away from a runnable actor; ▶ = the step after which the failure was detected');
  if (v.token) out.push(`  replay: ${v.replayCommand ?? `npx interleave replay ${v.token}`}`);
  return out.join('\n');
}
