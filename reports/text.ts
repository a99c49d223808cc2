/**
 * The plain-text per-actor timeline: one column per actor, one row per step, the values each step
 * wrote (arguments) and read (results), context switches marked and the failing step highlighted.
 * Lincheck's trace table is the model. Fits a terminal: columns share `width` (default 120) and long
 * cells wrap onto up to four lines, so 2–6 actors stay readable.
 */
import type { ReportView } from './render.js';
import { repeatsLine, showValue, summaryLine, timeline } from './timeline.js';
import { displayView } from './displayView.js';
import { terminalText } from './sanitise.js';

export interface TextOptions {
  /** Total width in characters (default 120; never below what 14-character columns need). */
  width?: number;
}

const MIN_CELL = 14;
const MAX_LINES = 4;
const GUTTER = 14; // "▶ ⇢ 1234 +9999" and the space before "┼"
const BREAK_AFTER = new Set([' ', '.', '(', ',', ':']);

/** Wraps at the last natural break (space, `.`, `(`, `,`) that fits; the last line ends in … if cut. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width && lines.length < MAX_LINES - 1) {
    let cut = width;
    for (let i = width; i > width / 2; i--) {
      if (BREAK_AFTER.has(rest[i - 1]!)) {
        cut = i;
        break;
      }
    }
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  lines.push(rest.length > width ? `${rest.slice(0, width - 1)}…` : rest);
  return lines;
}

export function renderText(view: ReportView, options: TextOptions = {}): string {
  const v = displayView(view);
  const tl = timeline(v);
  const width = options.width ?? 120;
  const lanes = tl.lanes.length || 1;
  const cellMax = Math.max(MIN_CELL, Math.floor((width - GUTTER) / lanes) - 3);
  const cells = tl.rows.map((r) => wrap(`${r.failing ? '✗ ' : ''}${r.label}`, cellMax));
  const widths = tl.lanes.map((name, i) => Math.min(cellMax, tl.rows.reduce((w, r, j) => (r.lane === i ? cells[j]!.reduce((m, l) => Math.max(m, l.length), w) : w), name.length)));
  const line = (gutter: string, texts: string[]) => `${gutter} │ ${texts.map((t, i) => t.padEnd(widths[i]!)).join(' │ ')}`.trimEnd();

  const out: string[] = [];
  if (v.kind !== undefined) {
    const [first, ...more] = (v.message ?? '').split('\n');
    out.push(`✗ ${v.scenario}: ${v.kind} — ${first}`);
    for (const m of more) out.push(`    ${m}`);
  } else {
    out.push(`✓ ${v.scenario}: no failure in this run`);
  }
  const summary = summaryLine(v);
  if (summary) out.push(`  minimal schedule: ${summary}`);
  if (v.params !== undefined) out.push(`  params: ${showValue(v.params, width - 10)}`);
  out.push('');
  out.push(line(`   ${'step'.padStart(4)} ${'time'.padStart(5)}`, tl.lanes.map((l) => (l.length > cellMax ? `${l.slice(0, cellMax - 1)}…` : l))));
  out.push(`${'─'.repeat(GUTTER - 1)}─┼─${widths.map((w) => '─'.repeat(w)).join('─┼─')}`);
  tl.rows.forEach((r, j) => {
    const mark = r.failing ? '▶' : ' ';
    const sw = r.switched ? (r.entry.preempted ? '⇢' : '·') : ' ';
    const texts = (k: number) => tl.lanes.map((_, i) => (i === r.lane ? (cells[j]![k] ?? '') : ''));
    out.push(line(`${mark} ${sw}${String(r.entry.step).padStart(4)} ${`+${r.at}`.padStart(5)}`, texts(0)));
    for (let k = 1; k < cells[j]!.length; k++) out.push(line(' '.repeat(GUTTER - 1), texts(k)));
  });
  const repeats = repeatsLine(v, tl);
  if (repeats) out.push(`  ${repeats}`);
  if (v.trace.events.length) {
    out.push('');
    out.push('  events:');
    for (const e of v.trace.events) out.push(`    @${e.step} +${e.time - (v.trace.steps[0]?.time ?? e.time)} ${e.actor}: ${e.kind}${e.data === undefined ? '' : ` ${showValue(e.data, width - 20)}`}`);
  }
  out.push('');
  out.push('  ⇢ preemption (switched away from an actor that could have run on)   · switch (the last actor blocked or ended)');
  if (tl.failing >= 0) out.push('  ▶ ✗ the step after which the failure was detected   cells: op(values written) → value read');
  if (v.token) out.push(`  replay: ${v.replayCommand ?? `npx interleave replay ${v.token}`}`);
  return terminalText(out.join('\n'), { keepNewlines: true });
}
