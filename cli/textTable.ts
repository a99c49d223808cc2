/**
 * A plain-text table that fits a terminal: columns two spaces apart, measured in terminal columns
 * (reports/displayWidth.ts). When the natural widths are too wide, the columns that may shrink give
 * up columns, widest first, down to their `min`; their cells are cut with … between graphemes. When
 * even that is too wide, the `optional` columns are left out, the rightmost first.
 */
import { cutToWidth, displayWidth, padEndWidth } from '../reports/displayWidth.js';

export interface Column {
  head: string;
  /** Fewest columns it may shrink to; absent: it never shrinks (a token one copies whole). */
  min?: number;
  /** The table may leave it out when even every column at its min is too wide. */
  optional?: boolean;
}

const SEP = '  ';

/** The widths each column gets within `width` (or the narrowest the mins allow). */
export function columnWidths(columns: readonly Column[], rows: readonly (readonly string[])[], width: number): number[] {
  const widths = columns.map((c, i) => Math.max(displayWidth(c.head), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const floor = columns.map((c, i) => (c.min === undefined ? widths[i]! : Math.min(c.min, widths[i]!)));
  let excess = widths.reduce((a, b) => a + b, 0) + SEP.length * (columns.length - 1) - width;
  while (excess > 0) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floor[i]! && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]!--;
    excess--;
  }
  return widths;
}

/** The narrowest the table can get: every shrinkable column at its min. */
export function narrowest(columns: readonly Column[], rows: readonly (readonly string[])[]): number {
  return columnWidths(columns, rows, 0).reduce((a, b) => a + b, 0) + SEP.length * (columns.length - 1);
}

/** Head, rule and rows, each line at most `width` columns when the mins allow it. */
export function textTable(all: readonly Column[], allRows: readonly (readonly string[])[], width: number): string[] {
  let keep = all.map((_, i) => i);
  const pick = <T>(xs: readonly T[]) => keep.map((i) => xs[i]!);
  while (narrowest(pick(all), allRows.map(pick)) > width) {
    const drop = keep.findLastIndex((i) => all[i]!.optional);
    if (drop < 0) break;
    keep = keep.filter((_, k) => k !== drop);
  }
  const columns = pick(all);
  const rows = allRows.map(pick);
  const widths = columnWidths(columns, rows, width);
  const line = (cells: readonly string[]) => cells.map((t, i) => padEndWidth(cutToWidth(t, widths[i]!), widths[i]!)).join(SEP).trimEnd();
  return [line(columns.map((c) => c.head)), widths.map((w) => '─'.repeat(w)).join(SEP), ...rows.map(line)];
}
