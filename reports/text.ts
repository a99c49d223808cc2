/**
 * The plain-text per-actor timeline: one column per actor, one row per step, the values each step
 * wrote (arguments) and read (results), context switches marked and the failing step highlighted.
 * Lincheck's trace table is the model. Fits a terminal: columns share `width` (default 120, measured
 * in terminal columns) and long cells wrap onto up to four lines; when the actors are too many for
 * a column each at that width, the steps are stacked in one column that names each step's actor.
 */
import type { ReportView } from './render.js';
import { cutToWidth, displayWidth, padEndWidth, wrapToWidth } from './displayWidth.js';
import { displayView } from './displayView.js';
import { terminalText } from './sanitise.js';
import { repeatsLine, showValue, summaryLine, type Timeline, timeline, type TimelineRow } from './timeline.js';

export interface TextOptions {
  /** Total width in terminal columns (default 120). Lines fit it, except a replay command. */
  width?: number;
}

const MIN_CELL = 14;
const MAX_LINES = 4;
const GUTTER = 14; // "▶ ⇢ 1234 +9999" and the space before "┼"
const BREAK_AFTER: ReadonlySet<string> = new Set([' ', '.', '(', ',', ':']);
/** Fewest columns a stacked row's label gets, however narrow the terminal. */
const MIN_LABEL = 16;

/** Appends one line at a time: a spread of a long run's rows overflows the call stack. */
function append(out: string[], lines: readonly string[]): void {
  for (const l of lines) out.push(l);
}

const wrap = (text: string, width: number) => wrapToWidth(text, width, { maxLines: MAX_LINES, breakAfter: BREAK_AFTER });

/** `gutter │ cell │ cell …` with each cell padded to its column's display width. */
function tableLine(gutter: string, texts: readonly string[], widths: readonly number[]): string {
  return `${gutter} │ ${texts.map((t, i) => padEndWidth(t, widths[i]!)).join(' │ ')}`.trimEnd();
}

function gutterOf(r: TimelineRow): string {
  const mark = r.failing ? '▶' : ' ';
  const sw = r.switched ? (r.entry.preempted ? '⇢' : '·') : ' ';
  return `${mark} ${sw}${String(r.entry.step).padStart(4)} ${`+${r.at}`.padStart(5)}`;
}

const HEAD_GUTTER = `   ${'step'.padStart(4)} ${'time'.padStart(5)}`;
const CONTINUED = ' '.repeat(GUTTER - 1);

/** One column per actor: the layout when every actor gets at least MIN_CELL columns. */
function laneTable(tl: Timeline, cellMax: number): string[] {
  const cells = tl.rows.map((r) => wrap(`${r.failing ? '✗ ' : ''}${r.label}`, cellMax));
  const heads = tl.lanes.map((l) => cutToWidth(l, cellMax));
  const widths = heads.map((name, i) => tl.rows.reduce((w, r, j) => (r.lane === i ? cells[j]!.reduce((m, l) => Math.max(m, displayWidth(l)), w) : w), displayWidth(name)));
  const out = [tableLine(HEAD_GUTTER, heads, widths), `${'─'.repeat(GUTTER - 1)}─┼─${widths.map((w) => '─'.repeat(w)).join('─┼─')}`];
  tl.rows.forEach((r, j) => {
    const texts = (k: number) => tl.lanes.map((_, i) => (i === r.lane ? (cells[j]![k] ?? '') : ''));
    out.push(tableLine(gutterOf(r), texts(0), widths));
    for (let k = 1; k < cells[j]!.length; k++) out.push(tableLine(CONTINUED, texts(k), widths));
  });
  return out;
}

/** Too many actors for a column each: one row per step naming its actor, the label beside it. */
function stackedTable(tl: Timeline, width: number): string[] {
  const nameW = Math.min(Math.max(5, ...tl.lanes.map(displayWidth)), Math.max(5, Math.floor(width / 5)));
  const labelW = Math.max(MIN_LABEL, width - GUTTER - 5 - nameW);
  const widths = [nameW, labelW];
  const out = [tableLine(HEAD_GUTTER, ['actor', 'op(written) → read'], widths), `${'─'.repeat(GUTTER - 1)}─┼─${'─'.repeat(nameW)}─┼─${'─'.repeat(labelW)}`];
  for (const r of tl.rows) {
    const lines = wrap(`${r.failing ? '✗ ' : ''}${r.label}`, labelW);
    out.push(tableLine(gutterOf(r), [cutToWidth(tl.lanes[r.lane]!, nameW), lines[0]!], widths));
    for (const l of lines.slice(1)) out.push(tableLine(CONTINUED, ['', l], widths));
  }
  return out;
}

/** Prose wrapped to the width: `indent` before the first line, `then` (indent plus two) before the rest. */
function prose(indent: string, text: string, width: number, then = `${indent}  `): string[] {
  const [first, ...rest] = wrapToWidth(text, Math.max(MIN_LABEL, width - then.length));
  return [`${indent}${first}`, ...rest.map((l) => `${then}${l}`)];
}

/** Legend items three spaces apart, as many to a line as fit; an item too long for a line wraps. */
function legend(items: readonly string[], width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && displayWidth(`  ${line}   ${item}`) <= width) line = `${line}   ${item}`;
    else {
      if (line) append(out, prose('  ', line, width));
      line = item;
    }
  }
  if (line) append(out, prose('  ', line, width));
  return out;
}

export function renderText(view: ReportView, options: TextOptions = {}): string {
  const v = displayView(view);
  const tl = timeline(v);
  const width = options.width ?? 120;
  const lanes = tl.lanes.length || 1;
  const cellMax = Math.floor((width - GUTTER) / lanes) - 3;

  const out: string[] = [];
  if (v.kind !== undefined) {
    const [first, ...more] = (v.message ?? '').split('\n');
    append(out, prose('', `✗ ${v.scenario}: ${v.kind} — ${first}`, width, '    '));
    for (const m of more) append(out, prose('    ', m, width));
  } else {
    out.push(`✓ ${v.scenario}: no failure in this run`);
  }
  const summary = summaryLine(v);
  if (summary) append(out, prose('  ', `minimal schedule: ${summary}`, width));
  if (v.params !== undefined) out.push(`  params: ${showValue(v.params, width - 10)}`);
  out.push('');
  append(out, (cellMax >= MIN_CELL ? laneTable(tl, cellMax) : stackedTable(tl, width)));
  const repeats = repeatsLine(v, tl);
  if (repeats) append(out, prose('  ', repeats, width));
  if (v.trace.events.length) {
    out.push('');
    out.push('  events:');
    for (const e of v.trace.events) out.push(cutToWidth(`    @${e.step} +${e.time - (v.trace.steps[0]?.time ?? e.time)} ${e.actor}: ${e.kind}${e.data === undefined ? '' : ` ${showValue(e.data, width)}`}`, width));
  }
  out.push('');
  append(out, legend(['⇢ preemption (switched away from an actor that could have run on)', '· switch (the last actor blocked or ended)'], width));
  if (tl.failing >= 0) append(out, legend(['▶ ✗ the step after which the failure was detected', 'cells: op(values written) → value read'], width));
  if (v.token) out.push(`  replay: ${v.replayCommand ?? `npx interleave replay ${v.token}`}`);
  return terminalText(out.join('\n'), { keepNewlines: true });
}
