/**
 * How many columns the CLI's text gets: the terminal's own width when stdout is one, else
 * `$COLUMNS` when set (a pipe into a pager, a CI log that says how wide it is), else 120.
 */
import type { Io } from './io.js';

export const DEFAULT_WIDTH = 120;

export function terminalWidth(stream: { isTTY?: boolean; columns?: number }, env: Record<string, string | undefined>): number {
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}

/** The width a command lays its text out to: what the Io says, else the default. */
export function widthOf(io: Io): number {
  return io.width ?? DEFAULT_WIDTH;
}
