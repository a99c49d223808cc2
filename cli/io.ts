/** Where a command writes: stdout for results, stderr for progress and errors. Swappable in tests. */
import { type Colours, colours, plain, wantsColour } from './colour.js';
import { terminalWidth } from './terminalWidth.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour for each stream (none unless given: tests and pipes read plain text). */
  paint?: { out: Colours; err: Colours };
  /** Terminal columns stdout's text is laid out to (default 120: tests and pipes read that). */
  width?: number;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  paint: { out: colours(wantsColour(process.stdout)), err: colours(wantsColour(process.stderr)) },
  get width() {
    return terminalWidth(process.stdout, process.env);
  },
};

export function paintOut(io: Io): Colours {
  return io.paint?.out ?? plain;
}

export function paintErr(io: Io): Colours {
  return io.paint?.err ?? plain;
}
