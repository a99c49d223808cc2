/**
 * How wide text is on a terminal, in columns, and how to cut, pad and wrap it by that width. Every
 * text renderer measures here: a UTF-16 length counts a CJK character as 1 (it takes 2 columns) and
 * an emoji as 2 (or 7 for a family: one grapheme, 2 columns), and slicing by it can split a surrogate
 * pair (printed as U+FFFD) or a ZWJ sequence. Widths come from `string-width` (East Asian Width,
 * emoji presentation); cuts fall only between grapheme clusters (`Intl.Segmenter`).
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** Printable ASCII: one column per code unit, and any slice is safe. */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * For each BMP code unit, learned on first sight from `string-width` and the segmenter: 1 when it
 * takes one column and is a grapheme of its own next to printable ASCII and next to itself (so
 * not a surrogate, combining mark, joiner, control, regional indicator or Hangul jamo), else 2.
 * A text of such units (box drawing, arrows, dashes, Latin-1: what reports are made of) is one
 * column and one cluster per code unit, like ASCII; measuring it grapheme by grapheme made a
 * 150,000-step report take 18 s per format.
 */
const narrow = new Uint8Array(0x10000);

function isNarrow(unit: number): boolean {
  if (narrow[unit] === 0) {
    const c = String.fromCharCode(unit);
    const alone = (unit < 0xd800 || unit > 0xdfff) && [...segmenter.segment(`a${c}${c}a`)].length === 4;
    narrow[unit] = alone && stringWidth(c) === 1 ? 1 : 2;
  }
  return narrow[unit] === 1;
}

/** True when every code unit of `text` is one column and one grapheme (see `narrow`). */
function simple(text: string): boolean {
  if (ASCII.test(text)) return true;
  for (let i = 0; i < text.length; i++) if (!isNarrow(text.charCodeAt(i))) return false;
  return true;
}

/** Columns `text` takes on a terminal (ANSI colour codes take none). */
export function displayWidth(text: string): number {
  return simple(text) ? text.length : stringWidth(text);
}

/**
 * Code units segmented at a time. Node 20's segmenter slows down sharply past ~64 K code units
 * (80 K characters took 17 s, 160 K took 54 s), so a long text goes through in windows: every
 * cluster of a window but its last (which the window may have cut) is kept, and the next window
 * starts at that boundary.
 */
const WINDOW = 4096;

/** The grapheme clusters of `text`: what a reader sees as one character each. */
export function graphemes(text: string): string[] {
  if (simple(text)) return text.split('');
  if (text.length <= WINDOW) return Array.from(segmenter.segment(text), (s) => s.segment);
  const out: string[] = [];
  for (let at = 0; at < text.length; ) {
    const window = text.slice(at, at + WINDOW);
    const clusters = Array.from(segmenter.segment(window), (s) => s.segment);
    const whole = at + window.length >= text.length || clusters.length === 1 ? clusters.length : clusters.length - 1;
    for (let i = 0; i < whole; i++) {
      out.push(clusters[i]!);
      at += clusters[i]!.length;
    }
  }
  return out;
}

/** The longest whole-grapheme prefix of `text` that fits in `max` columns. */
function prefix(text: string, max: number): string {
  if (simple(text)) return text.slice(0, Math.max(0, max));
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = displayWidth(g);
    if (used + w > max) break;
    out += g;
    used += w;
  }
  return out;
}

/** `text` as is when it fits in `max` columns, else cut between graphemes and ended with `ellipsis`. */
export function cutToWidth(text: string, max: number, ellipsis = '…'): string {
  if (displayWidth(text) <= max) return text;
  const room = max - displayWidth(ellipsis);
  return room < 0 ? prefix(ellipsis, max) : `${prefix(text, room)}${ellipsis}`;
}

/** `text` followed by spaces up to `width` columns (unchanged when already that wide). */
export function padEndWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Spaces then `text`, up to `width` columns. */
export function padStartWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

export interface WrapOptions {
  /** At most this many lines; the last one ends in … when text is left over (default: no limit). */
  maxLines?: number;
  /** Characters a line may end after (default: space). A line breaks at the last one that fits. */
  breakAfter?: ReadonlySet<string>;
}

const SPACE = new Set([' ']);
const BLANK = /^\s+$/;

/**
 * `text` as lines of at most `width` columns, broken after the last natural break in the line's
 * second half (else hard, between graphemes). A grapheme wider than `width` still gets its own line.
 */
export function wrapToWidth(text: string, width: number, options: WrapOptions = {}): string[] {
  const maxLines = options.maxLines ?? Infinity;
  const breakAfter = options.breakAfter ?? SPACE;
  const lines: string[] = [];
  // One pass over the graphemes (index and running width): rebuilding the rest after every line
  // made a long message quadratic (400,000 characters took minutes).
  const gs = graphemes(text);
  const ws = gs.map(displayWidth);
  let left = ws.reduce((n, w) => n + w, 0);
  let start = 0;
  while (left > width && lines.length < maxLines - 1) {
    let fit = start;
    let used = 0;
    while (fit < gs.length && used + ws[fit]! <= width) used += ws[fit++]!;
    if (fit === start) fit = start + 1;
    let cut = fit;
    for (let i = fit; i > start + (fit - start) / 2; i--) {
      if (breakAfter.has(gs[i - 1]!)) {
        cut = i;
        break;
      }
    }
    lines.push(gs.slice(start, cut).join('').trimEnd());
    for (; start < cut; start++) left -= ws[start]!;
    for (; start < gs.length && BLANK.test(gs[start]!); start++) left -= ws[start]!;
  }
  lines.push(cutToWidth(gs.slice(start).join(''), width));
  return lines;
}
