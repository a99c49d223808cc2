import { showTape, type TaskHistory } from './taskHistory.js';

/**
 * "Final is last" (case B, property 1): every task whose tape has a `final` event has exactly one,
 * and it is the last event — what a consumer waiting for `events[-1].kind == "final"` relies on.
 * Throws naming the first task that breaks it, with its tape.
 */
export function finalIsLast(histories: readonly TaskHistory[], options: { finalKind?: string } = {}): void {
  const kind = options.finalKind ?? 'final';
  for (const h of histories) {
    const finals = h.tape.filter((e) => e.kind === kind).length;
    if (finals === 0) continue;
    if (finals > 1) throw new Error(`task "${h.id}" has ${finals} "${kind}" events: ${showTape(h.tape)}`);
    const last = h.tape[h.tape.length - 1]!;
    if (last.kind !== kind) throw new Error(`task "${h.id}": "${kind}" is not the last event — the tape ends with "${last.kind}": ${showTape(h.tape)}`);
  }
}
