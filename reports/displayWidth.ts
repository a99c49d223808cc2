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

/** Columns `text` takes on a terminal (ANSI colour codes take none). */
export function displayWidth(text: string): number {
  return ASCII.test(text) ? text.length : stringWidth(text);
}

/** The grapheme clusters of `text`: what a reader sees as one character each. */
export function graphemes(text: string): string[] {
  return ASCII.test(text) ? [...text] : Array.from(segmenter.segment(text), (s) => s.segment);
}

/** The longest whole-grapheme prefix of `text` that fits in `max` columns. */
function prefix(text: string, max: number): string {
  if (ASCII.test(text)) return text.slice(0, Math.max(0, max));
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = stringWidth(g);
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

/**
 * `text` as lines of at most `width` columns, broken after the last natural break in the line's
 * second half (else hard, between graphemes). A grapheme wider than `width` still gets its own line.
 */
export function wrapToWidth(text: string, width: number, options: WrapOptions = {}): string[] {
  const maxLines = options.maxLines ?? Infinity;
  const breakAfter = options.breakAfter ?? SPACE;
  const lines: string[] = [];
  let rest = graphemes(text);
  const widthOf = (gs: readonly string[]) => gs.reduce((n, g) => n + displayWidth(g), 0);
  while (widthOf(rest) > width && lines.length < maxLines - 1) {
    let fit = 0;
    let used = 0;
    while (fit < rest.length && used + displayWidth(rest[fit]!) <= width) used += displayWidth(rest[fit++]!);
    if (fit === 0) fit = 1;
    let cut = fit;
    for (let i = fit; i > fit / 2; i--) {
      if (breakAfter.has(rest[i - 1]!)) {
        cut = i;
        break;
      }
    }
    lines.push(rest.slice(0, cut).join('').trimEnd());
    rest = graphemes(rest.slice(cut).join('').trimStart());
  }
  lines.push(cutToWidth(rest.join(''), width));
  return lines;
}
