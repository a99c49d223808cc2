/**
 * Colour for the command line, through picocolors, decided per stream by the conventions users set:
 * `NO_COLOR` (any value) turns it off, `FORCE_COLOR` (not `0`) turns it on — a CI log that renders
 * ANSI, a pager — and otherwise a terminal gets colour and a pipe or file does not.
 */
import pc from 'picocolors';

export type Colours = ReturnType<typeof pc.createColors>;

export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function colours(enabled: boolean): Colours {
  return pc.createColors(enabled);
}

/** No colour: what tests and JSON output get. */
export const plain = colours(false);
