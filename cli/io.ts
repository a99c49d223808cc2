/** Where a command writes: stdout for results, stderr for progress and errors. Swappable in tests. */
import { type Colours, colours, plain, wantsColour } from './colour.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour for each stream (none unless given: tests and pipes read plain text). */
  paint?: { out: Colours; err: Colours };
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  paint: { out: colours(wantsColour(process.stdout)), err: colours(wantsColour(process.stderr)) },
};

export function paintOut(io: Io): Colours {
  return io.paint?.out ?? plain;
}

export function paintErr(io: Io): Colours {
  return io.paint?.err ?? plain;
}
